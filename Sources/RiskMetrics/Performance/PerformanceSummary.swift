import Foundation

/// The full set of return-series statistics, computed together in a few streaming passes.
///
/// With `n` returns, wealth `W_n` compounded from 1, `P` periods per year, the per-period
/// risk-free rate `rf_p = (1 + rf)^(1/P) - 1`, mean `μ` and standard deviation `σ`
/// (divisor `n - ddof`); the references are empyrical(-reloaded) 0.7.1 unless stated:
///
/// | Property | Formula | Reference |
/// |---|---|---|
/// | ``totalReturn`` | `W_n - 1` | `cum_returns_final` |
/// | ``cagr`` | `W_n^(P/n) - 1` | `annual_return`/`cagr` |
/// | ``volatility`` | `σ·sqrt(P)` | `annual_volatility` |
/// | ``sharpe`` | `(μ - rf_p)/σ·sqrt(P)` | `sharpe_ratio(risk_free: rf_p)` |
/// | ``sortino`` | `(μ - rf_p)·P / (sqrt(Σ min(r - rf_p, 0)²/n)·sqrt(P))` | `sortino_ratio(required_return: rf_p)` |
/// | ``calmar`` | `cagr / abs(maxDrawdown)` | `calmar_ratio` |
/// | ``omega`` | `Σ max(r - rf_p, 0) / Σ max(rf_p - r, 0)` | `omega_ratio(required_return: rf, annualization: P)` |
/// | ``skewness`` | `m3/m2^1.5` (or pandas' adjusted) | `scipy.stats.skew` (quantstats: pandas) |
/// | ``kurtosis`` | `m4/m2² - 3` (or pandas' adjusted) | `scipy.stats.kurtosis` (quantstats: pandas) |
/// | ``hitRate`` | `#(r > 0) / #(r ≠ 0)` | quantstats `win_rate` |
/// | ``best``, ``worst`` | `max r`, `min r` | quantstats `best`/`worst` |
/// | ``tailRatio`` | `abs(q95) / abs(q05)`, linear quantiles | `tail_ratio` |
///
/// plus ``drawdown`` (``DrawdownSummary``) and ``tailRisk`` (``TailRisk``).
///
/// ```swift
/// let summary = try PerformanceSummary(series, conventions: .init(annualRiskFreeRate: 0.035))
/// if let sharpe = summary.sharpe { print(sharpe) } else { print("volatility is zero") }
/// ```
public struct PerformanceSummary: Sendable, Hashable {
    /// The conventions the figures use.
    public let conventions: PerformanceConventions
    /// The number of returns `n` used (missing values excluded).
    public let observations: Int
    /// The number of missing values dropped from the input (``ReturnSeries/missingCount``).
    public let missing: Int
    /// Cumulative return `W_n - 1`.
    public let totalReturn: Double
    /// Compound annual growth rate `W_n^(P/n) - 1`.
    public let cagr: Double
    /// Annualised volatility `σ·sqrt(P)`.
    public let volatility: Double
    /// Annualised Sharpe ratio; `nil` when the returns are constant (zero volatility).
    public let sharpe: Double?
    /// Annualised Sortino ratio; `nil` when no return is below `rf_p` (zero downside deviation).
    public let sortino: Double?
    /// Calmar ratio `cagr / abs(maxDrawdown)`; `nil` without a drawdown.
    public let calmar: Double?
    /// Omega ratio at the threshold `rf_p`; `nil` when no return is below it.
    public let omega: Double?
    /// Skewness; `nil` for constant returns (or `n < 3` with adjusted moments).
    public let skewness: Double?
    /// Excess kurtosis; `nil` for constant returns (or `n < 4` with adjusted moments).
    public let kurtosis: Double?
    /// Share of positive returns among non-zero ones; `nil` when every return is zero.
    public let hitRate: Double?
    /// The best single-period return.
    public let best: Double
    /// The worst single-period return.
    public let worst: Double
    /// `abs(95th percentile) / abs(5th percentile)`; `nil` when the 5th percentile is zero.
    public let tailRatio: Double?
    /// Drawdown profile (Ulcer index with the conventions' ddof).
    public let drawdown: DrawdownSummary
    /// VaR and CVaR at the requested confidence, one period.
    public let tailRisk: TailRisk

    /// Computes every statistic of `series`.
    ///
    /// - Parameters:
    ///   - series: The returns.
    ///   - conventions: Annualisation, ddof, risk-free rate and moment estimator (empyrical's by default).
    ///   - confidence: The VaR/CVaR confidence level, default 0.95.
    /// - Throws: ``RiskMetricsError``: `.tooFewObservations` for fewer than 2 returns (or
    ///   `n <= ddof`), `.invalidParameter` for invalid conventions or confidence.
    /// - Complexity: O(n): two streaming passes plus quickselect on a copy for the quantiles.
    public init(_ series: ReturnSeries, conventions: PerformanceConventions = .empyrical, confidence: Double = 0.95) throws {
        try conventions.validate()
        try TailRisk.validate(confidence: confidence, horizon: 1)
        try series.require(max(2, conventions.ddof + 1), for: "the performance summary")
        let tag = series.kindTag
        let rf = conventions.periodRiskFreeRate
        var kernel = DrawdownKernel()
        let m = series.values.withUnsafeBufferPointer { SeriesMoments($0, kind: tag, threshold: rf, drawdown: &kernel, tracksDrawdown: true) }
        self.conventions = conventions
        observations = series.count
        missing = series.missingCount
        totalReturn = m.totalReturn
        cagr = m.cagr(periodsPerYear: conventions.periodsPerYear)
        volatility = (m.standardDeviation(ddof: conventions.ddof) ?? 0) * conventions.periodsPerYear.squareRoot()
        sharpe = m.sharpe(conventions)
        sortino = m.sortino(conventions)
        omega = m.omega()
        skewness = m.skewness(conventions.moments)
        kurtosis = m.excessKurtosis(conventions.moments)
        hitRate = m.hitRate()
        best = m.maximum
        worst = m.minimum
        drawdown = DrawdownSummary(kernel: kernel, series: series, ddof: conventions.ddof)
        calmar = drawdown.maxDrawdown < 0 ? cagr / -drawdown.maxDrawdown : nil
        var order = OrderStatistics(series.values)
        let alpha = 1 - confidence
        // Ascending order of requests: the lower of the two tails first.
        let ratioLow: Double, risk: TailRisk
        if alpha <= 0.05 {
            risk = TailRisk(order: &order, moments: m, confidence: confidence, horizon: 1, conventions: conventions)
            ratioLow = abs(order.quantile(0.05))
        } else {
            ratioLow = abs(order.quantile(0.05))
            risk = TailRisk(order: &order, moments: m, confidence: confidence, horizon: 1, conventions: conventions)
        }
        // A confidence below 5% has already selected past the 95th percentile: use a fresh copy.
        let ratioHigh = abs(alpha > 0.95 ? Self.upperQuantile(series.values) : order.quantile(0.95))
        tailRatio = ratioLow == 0 ? nil : ratioHigh / ratioLow
        tailRisk = risk
    }
}

extension PerformanceSummary {
    /// The 0.95 quantile when the selection state cannot serve it (confidence below 5%: rare).
    static func upperQuantile(_ values: [Double]) -> Double {
        var order = OrderStatistics(values)
        return order.quantile(0.95)
    }
}

extension ReturnSeries {
    /// Every statistic of ``PerformanceSummary`` for this series.
    ///
    /// - Throws: ``RiskMetricsError`` as ``PerformanceSummary/init(_:conventions:confidence:)``.
    public func performanceSummary(conventions: PerformanceConventions = .empyrical, confidence: Double = 0.95) throws -> PerformanceSummary {
        try PerformanceSummary(self, conventions: conventions, confidence: confidence)
    }

    /// Cumulative return `W_n - 1` (empyrical `cum_returns_final`).
    ///
    /// - Complexity: O(n).
    public func totalReturn() -> Double { moments(threshold: 0).totalReturn }

    /// Compound annual growth rate `W_n^(P/n) - 1` (empyrical `cagr`).
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` for invalid conventions.
    public func cagr(conventions: PerformanceConventions = .empyrical) throws -> Double {
        try conventions.validate()
        return moments(threshold: 0).cagr(periodsPerYear: conventions.periodsPerYear)
    }

    /// Annualised volatility `σ·sqrt(P)` with divisor `n - ddof` (empyrical `annual_volatility`).
    ///
    /// - Throws: ``RiskMetricsError`` `.tooFewObservations` when `n <= ddof`.
    public func annualizedVolatility(conventions: PerformanceConventions = .empyrical) throws -> Double {
        try conventions.validate()
        try require(conventions.ddof + 1, for: "volatility")
        return (moments(threshold: 0).standardDeviation(ddof: conventions.ddof) ?? 0) * conventions.periodsPerYear.squareRoot()
    }

    /// Annualised Sharpe ratio `(μ - rf_p)/σ·sqrt(P)` (empyrical `sharpe_ratio`).
    ///
    /// - Returns: `nil` when the returns are constant: the ratio is undefined.
    /// - Throws: ``RiskMetricsError`` `.tooFewObservations` when `n < 2`.
    public func sharpeRatio(conventions: PerformanceConventions = .empyrical) throws -> Double? {
        try conventions.validate()
        try require(max(2, conventions.ddof + 1), for: "the Sharpe ratio")
        return moments(threshold: conventions.periodRiskFreeRate).sharpe(conventions)
    }

    /// Annualised Sortino ratio (empyrical `sortino_ratio` with `required_return = rf_p`).
    ///
    /// - Returns: `nil` when no return is below `rf_p`.
    /// - Throws: ``RiskMetricsError`` `.tooFewObservations` when `n < 2`.
    public func sortinoRatio(conventions: PerformanceConventions = .empyrical) throws -> Double? {
        try conventions.validate()
        try require(2, for: "the Sortino ratio")
        return moments(threshold: conventions.periodRiskFreeRate).sortino(conventions)
    }

    /// Skewness under `conventions.moments` (scipy `skew` by default).
    ///
    /// - Returns: `nil` for constant returns.
    public func skewness(conventions: PerformanceConventions = .empyrical) -> Double? {
        moments(threshold: 0).skewness(conventions.moments)
    }

    /// Excess kurtosis under `conventions.moments` (scipy `kurtosis` by default).
    ///
    /// - Returns: `nil` for constant returns.
    public func excessKurtosis(conventions: PerformanceConventions = .empyrical) -> Double? {
        moments(threshold: 0).excessKurtosis(conventions.moments)
    }

    func moments(threshold: Double) -> SeriesMoments {
        let tag = kindTag
        return values.withUnsafeBufferPointer { SeriesMoments($0, kind: tag, threshold: threshold) }
    }
}
