import Foundation
public import LinearAlgebra
import PortfolioRisk
public import QuantCore

/// Parametric (Gaussian) VaR and CVaR of a portfolio from its weights and covariance, with the
/// marginal and component decomposition that sums to the total.
///
/// With `α = 1 - confidence`, `z = Φ⁻¹(α) < 0`, expected returns `μ` (zero unless given),
/// `σ_p = sqrt(wᵀΣw)` and the marginal volatilities `m_i = (Σw)_i / σ_p` from
/// `PortfolioRisk.RiskContributions`, for one period (scaled by `sqrt(h)` for a horizon of `h`):
///
/// | Property | Formula |
/// |---|---|
/// | ``valueAtRisk`` | `wᵀμ + z σ_p` |
/// | ``conditionalValueAtRisk`` | `wᵀμ - σ_p φ(z)/α` |
/// | ``marginalVaR`` | `∂VaR/∂w_i = μ_i + z m_i` |
/// | ``componentVaR`` | `w_i · marginalVaR_i`, summing to ``valueAtRisk`` (Euler) |
/// | ``componentCVaR`` | `w_i (μ_i - m_i φ(z)/α)`, summing to ``conditionalValueAtRisk`` |
///
/// Figures are returns in the covariance's units (negative numbers are losses), as in Jorion,
/// *Value at Risk* (3rd ed.), ch. 7.
///
/// ```swift
/// let pvar = try PortfolioValueAtRisk(weights: w, covariance: sigma, confidence: 0.99)
/// pvar.componentVaR.reduce(0, +)   // == pvar.valueAtRisk up to rounding
/// ```
public struct PortfolioValueAtRisk: Sendable, Hashable {
    /// The confidence level.
    public let confidence: Double
    /// The horizon in periods (figures are scaled by `sqrt(horizon)`).
    public let horizon: Int
    /// Portfolio VaR `(wᵀμ + zσ_p)·sqrt(h)`.
    public let valueAtRisk: Double
    /// Portfolio CVaR (expected shortfall) `(wᵀμ - σ_p φ(z)/α)·sqrt(h)`.
    public let conditionalValueAtRisk: Double
    /// `∂VaR/∂w_i`.
    public let marginalVaR: [Double]
    /// `w_i ∂VaR/∂w_i`; sums to ``valueAtRisk``.
    public let componentVaR: [Double]
    /// `w_i ∂CVaR/∂w_i`; sums to ``conditionalValueAtRisk``.
    public let componentCVaR: [Double]

    /// Computes the decomposition.
    ///
    /// - Parameters:
    ///   - weights: One weight per asset.
    ///   - covariance: The `N × N` covariance of one-period returns.
    ///   - confidence: The confidence level, strictly between 0 and 1 (default 0.95).
    ///   - horizon: The horizon in periods (default 1); figures scale by `sqrt(horizon)`.
    ///   - assets: Optional labels, used to name the asset in errors.
    ///   - expectedReturns: Per-asset expected returns per period; `nil` means zero (the usual
    ///     short-horizon assumption).
    /// - Throws: ``RiskMetricsError`` as ``PortfolioStructure/init(weights:covariance:assets:)``;
    ///   `.invalidParameter` for a confidence outside (0, 1) or a horizon below 1;
    ///   `.lengthMismatch`/`.nonFinite` for expected returns.
    /// - Complexity: O(N²).
    public init(weights: [Double], covariance: Matrix, confidence: Double = 0.95, horizon: Int = 1,
                expectedReturns: [Double]? = nil, assets: [Symbol]? = nil) throws {
        try TailRisk.validate(confidence: confidence, horizon: horizon)
        let rc = try PortfolioInputs.contributions(weights: weights, covariance: covariance, assets: assets)
        let mu = expectedReturns ?? [Double](repeating: 0, count: weights.count)
        guard mu.count == weights.count else {
            throw RiskMetricsError(.lengthMismatch, detail: "\(mu.count) expected returns for \(weights.count) weights")
        }
        if let k = mu.firstIndex(where: { !$0.isFinite }) {
            throw RiskMetricsError(.nonFinite, asset: assets?[k], index: k, detail: "expected return is \(mu[k])")
        }
        let alpha = 1 - confidence
        let z = NormalDistribution.quantile(alpha)
        let tail = NormalDistribution.density(z) / alpha
        let scale = Double(horizon).squareRoot()
        var marginal = [Double](repeating: 0, count: weights.count)
        var component = marginal, componentC = marginal
        var portfolioMean = 0.0
        for i in weights.indices {
            portfolioMean += weights[i] * mu[i]
            marginal[i] = (mu[i] + z * rc.marginal[i]) * scale
            component[i] = weights[i] * marginal[i]
            componentC[i] = weights[i] * (mu[i] - rc.marginal[i] * tail) * scale
        }
        self.confidence = confidence
        self.horizon = horizon
        valueAtRisk = (portfolioMean + z * rc.volatility) * scale
        conditionalValueAtRisk = (portfolioMean - rc.volatility * tail) * scale
        marginalVaR = marginal
        componentVaR = component
        componentCVaR = componentC
    }
}
