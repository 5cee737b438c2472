public import QuantCore

/// The parameters and latent series the generator drew for a ``SyntheticMarket``: what a
/// model should recover and what real data never reveals.
///
/// Per-stock arrays are in ``SyntheticMarket/stocks`` order. Signal panels have one row per
/// ``rebalanceDates`` entry (the first trading date of each month) and one column per stock;
/// a cell is the clipped z-score the generator used for that month (`NaN` when the stock was
/// not listed or the signal was unavailable, in which case it contributed no premium).
public struct GroundTruth: Sendable {
    /// The planted premia (annual, per cross-sectional standard deviation).
    public let premia: FactorPremia
    /// Each stock's loading on the market factor.
    public let marketBetas: [Double]
    /// Each stock's loading on its own sector's factor.
    public let sectorLoadings: [Double]
    /// Each stock's long-run idiosyncratic volatility, annualised.
    public let idiosyncraticVolatilities: [Double]
    /// The sectors, in the order of ``sectorFactorReturns``.
    public let sectors: [Sector]
    /// The market factor's daily return on each trading date.
    public let marketFactorReturns: [Double]
    /// Each sector factor's daily returns (one array per entry of ``sectors``).
    public let sectorFactorReturns: [[Double]]
    /// The dates on which the planted signals were computed (first trading date of each month).
    public let rebalanceDates: [TradingDate]
    /// Value signal z-scores (`log(B/M)` from published book equity), rebalance dates × stocks.
    public let valueSignal: Panel
    /// Momentum signal z-scores (12-1 month total return), rebalance dates × stocks.
    public let momentumSignal: Panel
    /// Quality signal z-scores (ROE from the latest published quarter), rebalance dates × stocks.
    public let qualitySignal: Panel

    /// The planted expected excess return of each stock for the month starting at
    /// `rebalanceDates[row]`, annualised: `Σ premium_k · z_k` (missing z-scores count as 0).
    public func plantedExpectedReturns(row: Int) -> [Double] {
        let stocks = valueSignal.assetCount
        var out = [Double](repeating: 0, count: stocks)
        for j in 0..<stocks {
            let v = valueSignal[row, j], m = momentumSignal[row, j], q = qualitySignal[row, j]
            out[j] = (v.isNaN ? 0 : premia.value * v) + (m.isNaN ? 0 : premia.momentum * m) + (q.isNaN ? 0 : premia.quality * q)
        }
        return out
    }
}
