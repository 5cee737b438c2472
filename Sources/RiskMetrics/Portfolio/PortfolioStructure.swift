public import LinearAlgebra
import PortfolioRisk
public import QuantCore

/// How a portfolio's risk is spread across its holdings, from weights and a covariance matrix.
///
/// Risk contributions come from PortfolioRisk's `PortfolioRisk.RiskContributions` (the one
/// implementation of `RC_i = w_i (Σw)_i / σ_p`, shared with RiskParity). On top of them:
///
/// | Property | Formula | Reference |
/// |---|---|---|
/// | ``volatility`` | `σ_p = sqrt(wᵀΣw)`, in the covariance's units | numpy |
/// | ``riskContributions`` | `RC_i = w_i (Σw)_i / σ_p`, summing to `σ_p` | Riskfolio-Lib `Risk_Contribution` (MV) |
/// | ``riskContributionFractions`` | `p_i = RC_i / σ_p`, summing to 1 | |
/// | ``diversificationRatio`` | `Σ w_i σ_i / σ_p`, `σ_i = sqrt(Σ_ii)` | Choueifaty & Coignard (2008) |
/// | ``effectiveNumberOfBets`` | `1 / Σ p_i²` | risk-contribution ENB (Roncalli, 2013) |
/// | ``herfindahl`` | `Σ w_i²` | Herfindahl-Hirschman index of weights |
///
/// ```swift
/// let structure = try PortfolioStructure(weights: [0.6, 0.4], covariance: sigma, assets: ["A", "B"])
/// structure.riskContributions.reduce(0, +) == structure.volatility   // up to rounding
/// ```
public struct PortfolioStructure: Sendable, Hashable {
    /// The holdings' labels, when given.
    public let assets: [Symbol]?
    /// The weights as given.
    public let weights: [Double]
    /// `σ_p = sqrt(wᵀΣw)`.
    public let volatility: Double
    /// Absolute risk contributions `RC_i`, summing to ``volatility``.
    public let riskContributions: [Double]
    /// Risk-contribution fractions `RC_i / σ_p`, summing to 1.
    public let riskContributionFractions: [Double]
    /// Marginal contributions `∂σ_p/∂w_i = (Σw)_i / σ_p`.
    public let marginalContributions: [Double]
    /// Diversification ratio `Σ w_i σ_i / σ_p` (1 for a single asset; higher is more diversified).
    public let diversificationRatio: Double
    /// Effective number of bets `1 / Σ p_i²` over the risk-contribution fractions.
    public let effectiveNumberOfBets: Double
    /// Herfindahl concentration of the weights `Σ w_i²` (`1/N` for equal weights summing to 1).
    public let herfindahl: Double

    /// Computes the structure.
    ///
    /// - Parameters:
    ///   - weights: One weight per asset (any sign; long-only portfolios usually sum to 1).
    ///   - covariance: The `N × N` covariance of the assets' returns.
    ///   - assets: Optional labels, used to name the asset in errors.
    /// - Throws: ``RiskMetricsError``: `.lengthMismatch` when shapes disagree, `.nonFinite`
    ///   naming the weight or covariance element, `.invalidValue` for a negative variance on the
    ///   diagonal or a non-positive portfolio variance (contributions undefined).
    /// - Complexity: O(N²): one matrix-vector product.
    public init(weights: [Double], covariance: Matrix, assets: [Symbol]? = nil) throws {
        let rc = try PortfolioInputs.contributions(weights: weights, covariance: covariance, assets: assets)
        self.assets = assets
        self.weights = weights
        volatility = rc.volatility
        riskContributions = rc.absolute
        riskContributionFractions = rc.fractions
        marginalContributions = rc.marginal
        var weighted = 0.0, enb = 0.0, h = 0.0
        for i in weights.indices {
            weighted += weights[i] * covariance[i, i].squareRoot()
            enb += rc.fractions[i] * rc.fractions[i]
            h += weights[i] * weights[i]
        }
        diversificationRatio = weighted / rc.volatility
        effectiveNumberOfBets = 1 / enb
        herfindahl = h
    }
}

/// Validation shared by the portfolio types, turning PortfolioRisk's errors into ``RiskMetricsError``.
enum PortfolioInputs {
    static func contributions(weights: [Double], covariance: Matrix, assets: [Symbol]?) throws -> RiskContributions {
        func name(_ i: Int) -> Symbol? { assets.flatMap { i < $0.count ? $0[i] : nil } }
        if let assets, assets.count != weights.count {
            throw RiskMetricsError(.lengthMismatch, detail: "\(assets.count) asset labels for \(weights.count) weights")
        }
        guard !weights.isEmpty else { throw RiskMetricsError(.empty, detail: "the portfolio has no weights") }
        guard covariance.isSquare, covariance.rows == weights.count else {
            throw RiskMetricsError(.lengthMismatch, detail: "\(weights.count) weights do not fit a \(covariance.shape) covariance matrix")
        }
        if let k = weights.firstIndex(where: { !$0.isFinite }) {
            throw RiskMetricsError(.nonFinite, asset: name(k), index: k, detail: "weight is \(weights[k])")
        }
        if let cell = covariance.firstNonFiniteElement {
            throw RiskMetricsError(.nonFinite, asset: name(cell.row), index: cell.row,
                                   detail: "covariance element (\(cell.row), \(cell.column)) is \(covariance[cell.row, cell.column])")
        }
        for i in 0..<covariance.rows where covariance[i, i] < 0 {
            throw RiskMetricsError(.invalidValue, asset: name(i), index: i, detail: "variance \(covariance[i, i]) on the diagonal is negative")
        }
        do {
            return try RiskContributions(weights: weights, covariance: covariance)
        } catch let error as RiskContributionError {
            throw RiskMetricsError(.invalidValue, detail: error.description)
        }
    }
}
