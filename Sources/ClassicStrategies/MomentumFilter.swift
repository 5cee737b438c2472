public import QuantCore
public import StrategyKit

/// Cross-sectional momentum with an absolute filter: the stocks with the strongest trailing
/// "12-1" return, kept only while that return beats a threshold.
///
/// For each symbol of the context's universe, momentum is `P_{t-skip} / P_{t-skip-window} - 1`
/// on the last visible prices (by default 12 months skipping the most recent one: window 231,
/// skip 21 trading days, the usual guard against one-month reversal). Stocks priced below
/// ``minimumPrice`` or without a price at either end are skipped. The rest are ranked, the best
/// ``topN`` taken, and of those only the ones whose momentum exceeds ``absoluteThreshold`` are
/// kept (absolute momentum: a falling market leaves slots empty). Each empty slot is cash: the
/// selection's `investedFraction` is `kept / topN`, so a weighting scheme scales its weights by
/// it and an all-negative market holds cash.
///
/// ```swift
/// let momentum = MomentumFilter(topN: 20)
/// let strategy = ComposedStrategy(selector: momentum, weighting: RiskParityWeighting())   // RiskParity module
/// ```
public struct MomentumFilter: UniverseSelector {
    /// How many stocks to hold at most.
    public var topN: Int
    /// The momentum window in trading days (231 + 21 ≈ 12 months).
    public var window: Int
    /// The most recent trading days left out of the window.
    public var skip: Int
    /// The momentum a pick must exceed to be held (0: a positive return).
    public var absoluteThreshold: Double
    /// The lowest last price for a stock to be eligible, in won.
    public var minimumPrice: Double

    /// Creates the selector.
    public init(topN: Int = 20, window: Int = 231, skip: Int = 21, absoluteThreshold: Double = 0, minimumPrice: Double = 1_000) {
        self.topN = topN
        self.window = window
        self.skip = skip
        self.absoluteThreshold = absoluteThreshold
        self.minimumPrice = minimumPrice
    }

    /// `"momentum top N"`.
    public var name: String { "momentum top \(topN)" }

    /// The picks for `context.asOf`.
    ///
    /// - Throws: `StrategyError` `.invalidConfiguration` for a top N or window below 1, a
    ///   negative skip or a non-finite threshold, `.missingData` when fewer than
    ///   `window + skip + 1` dates are visible.
    public func select(_ context: StrategyContext) throws -> Selection {
        guard topN >= 1, window >= 1, skip >= 0, absoluteThreshold.isFinite, minimumPrice.isFinite else {
            throw StrategyError(.invalidConfiguration, date: context.asOf,
                                detail: "top N \(topN) and window \(window) must be at least 1, skip \(skip) at least 0, the threshold finite")
        }
        let span = window + skip + 1
        let prices = context.view.prices(lookback: span)
        guard prices.dateCount == span else {
            throw StrategyError(.missingData, date: context.asOf, detail: "momentum needs \(span) dates of prices, \(prices.dateCount) visible")
        }
        var ranked: [(symbol: Symbol, momentum: Double)] = []
        var skipped = 0
        for symbol in context.universe {
            guard let j = prices.index(of: symbol) else { skipped += 1; continue }
            let start = prices[0, j], end = prices[window, j], last = prices[span - 1, j]
            guard start.isFinite, end.isFinite, last.isFinite, start > 0, last >= minimumPrice else { skipped += 1; continue }
            ranked.append((symbol, end / start - 1))
        }
        // Best first; ties by symbol so that the order never depends on the universe's order.
        ranked.sort { $0.momentum != $1.momentum ? $0.momentum > $1.momentum : $0.symbol < $1.symbol }
        let top = ranked.prefix(topN)
        let kept = top.filter { $0.momentum > absoluteThreshold }
        var diagnostics = StrategyDiagnostics()
        diagnostics["eligible"] = .number(Double(ranked.count))
        diagnostics["skipped"] = .number(Double(skipped))
        diagnostics["belowThreshold"] = .number(Double(top.count - kept.count))
        if let worst = kept.last { diagnostics["weakestMomentum"] = .number(worst.momentum) }
        return Selection(symbols: kept.map(\.symbol), scores: kept.map(\.momentum),
                         investedFraction: Double(kept.count) / Double(topN), diagnostics: diagnostics)
    }
}
