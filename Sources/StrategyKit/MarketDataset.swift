public import QuantCore

/// The market data a strategy may draw on, for the whole available history.
///
/// A dataset is never handed to a strategy directly: strategies receive a
/// ``PointInTimeView`` of it, which cannot reveal anything dated after its as-of date.
///
/// ```swift
/// let data = try MarketDataset(prices: prices, volumes: volumes, panels: ["marketCap": caps])
/// let view = try data.view(asOf: today)
/// ```
public struct MarketDataset: Sendable {
    /// Daily (adjusted) close prices, dates × assets, in won.
    public let prices: Panel
    /// Daily traded volumes (shares), if available; same dates as ``prices`` when present.
    public let volumes: Panel?
    /// Further named panels (e.g. `"marketCap"`, a factor score), each with ascending dates.
    public let panels: [String: Panel]

    /// Creates a dataset.
    ///
    /// - Throws: ``StrategyError`` (`.invalidData`) when the price panel is empty or the volume
    ///   panel's dates differ from the prices'.
    public init(prices: Panel, volumes: Panel? = nil, panels: [String: Panel] = [:]) throws {
        guard !prices.isEmpty else { throw StrategyError(.invalidData, detail: "the price panel is empty") }
        if let volumes, volumes.dates != prices.dates {
            throw StrategyError(.invalidData, detail: "volume dates differ from price dates")
        }
        self.prices = prices
        self.volumes = volumes
        self.panels = panels
    }

    /// The point-in-time view as of `date` (the last date whose data the view shows).
    ///
    /// - Throws: ``StrategyError`` (`.invalidData`) when `date` precedes the first price date.
    public func view(asOf date: TradingDate) throws -> PointInTimeView {
        try PointInTimeView(dataset: self, asOf: date)
    }
}
