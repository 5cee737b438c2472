public import QuantCore

/// The last line before orders leave: every order is checked against the market and the
/// account, and either passes or is rejected with the rule it broke.
///
/// Rules, in order: the symbol must have a quote and not be halted; the limit price must be
/// on the tick grid and inside the daily band; the order's value must not exceed
/// ``maximumOrderValue``; the plan's one-way turnover (`Σ value / (2 · equity)`) must not
/// exceed ``maximumTurnover`` — otherwise every order is rejected, as a runaway plan should
/// be; a sell may not exceed the shares held; buys, in order, must fit the cash available
/// after the accepted sells (at their limits, after commission and tax).
///
/// ```swift
/// let check = PreTradeCheck(maximumOrderValue: 50_000_000, maximumTurnover: 0.5)
/// let verdict = check.review(plan.orders, holdings: holdings, cash: cash, equity: plan.equity, quotes: quotes)
/// verdict.accepted; verdict.rejected   // [(order, reason)]
/// ```
public struct PreTradeCheck: Sendable, Hashable {
    /// The largest value of one order, in won.
    public var maximumOrderValue: Double
    /// The largest one-way turnover of a plan, as a fraction of equity.
    public var maximumTurnover: Double
    /// Costs used to count the cash.
    public var costs: TradingCosts

    /// Creates the check.
    public init(maximumOrderValue: Double = .infinity, maximumTurnover: Double = 1, costs: TradingCosts = .krx) {
        self.maximumOrderValue = maximumOrderValue
        self.maximumTurnover = maximumTurnover
        self.costs = costs
    }

    /// What the check let through and what it stopped.
    public struct Verdict: Sendable, Hashable {
        /// Orders that passed every rule, in the order given.
        public var accepted: [Order]
        /// Orders stopped, each with the rule it broke.
        public var rejected: [Rejection]
    }

    /// An order that did not pass, and why.
    public struct Rejection: Sendable, Hashable {
        /// The order.
        public var order: Order
        /// The rule it broke, in words.
        public var reason: String

        /// Creates a rejection.
        public init(order: Order, reason: String) {
            self.order = order
            self.reason = reason
        }
    }

    /// Reviews `orders` against the account and the day's quotes.
    public func review(_ orders: [Order], holdings: [Symbol: Int], cash: Double, equity: Double, quotes: [Symbol: Quote]) -> Verdict {
        var accepted: [Order] = [], rejected: [Rejection] = []
        let traded = orders.reduce(0) { $0 + $1.value }
        let turnover = equity > 0 ? traded / (2 * equity) : .infinity
        if turnover > maximumTurnover {
            let reason = "plan turnover \(rounded(turnover)) exceeds the limit \(maximumTurnover)"
            return Verdict(accepted: [], rejected: orders.map { Rejection(order: $0, reason: reason) })
        }
        var available = cash
        // Sells first, so their proceeds fund the buys.
        for order in orders.filter({ $0.side == .sell }) + orders.filter({ $0.side == .buy }) {
            if let reason = marketRule(order, quotes: quotes) ?? sizeRule(order, holdings: holdings) {
                rejected.append(Rejection(order: order, reason: reason))
                continue
            }
            switch order.side {
            case .sell:
                let proceeds = costs.sellProceeds(shares: order.quantity, price: Double(order.limitPrice))
                available += proceeds.value - proceeds.commission - proceeds.tax
            case .buy:
                let cost = costs.buyCost(shares: order.quantity, price: Double(order.limitPrice))
                guard cost.value + cost.commission <= available else {
                    rejected.append(Rejection(order: order, reason: "needs \(Int(cost.value + cost.commission)) won, \(Int(available)) available"))
                    continue
                }
                available -= cost.value + cost.commission
            }
            accepted.append(order)
        }
        // Report in the order given.
        let position = Dictionary(orders.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return Verdict(accepted: accepted.sorted { position[$0, default: 0] < position[$1, default: 0] },
                       rejected: rejected.sorted { position[$0.order, default: 0] < position[$1.order, default: 0] })
    }

    private func marketRule(_ order: Order, quotes: [Symbol: Quote]) -> String? {
        guard let quote = quotes[order.symbol] else { return "no quote" }
        if quote.halted { return "trading is halted" }
        guard order.quantity > 0 else { return "quantity \(order.quantity) is not positive" }
        guard KRXTickSize.isOnGrid(order.limitPrice, kind: quote.kind) else {
            return "limit \(order.limitPrice) is off the tick grid (tick \(KRXTickSize.tick(for: Double(order.limitPrice), kind: quote.kind)))"
        }
        let band = quote.band
        guard band.contains(order.limitPrice) else { return "limit \(order.limitPrice) is outside the daily band \(band.lower)-\(band.upper)" }
        return nil
    }

    private func sizeRule(_ order: Order, holdings: [Symbol: Int]) -> String? {
        if order.value > maximumOrderValue { return "value \(Int(order.value)) exceeds the maximum order value \(Int(maximumOrderValue))" }
        if order.side == .sell, order.quantity > holdings[order.symbol, default: 0] {
            return "sells \(order.quantity) shares, \(holdings[order.symbol, default: 0]) held"
        }
        return nil
    }

    private func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
