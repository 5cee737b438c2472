public import QuantCore

/// The result of ``FactorEvaluator/evaluate(factor:forwardReturns:)``: per-date series over the
/// evaluated dates and their summaries.
///
/// Every per-date array is aligned with ``dates``. Undefined values are `NaN` (the first
/// turnover, a deviation over one date), so encode it with a `JSONEncoder` whose
/// `nonConformingFloatEncodingStrategy` names them.
public struct FactorEvaluationReport: Sendable, Hashable, Codable {
    /// The number of quantile bins.
    public var quantiles: Int
    /// The evaluated dates, ascending.
    public var dates: [TradingDate] = []
    /// The number of assets used on each date.
    public var assetCounts: [Int] = []
    /// Pearson correlation of factor and forward return on each date.
    public var ic: [Double] = []
    /// Spearman correlation (average ranks for ties) on each date.
    public var rankIC: [Double] = []
    /// Mean forward return of each quantile on each date (`quantileReturns[t][q - 1]`).
    public var quantileReturns: [[Double]] = []
    /// Top minus bottom quantile mean return on each date.
    public var longShort: [Double] = []
    /// The equal-weighted mean forward return of all evaluated assets on each date.
    public var universeMeanReturns: [Double] = []
    /// Fraction of the top quantile's assets that were not in it on the previous evaluated
    /// date (`NaN` on the first).
    public var topQuantileTurnover: [Double] = []
    /// Dates left out, with the reason.
    public var skipped: [SkippedDate] = []

    /// Summary of ``ic``.
    public var icSummary = ICSummary([])
    /// Summary of ``rankIC``.
    public var rankICSummary = ICSummary([])
    /// Mean over dates of each quantile's mean return (quantile 1 first).
    public var quantileMeanReturns: [Double] = []
    /// Mean over dates of ``longShort`` (equal to the top minus the bottom of ``quantileMeanReturns``).
    public var longShortMean = Double.nan
    /// Compounded long-short curve: `cumulative[t] = Π_{s ≤ t} (1 + longShort[s]) - 1`.
    public var cumulativeLongShort: [Double] = []

    init(quantiles: Int) { self.quantiles = quantiles }

    /// Quantile mean returns in excess of the date's universe mean
    /// (`quantileReturns[t][q] - universeMeanReturns[t]`), as alphalens'
    /// `mean_return_by_quantile(demeaned=True)`.
    public var demeanedQuantileReturns: [[Double]] {
        zip(quantileReturns, universeMeanReturns).map { row, mean in row.map { $0 - mean } }
    }

    /// Fills the summaries from the per-date series.
    mutating func summarise() {
        icSummary = ICSummary(ic)
        rankICSummary = ICSummary(rankIC)
        quantileMeanReturns = (0..<quantiles).map { q in CrossSectionStatistics.moments(quantileReturns.map { $0[q] }).mean }
        longShortMean = CrossSectionStatistics.moments(longShort).mean
        var growth = 1.0
        cumulativeLongShort = longShort.map { r in
            growth *= 1 + r
            return growth - 1
        }
    }
}
