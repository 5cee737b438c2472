public import QuantCore

/// What a strategy can see on its decision date: the dataset truncated at the as-of date.
///
/// Every accessor returns data dated on or before ``asOf``; there is no API that reaches past
/// it, so a strategy written against this type cannot look ahead. (The backtester's no
/// look-ahead test relies on this: changing data after `d` cannot change a decision at `d`.)
///
/// ```swift
/// let window = try view.prices(lookback: 252)        // last 252 dates up to asOf
/// let last = view.latestPrice(of: "005930")
/// ```
public struct PointInTimeView: Sendable {
    /// The decision date: the last date whose data is visible.
    public let asOf: TradingDate
    private let dataset: MarketDataset
    /// Number of visible price dates (index of the first date after `asOf`).
    private let visibleCount: Int

    init(dataset: MarketDataset, asOf: TradingDate) throws {
        let end = dataset.prices.insertionIndex(of: asOf.adding(days: 1))
        guard end > 0 else {
            throw StrategyError(.invalidData, date: asOf, detail: "no price data on or before the as-of date (first date \(dataset.prices.dates.first.map { "\($0)" } ?? "none"))")
        }
        self.asOf = asOf
        self.dataset = dataset
        self.visibleCount = end
    }

    /// The visible trading dates (those of the price panel up to ``asOf``).
    public var dates: ArraySlice<TradingDate> { dataset.prices.dates[..<visibleCount] }

    /// The assets the dataset knows (listed or not on ``asOf``).
    public var assets: [Symbol] { dataset.prices.assets }

    /// Prices up to ``asOf``; the last `lookback` dates when given.
    public func prices(lookback: Int? = nil) -> Panel { truncate(dataset.prices, lookback: lookback) }

    /// Volumes up to ``asOf`` (the last `lookback` dates when given), or `nil` when the dataset has none.
    public func volumes(lookback: Int? = nil) -> Panel? { dataset.volumes.map { truncate($0, lookback: lookback) } }

    /// The named panel up to ``asOf`` (the last `lookback` dates when given).
    ///
    /// - Throws: ``StrategyError`` (`.missingData`) naming the panel when the dataset has none by that name.
    public func panel(named name: String, lookback: Int? = nil) throws -> Panel {
        guard let panel = dataset.panels[name] else {
            throw StrategyError(.missingData, detail: "no panel named '\(name)' in the dataset (have: \(dataset.panels.keys.sorted().joined(separator: ", ")))")
        }
        return truncate(panel, lookback: lookback)
    }

    /// Simple returns over the last `lookback` return periods up to ``asOf``.
    ///
    /// - Throws: ``DataError`` from the conversion (non-positive prices).
    public func returns(lookback: Int) throws -> Panel {
        try truncate(dataset.prices, lookback: lookback + 1).simpleReturns()
    }

    /// The last non-missing price of `symbol` on or before ``asOf``, or `nil`.
    public func latestPrice(of symbol: Symbol) -> Double? {
        guard let j = dataset.prices.index(of: symbol) else { return nil }
        for t in stride(from: visibleCount - 1, through: 0, by: -1) {
            let p = dataset.prices[t, j]
            if !p.isNaN { return p }
        }
        return nil
    }

    /// Whether `symbol` has a price on ``asOf`` itself (i.e. it trades that day).
    public func isTrading(_ symbol: Symbol) -> Bool {
        guard let j = dataset.prices.index(of: symbol), dataset.prices.dates[visibleCount - 1] == asOf else { return false }
        return !dataset.prices[visibleCount - 1, j].isNaN
    }

    private func truncate(_ panel: Panel, lookback: Int?) -> Panel {
        let end = panel.insertionIndex(of: asOf.adding(days: 1))
        let start = lookback.map { Swift.max(0, end - Swift.max(0, $0)) } ?? 0
        return panel.rows(start..<end)
    }
}
