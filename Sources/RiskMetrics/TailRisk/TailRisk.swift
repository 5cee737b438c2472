import Foundation

/// Value at Risk and Conditional Value at Risk (expected shortfall) of a return series at one
/// confidence level, by three methods, as returns (negative numbers are losses).
///
/// With `α = 1 - confidence`, `z = Φ⁻¹(α)` (negative), `μ` the mean, `σ` the standard deviation
/// (``PerformanceConventions/ddof``, default 1), `S` the skewness and `K` the excess kurtosis
/// (``PerformanceConventions/moments``, default scipy's biased estimators):
///
/// | Figure | Formula | Reference |
/// |---|---|---|
/// | ``historicalVaR`` | linearly interpolated `α`-quantile of the returns | empyrical `value_at_risk` (`numpy.percentile`) |
/// | ``historicalCVaR`` | mean of the `⌊(n-1)α⌋ + 1` smallest returns (those at or below the VaR) | empyrical `conditional_value_at_risk` |
/// | ``gaussianVaR`` | `μ + zσ` | quantstats `value_at_risk` (`norm.ppf(α, μ, σ)`) |
/// | ``gaussianCVaR`` | `μ - σ φ(z) / α` | `scipy.stats.norm.expect` of the tail |
/// | ``cornishFisherVaR`` | `μ + z_cf σ`, `z_cf = z + (z²-1)S/6 + (z³-3z)K/24 - (2z³-5z)S²/36` | PerformanceAnalytics `VaR(method="modified")` |
///
/// **Horizon scaling** (square root of time): for a horizon of `h` periods every figure is the
/// one-period figure times `sqrt(h)`, the Basel rule; it assumes independent returns with a
/// mean negligible against their volatility. `h = 1` reports the one-period figures unscaled.
///
/// ```swift
/// let risk = try series.tailRisk(confidence: 0.99, horizon: 10)
/// risk.historicalVaR   // e.g. -0.071 (a 7.1% ten-day loss at 99%)
/// ```
public struct TailRisk: Sendable, Hashable {
    /// The confidence level, `0 < confidence < 1` (0.95 for a 5% tail).
    public let confidence: Double
    /// The horizon in periods the figures are scaled to.
    public let horizon: Int
    /// Historical VaR: the linearly interpolated `α`-quantile, times `sqrt(h)`.
    public let historicalVaR: Double
    /// Historical CVaR: the mean of the returns at or below the historical VaR, times `sqrt(h)`.
    public let historicalCVaR: Double
    /// Gaussian (parametric) VaR `(μ + zσ)·sqrt(h)`.
    public let gaussianVaR: Double
    /// Gaussian CVaR `(μ - σφ(z)/α)·sqrt(h)`.
    public let gaussianCVaR: Double
    /// Cornish-Fisher (modified) VaR `(μ + z_cf σ)·sqrt(h)`; `nil` when the returns are
    /// constant (skewness and kurtosis undefined) or too few for the adjusted moments.
    public let cornishFisherVaR: Double?

    /// Computes the tail figures of `series`.
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` for a confidence outside (0, 1), a
    ///   horizon below 1 or invalid conventions; `.tooFewObservations` when `n <= ddof`.
    /// - Complexity: O(n) (quickselect on a copy).
    public init(_ series: ReturnSeries, confidence: Double = 0.95, horizon: Int = 1, conventions: PerformanceConventions = .empyrical) throws {
        try Self.validate(confidence: confidence, horizon: horizon)
        try conventions.validate()
        try series.require(conventions.ddof + 1, for: "value at risk")
        let tag = series.kindTag
        let moments = series.values.withUnsafeBufferPointer { SeriesMoments($0, kind: tag, threshold: 0) }
        var order = OrderStatistics(series.values)
        self.init(order: &order, moments: moments, confidence: confidence, horizon: horizon, conventions: conventions)
    }

    init(order: inout OrderStatistics, moments: SeriesMoments, confidence: Double, horizon: Int, conventions: PerformanceConventions) {
        let alpha = 1 - confidence
        let scale = Double(horizon).squareRoot()
        let z = NormalDistribution.quantile(alpha)
        let mu = moments.mean
        let sigma = moments.standardDeviation(ddof: conventions.ddof) ?? 0
        self.confidence = confidence
        self.horizon = horizon
        historicalCVaR = order.lowerTailMean(alpha) * scale
        historicalVaR = order.quantile(alpha) * scale
        gaussianVaR = (mu + z * sigma) * scale
        gaussianCVaR = (mu - sigma * NormalDistribution.density(z) / alpha) * scale
        if let s = moments.skewness(conventions.moments), let k = moments.excessKurtosis(conventions.moments) {
            let z2 = z * z, z3 = z2 * z
            let zcf = z + (z2 - 1) * s / 6 + (z3 - 3 * z) * k / 24 - (2 * z3 - 5 * z) * s * s / 36
            cornishFisherVaR = (mu + zcf * sigma) * scale
        } else {
            cornishFisherVaR = nil
        }
    }

    static func validate(confidence: Double, horizon: Int) throws {
        guard confidence > 0, confidence < 1 else {
            throw RiskMetricsError(.invalidParameter, detail: "confidence must be strictly between 0 and 1, got \(confidence)")
        }
        guard horizon >= 1 else { throw RiskMetricsError(.invalidParameter, detail: "horizon must be at least 1 period, got \(horizon)") }
    }
}

extension ReturnSeries {
    /// Historical, Gaussian and Cornish-Fisher VaR and CVaR at `confidence`, scaled to `horizon`.
    ///
    /// - Throws: ``RiskMetricsError`` as ``TailRisk/init(_:confidence:horizon:conventions:)``.
    public func tailRisk(confidence: Double = 0.95, horizon: Int = 1, conventions: PerformanceConventions = .empyrical) throws -> TailRisk {
        try TailRisk(self, confidence: confidence, horizon: horizon, conventions: conventions)
    }
}
