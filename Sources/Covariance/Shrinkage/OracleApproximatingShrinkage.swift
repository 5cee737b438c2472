public import QuantCore
import LinearAlgebra

/// Oracle Approximating Shrinkage (OAS) toward a scaled identity, exactly as scikit-learn computes it.
///
/// With `S = XcᵀXc / T` (centred, maximum likelihood), `mu = trace(S)/N` and
/// `alpha = mean(S_ij²)`, the intensity is
/// `ρ = min((alpha + mu²) / ((T + 1)·(alpha - mu²/N)), 1)` (1 when the denominator is 0), and
/// the estimate `(1 - ρ)·S + ρ·mu·I`.
///
/// This is `sklearn.covariance.OAS()` (scikit-learn 1.9.1), which differs from eq. 23 of Chen,
/// Wiesel, Eldar & Hero (2010), "Shrinkage algorithms for MMSE covariance estimation", IEEE
/// Trans. Signal Process. 58(10), by omitting a `2/N` factor, as its documentation states.
///
/// ```swift
/// let estimate = try OracleApproximatingShrinkage().estimate(from: returns)
/// ```
public struct OracleApproximatingShrinkage: CovarianceEstimator, Hashable {
    /// What to do with missing values (`.pairwise` is not supported and throws).
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameter missing: `.dropIncompleteRows` (default) or `.forbid`.
    public init(missing: MissingDataPolicy = .dropIncompleteRows) {
        self.missing = missing
    }

    /// Estimates the OAS covariance; ``CovarianceEstimate/shrinkage`` is `ρ`, the diagnostics carry `"mu"`.
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations`,
    ///   `.missingValue`/`.nonFinite` naming asset and date, `.invalidParameter` for `.pairwise`.
    /// - Complexity: O(T·N²) time (one `dsyrk`); one `N × N` result, and no copy of the input when
    ///   the column means are small against their spread (returns), else one centred copy.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard missing != .pairwise else {
            throw CovarianceError(.invalidParameter, detail: "OAS needs complete rows; use .dropIncompleteRows or .forbid")
        }
        var data = try PreparedReturns(returns, policy: missing)
        let t = data.rows, p = data.columns
        var s = data.centredGram(scale: 1 / Double(t))
        let (mu, squaredNorm) = IdentityShrinkage.traceMeanAndSquaredNorm(s)
        var rho = 0.0
        if p > 1 {
            let features = Double(p)
            let alpha = squaredNorm / (features * features)
            let numerator = alpha + mu * mu
            let denominator = Double(t + 1) * (alpha - mu * mu / features)
            rho = denominator == 0 ? 1 : min(numerator / denominator, 1)
            IdentityShrinkage.shrink(&s, toward: mu, intensity: rho)
        }
        return CovarianceEstimate(assets: data.assets, matrix: s, shrinkage: rho, method: "oas",
                                  observations: t, diagnostics: ["mu": mu])
    }
}
