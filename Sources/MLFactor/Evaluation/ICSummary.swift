/// Statistics of an information-coefficient series over dates (alphalens' IC summary table).
///
/// For the `n` finite per-date values `ic₁ … icₙ`:
/// - `mean = Σ icₜ / n`;
/// - `std` is the sample standard deviation with `ddof` 1;
/// - `icir = mean / std` (not annualised);
/// - `tStat = mean / (std / √n)`;
/// - `hitRate` is the fraction of dates with `icₜ > 0`.
///
/// Undefined statistics are `NaN` (`std`, `icir` and `tStat` with one date; `icir` and `tStat`
/// when every date has the same IC).
///
/// ```swift
/// let summary = ICSummary([0.05, -0.01, 0.08, 0.02])
/// summary.icir    // 1.19...
/// ```
public struct ICSummary: Sendable, Hashable, Codable {
    /// The mean IC.
    public var mean: Double
    /// The sample standard deviation (`ddof` 1).
    public var std: Double
    /// `mean / std`.
    public var icir: Double
    /// `mean / (std / √dates)`.
    public var tStat: Double
    /// The fraction of dates with a positive IC.
    public var hitRate: Double
    /// The number of dates summarised.
    public var dates: Int

    /// Summarises the finite values of `series` (NaN entries, dates where the IC is undefined,
    /// are left out).
    ///
    /// - Complexity: O(n).
    public init(_ series: [Double]) {
        let m = CrossSectionStatistics.moments(series)
        mean = m.mean
        std = m.std
        dates = m.count
        icir = m.count > 1 && m.std > 0 ? m.mean / m.std : .nan
        tStat = m.count > 1 && m.std > 0 ? m.mean / (m.std / Double(m.count).squareRoot()) : .nan
        var positive = 0
        for v in series where v.isFinite && v > 0 { positive += 1 }
        hitRate = m.count > 0 ? Double(positive) / Double(m.count) : .nan
    }
}
