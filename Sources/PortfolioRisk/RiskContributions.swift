public import LinearAlgebra

/// The decomposition of portfolio volatility into per-asset risk contributions.
///
/// For weights `w` and covariance `Σ`, portfolio volatility is `σ_p = sqrt(wᵀΣw)` and asset
/// `i` contributes `RC_i = w_i (Σw)_i / σ_p`. By Euler's theorem the contributions sum to
/// `σ_p`. This is the one implementation shared by RiskParity (which reports ``fractions``)
/// and RiskMetrics (which reports ``absolute``).
///
/// ```swift
/// let rc = try RiskContributions(weights: [0.5, 0.5], covariance: sigma)
/// rc.volatility          // σ_p
/// rc.absolute            // RC_i, summing to σ_p
/// rc.fractions           // RC_i / σ_p, summing to 1
/// ```
public struct RiskContributions: Sendable, Hashable {
    /// The portfolio volatility `σ_p = sqrt(wᵀΣw)`, in the covariance's units.
    public let volatility: Double
    /// `RC_i = w_i (Σw)_i / σ_p`; sums to ``volatility``.
    public let absolute: [Double]
    /// `RC_i / σ_p`; sums to 1.
    public let fractions: [Double]
    /// The marginal contributions `(Σw)_i / σ_p = ∂σ_p / ∂w_i`.
    public let marginal: [Double]

    /// Computes the decomposition.
    ///
    /// - Throws: ``RiskContributionError`` when shapes disagree, an input is non-finite, or the
    ///   portfolio variance is not positive (contributions are then undefined).
    /// - Complexity: O(N²): one matrix-vector product.
    public init(weights: [Double], covariance: Matrix) throws {
        guard covariance.isSquare, covariance.rows == weights.count else {
            throw RiskContributionError.dimensionMismatch(weights: weights.count, covariance: covariance.shape)
        }
        if let k = weights.firstIndex(where: { !$0.isFinite }) { throw RiskContributionError.nonFiniteWeight(index: k) }
        if let cell = covariance.firstNonFiniteElement {
            throw RiskContributionError.nonFiniteCovariance(row: cell.row, column: cell.column)
        }
        let sigmaW = try covariance.multiplied(by: weights)
        var variance = 0.0
        for i in weights.indices { variance += weights[i] * sigmaW[i] }
        guard variance > 0 else { throw RiskContributionError.nonPositiveVariance(variance) }
        let vol = variance.squareRoot()
        volatility = vol
        marginal = sigmaW.map { $0 / vol }
        absolute = weights.indices.map { weights[$0] * sigmaW[$0] / vol }
        fractions = weights.indices.map { weights[$0] * sigmaW[$0] / variance }
    }
}

/// Thrown when risk contributions cannot be computed.
public enum RiskContributionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The weight vector and the covariance disagree in size, or the covariance is not square.
    case dimensionMismatch(weights: Int, covariance: Shape)
    /// A weight is NaN or infinite.
    case nonFiniteWeight(index: Int)
    /// A covariance element is NaN or infinite.
    case nonFiniteCovariance(row: Int, column: Int)
    /// `wᵀΣw <= 0`, so the volatility is zero or the covariance is not positive semidefinite.
    case nonPositiveVariance(Double)

    /// One sentence for humans.
    public var description: String {
        switch self {
        case let .dimensionMismatch(w, c): return "\(w) weights do not fit a \(c) covariance matrix"
        case let .nonFiniteWeight(i): return "weight \(i) is not finite"
        case let .nonFiniteCovariance(r, c): return "covariance element (\(r), \(c)) is not finite"
        case let .nonPositiveVariance(v): return "portfolio variance \(v) is not positive; risk contributions are undefined"
        }
    }
}
