/// How a risk-parity portfolio was obtained: the method, the solver's status, and every
/// fallback taken, in order.
///
/// The error metric is the same for every method: the largest relative deviation of an asset's
/// share of risk from its budget, `max_i |RC_i / (b_i σ_p) - 1|`, over the assets with a positive
/// budget that were not excluded.
public struct RiskParityDiagnostics: Sendable, Hashable {
    /// The method that produced the returned weights (after any fallback).
    public var method: RiskParityMethod
    /// Newton steps, coordinate-descent sweeps or projected-gradient steps, summed over every
    /// solver that ran (0 for closed forms).
    public var iterations: Int
    /// Whether the method met its tolerance. `false` after a fallback to inverse volatility.
    public var converged: Bool
    /// `max_i |RC_i / (b_i σ_p) - 1|` of the returned weights on the covariance that was solved
    /// (the repaired one after a repair).
    public var maxRelativeError: Double
    /// The fallbacks taken, in the order they were applied (empty when none was needed).
    public var fallbacks: [RiskParityFallback]
    /// For the bounded solver: the projected-gradient KKT residual `‖w - P(w - ∇F)‖∞`, zero at a
    /// stationary point of the constrained problem. `nil` for the other methods.
    public var kktResidual: Double?
    /// For the bounded solver: `sqrt(Σ_i (RC_i/σ_p - b_i)²)`, how far the shares are from the
    /// budgets (zero when the bounds do not bind). `nil` for the other methods.
    public var budgetDistance: Double?

    /// Creates diagnostics.
    public init(
        method: RiskParityMethod, iterations: Int, converged: Bool, maxRelativeError: Double,
        fallbacks: [RiskParityFallback] = [], kktResidual: Double? = nil, budgetDistance: Double? = nil
    ) {
        self.method = method
        self.iterations = iterations
        self.converged = converged
        self.maxRelativeError = maxRelativeError
        self.fallbacks = fallbacks
        self.kktResidual = kktResidual
        self.budgetDistance = budgetDistance
    }

    /// The fallbacks as one sentence (`"; "`-separated), or `nil` when none was taken.
    public var fallbackReason: String? {
        fallbacks.isEmpty ? nil : fallbacks.map(\.description).joined(separator: "; ")
    }

    /// The indices of the assets excluded for a zero or invalid volatility.
    public var excludedAssets: [Int] {
        fallbacks.compactMap { if case let .excludedAsset(index, _) = $0 { return index } else { return nil } }
    }
}

/// The method that produced a risk-parity portfolio.
public enum RiskParityMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Newton's method with backtracking line search on Spinu's convex formulation.
    case newton
    /// Cyclical coordinate descent on Spinu's convex formulation.
    case coordinateDescent = "coordinate-descent"
    /// Spectral projected gradient on `Σ(RC_i/σ_p - b_i)²` under bounds and group limits.
    case boundedProjectedGradient = "bounded-projected-gradient"
    /// Weights proportional to `b_i / σ_i` (the closed form when correlations are equal).
    case inverseVolatility = "inverse-volatility"
    /// Hierarchical risk parity (single-linkage clustering, recursive bisection).
    case hierarchical = "hrp"

    /// The raw value, e.g. `"newton"`.
    public var description: String { rawValue }
}

/// A fallback taken while solving, with its reason.
///
/// The order in which they can occur is fixed (see the module documentation): assets with a zero
/// or invalid variance are excluded first, then a covariance that is not positive definite is
/// repaired, then an unconverged solver is replaced by inverse-volatility weights.
public enum RiskParityFallback: Sendable, Hashable, CustomStringConvertible {
    /// The asset's variance is zero, negative or too small to carry risk; its weight is zero.
    case excludedAsset(index: Int, variance: Double)
    /// The covariance was not positive definite (smallest correlation eigenvalue given); it was
    /// replaced by its nearest positive-semidefinite repair (eigenvalue clipping) and solved again.
    case repairedCovariance(minimumEigenvalue: Double)
    /// The named solver did not reach the tolerance; the other solver was tried from its iterate.
    case switchedSolver(from: RiskParityMethod, error: Double)
    /// No solver reached the tolerance: the weights are inverse-volatility weights.
    case inverseVolatility(reason: String)

    /// One phrase for logs and the command line.
    public var description: String {
        switch self {
        case let .excludedAsset(index, variance):
            return "asset \(index) excluded: variance \(variance) is not a usable volatility"
        case let .repairedCovariance(minimumEigenvalue):
            return "covariance not positive definite (smallest correlation eigenvalue \(minimumEigenvalue)); repaired to the nearest PSD matrix"
        case let .switchedSolver(from, error):
            return "\(from) stopped at max relative error \(error); continued with the other solver"
        case let .inverseVolatility(reason):
            return "inverse-volatility weights: \(reason)"
        }
    }
}
