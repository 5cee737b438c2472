/// A risk-parity portfolio: weights, their risk shares and how they were obtained.
///
/// Weights are long-only and fully invested (they sum to one); excluded assets and assets with
/// a zero budget have weight zero. ``riskContributions`` are fractions of portfolio risk
/// `RC_i / σ_p`, summing to one, computed by PortfolioRisk's `RiskContributions`.
public struct RiskParityResult: Sendable, Hashable {
    /// The weights, in the covariance's asset order, summing to one.
    public var weights: [Double]
    /// Each asset's share of portfolio risk, `w_i (Σw)_i / wᵀΣw`, summing to one.
    public var riskContributions: [Double]
    /// The portfolio volatility `sqrt(wᵀΣw)` in the covariance's units (per period).
    public var volatility: Double
    /// Method, iterations, convergence, error and fallbacks.
    public var diagnostics: RiskParityDiagnostics

    /// Creates a result.
    public init(weights: [Double], riskContributions: [Double], volatility: Double, diagnostics: RiskParityDiagnostics) {
        self.weights = weights
        self.riskContributions = riskContributions
        self.volatility = volatility
        self.diagnostics = diagnostics
    }
}
