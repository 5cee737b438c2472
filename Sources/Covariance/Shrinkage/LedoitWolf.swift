public import QuantCore
import LinearAlgebra

/// Ledoit-Wolf shrinkage of the sample covariance toward a scaled identity, as scikit-learn defines it.
///
/// With `Xc` the returns centred by their mean, `S = XcᵀXc / T` (maximum likelihood) and
/// `mu = trace(S) / N`, the estimate is `(1 - δ)·S + δ·mu·I` with
///
/// - `d² = ‖S - mu·I‖²_F / N`,
/// - `b² = min(d², (Σ_t ‖x_t‖⁴ / T - ‖S‖²_F) / (N·T))`,
/// - `δ = b² / d²` (0 when `b² = 0`).
///
/// This matches `sklearn.covariance.LedoitWolf()` with its defaults (Ledoit & Wolf, 2004, "A
/// well-conditioned estimator for large-dimensional covariance matrices", J. Multivariate Anal.
/// 88(2), doi:10.1016/S0047-259X(03)00096-4). scikit-learn's `block_size` only splits the same
/// sums; here `Σ_t ‖x_t‖⁴` is an O(T·N) pass (it equals the sum of all elements of the Gram
/// matrix of the squared data), so the whole estimator costs one `dsyrk`.
///
/// ```swift
/// let estimate = try LedoitWolf().estimate(from: returns)
/// print(estimate.shrinkage!)   // δ
/// ```
public struct LedoitWolf: CovarianceEstimator, Hashable {
    /// What to do with missing values (`.pairwise` is not supported and throws).
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameter missing: `.dropIncompleteRows` (default) or `.forbid`.
    public init(missing: MissingDataPolicy = .dropIncompleteRows) {
        self.missing = missing
    }

    /// Estimates the shrunk covariance; ``CovarianceEstimate/shrinkage`` is `δ` and the
    /// diagnostics carry `"mu"`.
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations` (fewer than 2
    ///   dates), `.missingValue`/`.nonFinite` naming asset and date, `.invalidParameter` for
    ///   the pairwise policy.
    /// - Complexity: O(T·N²) time (one `dsyrk` plus O(T·N + N²) passes); one `N × N` result and
    ///   no copy of the input when the column means are small against their spread (returns), else
    ///   one centred copy.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard missing != .pairwise else {
            throw CovarianceError(.invalidParameter, detail: "Ledoit-Wolf needs complete rows; use .dropIncompleteRows or .forbid")
        }
        var data = try PreparedReturns(returns, policy: missing)
        let t = data.rows, p = data.columns
        // Σ_t (Σ_j x_tj²)² is the sum of all elements of (X∘X)ᵀ(X∘X): the row norms come out of
        // the centring pass, so no second Gram matrix is needed.
        var rowSquares = [Double](repeating: 0, count: t)
        var s = rowSquares.withUnsafeMutableBufferPointer { data.centredGram(scale: 1 / Double(t), rowSquaredNorms: $0) }
        var fourth = 0.0
        for k in 0..<t { fourth += rowSquares[k] * rowSquares[k] }
        rowSquares = []
        let (mu, squaredNorm) = IdentityShrinkage.traceMeanAndSquaredNorm(s)
        var delta = 0.0
        if p > 1 {
            let n = Double(t), features = Double(p)
            // sklearn: delta_ = ‖XᵀX‖²/n², beta = (beta_/n - delta_)/(p·n), delta = (delta_ - 2·mu·tr + p·mu²)/p.
            var beta = (fourth / n - squaredNorm) / (features * n)
            let dispersion = (squaredNorm - 2 * mu * (mu * features) + features * mu * mu) / features
            beta = min(beta, dispersion)
            delta = beta == 0 ? 0 : beta / dispersion
            IdentityShrinkage.shrink(&s, toward: mu, intensity: delta)
        }
        return CovarianceEstimate(assets: data.assets, matrix: s, shrinkage: delta, method: "ledoit-wolf",
                                  observations: t, diagnostics: ["mu": mu])
    }
}
