import Foundation

/// The conventions every annualised or risk-adjusted statistic depends on, with defaults that
/// reproduce empyrical(-reloaded) 0.7.1.
///
/// | Parameter | Default | Meaning |
/// |---|---|---|
/// | ``periodsPerYear`` | 252 | `P`, the annualisation factor (12 for monthly returns) |
/// | ``ddof`` | 1 | delta degrees of freedom of standard deviations (`n - ddof` denominator) |
/// | ``annualRiskFreeRate`` | 0 | `rf`, converted to `(1 + rf)^(1/P) - 1` per period |
/// | ``moments`` | ``MomentEstimator/population`` | skewness and kurtosis estimator (scipy's default) |
///
/// ```swift
/// var conventions = PerformanceConventions()          // empyrical
/// conventions.annualRiskFreeRate = 0.035
/// let quantstats = PerformanceConventions.quantstats  // pandas' bias-adjusted skew/kurtosis
/// ```
public struct PerformanceConventions: Sendable, Hashable {
    /// The number of return periods per year, `P` (252 trading days, 52 weeks, 12 months).
    public var periodsPerYear: Double
    /// Delta degrees of freedom of standard deviations: the variance divides by `n - ddof`.
    /// 1 (sample) matches empyrical, quantstats and pandas; 0 is the population variance.
    public var ddof: Int
    /// The annual risk-free rate `rf` as a decimal (0.035 for 3.5%); statistics subtract the
    /// per-period rate ``periodRiskFreeRate``.
    public var annualRiskFreeRate: Double
    /// How skewness and excess kurtosis are estimated.
    public var moments: MomentEstimator

    /// Creates conventions; every parameter defaults to empyrical's choice.
    public init(periodsPerYear: Double = 252, ddof: Int = 1, annualRiskFreeRate: Double = 0, moments: MomentEstimator = .population) {
        self.periodsPerYear = periodsPerYear
        self.ddof = ddof
        self.annualRiskFreeRate = annualRiskFreeRate
        self.moments = moments
    }

    /// empyrical(-reloaded)'s conventions: 252 periods, ddof 1, scipy's biased moments.
    public static var empyrical: PerformanceConventions { PerformanceConventions() }

    /// quantstats' conventions: as ``empyrical`` but with pandas' bias-adjusted skewness and
    /// excess kurtosis (`Series.skew()`, `Series.kurtosis()`).
    public static var quantstats: PerformanceConventions { PerformanceConventions(moments: .adjusted) }

    /// The per-period risk-free rate `(1 + rf)^(1/P) - 1` (empyrical and quantstats both convert so).
    public var periodRiskFreeRate: Double {
        annualRiskFreeRate == 0 ? 0 : pow(1 + annualRiskFreeRate, 1 / periodsPerYear) - 1
    }

    /// Checks that the conventions are usable.
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` when `periodsPerYear` is not positive
    ///   and finite, `ddof` is negative, or `annualRiskFreeRate` is not finite or is `<= -1`.
    public func validate() throws {
        guard periodsPerYear.isFinite, periodsPerYear > 0 else {
            throw RiskMetricsError(.invalidParameter, detail: "periods per year must be positive and finite, got \(periodsPerYear)")
        }
        guard ddof >= 0 else { throw RiskMetricsError(.invalidParameter, detail: "ddof must be >= 0, got \(ddof)") }
        guard annualRiskFreeRate.isFinite, annualRiskFreeRate > -1 else {
            throw RiskMetricsError(.invalidParameter, detail: "annual risk-free rate must be finite and > -1, got \(annualRiskFreeRate)")
        }
    }
}

/// The estimator of skewness and excess kurtosis.
public enum MomentEstimator: String, Sendable, Hashable, CaseIterable {
    /// Biased moment ratios `g1 = m3 / m2^1.5`, `g2 = m4 / m2² - 3` (central moments divided by
    /// `n`): `scipy.stats.skew`/`kurtosis` defaults, as empyrical uses them.
    case population
    /// Bias-adjusted `G1 = g1 · sqrt(n(n-1)) / (n-2)`,
    /// `G2 = ((n+1) g2 + 6) · (n-1) / ((n-2)(n-3))`: pandas `Series.skew()`/`kurtosis()`, as
    /// quantstats uses them (needs n ≥ 3 for skewness, n ≥ 4 for kurtosis).
    case adjusted
}
