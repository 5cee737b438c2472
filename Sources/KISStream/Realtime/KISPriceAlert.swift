public import QuantCore

/// A price threshold on one stock (see ``KISPriceAlertMonitor``).
public struct KISPriceAlertRule: Sendable, Hashable {
    /// The kind of threshold.
    public enum Kind: Sendable, Hashable {
        /// Fires when the price falls to `price` won or below.
        case stopLoss(price: Int)
        /// Fires when the price rises to `price` won or above.
        case takeProfit(price: Int)
        /// Fires when the price has moved `percent` or more (either way) from `reference` won,
        /// for example 29 % from the previous close to warn before the ±30 % daily limit.
        case limitMove(percent: Double, reference: Int)
    }

    /// The stock.
    public var symbol: Symbol
    /// The threshold.
    public var kind: Kind

    /// Creates a rule.
    public init(symbol: Symbol, kind: Kind) {
        self.symbol = symbol
        self.kind = kind
    }

    /// Whether `price` is past the threshold.
    public func isTriggered(by price: Int) -> Bool {
        switch kind {
        case .stopLoss(let level): return price <= level
        case .takeProfit(let level): return price >= level
        case .limitMove(let percent, let reference):
            guard reference > 0 else { return false }
            return Double(abs(price - reference)) / Double(reference) * 100 >= percent
        }
    }
}

/// A rule that fired, with the quote that crossed it.
public struct KISPriceAlert: Sendable, Hashable {
    /// The rule.
    public var rule: KISPriceAlertRule
    /// The quote past the threshold.
    public var quote: KISQuote

    /// Creates an alert.
    public init(rule: KISPriceAlertRule, quote: KISQuote) {
        self.rule = rule
        self.quote = quote
    }
}

/// Evaluates price-alert rules against quotes (pure value).
///
/// A rule fires once when a quote crosses its threshold and re-arms when a later quote is back
/// on the safe side, so a price hovering past a stop-loss raises one alert, not one per tick.
///
/// ```swift
/// var monitor = KISPriceAlertMonitor(rules: [KISPriceAlertRule(symbol: "005930", kind: .stopLoss(price: 65_000))])
/// for await event in manager.subscribe() {
///     if case .quote(let quote) = event { for alert in monitor.evaluate(quote) { notify(alert) } }
/// }
/// ```
public struct KISPriceAlertMonitor: Sendable {
    /// The rules.
    public private(set) var rules: [KISPriceAlertRule]
    private var fired: Set<KISPriceAlertRule> = []

    /// Creates a monitor; every rule starts armed.
    public init(rules: [KISPriceAlertRule]) { self.rules = rules }

    /// The rules that fire on this quote.
    public mutating func evaluate(_ quote: KISQuote) -> [KISPriceAlert] {
        var alerts: [KISPriceAlert] = []
        for rule in rules where rule.symbol == quote.symbol {
            if rule.isTriggered(by: quote.price) {
                if fired.insert(rule).inserted { alerts.append(KISPriceAlert(rule: rule, quote: quote)) }
            } else {
                fired.remove(rule)
            }
        }
        return alerts
    }
}

extension KISRealtimeManager {
    /// A ready-made subscriber: the alerts of `rules`, evaluated on every quote this manager
    /// publishes (stream or poll).
    ///
    /// Alerts are never dropped (each needs a new crossing, so they are few). The stream ends
    /// with the manager or when its consumer is cancelled.
    public nonisolated func priceAlerts(_ rules: [KISPriceAlertRule]) -> AsyncStream<KISPriceAlert> {
        let quotes = subscribe(KISRealtimeSubscriberOptions(includesTrades: false, includesOrderBooks: false, barCapacity: 1))
        return AsyncStream { continuation in
            let task = Task {
                var monitor = KISPriceAlertMonitor(rules: rules)
                for await event in quotes {
                    guard case .quote(let quote) = event else { continue }
                    for alert in monitor.evaluate(quote) { continuation.yield(alert) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
