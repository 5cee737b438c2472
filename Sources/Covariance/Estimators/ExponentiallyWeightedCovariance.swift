public import QuantCore
import LinearAlgebra

/// The exponentially weighted covariance of the last date, bias-corrected, as pandas computes it.
///
/// With weights `w_t = (1 - alpha)^(T-1-t)` (see ``ExponentialDecay``), weighted means `m`, and
/// `V1 = Σ w`, `V2 = Σ w²`, the estimate is
/// `Σ = V1² / (V1² - V2) · Σ_t w_t (x_t - m)(x_t - m)ᵀ / V1`,
/// which is the last date's matrix of pandas `DataFrame.ewm(halflife=h, adjust=True).cov()`
/// (default `bias=False`, `ignore_na=False`).
///
/// With `missing: .pairwise`, each pair uses the dates on which both assets are observed, weighted
/// by their position in the full panel (a gap still ages older observations), which is what
/// pandas does pair by pair. A pairwise matrix may need ``NearestPositiveSemidefinite`` repair.
/// ``CovarianceEstimate/effectiveSampleSize`` is Kish's `V1² / V2`.
///
/// For a live system, ``EWMCovarianceState`` updates the same estimate in O(N²) per new day.
///
/// ```swift
/// let ewm = ExponentiallyWeightedCovariance(decay: .halfLife(20))
/// let estimate = try ewm.estimate(from: returns)
/// estimate.effectiveSampleSize   // ≈ 58 for a long history
/// ```
public struct ExponentiallyWeightedCovariance: CovarianceEstimator, Hashable {
    /// The decay of the weights.
    public var decay: ExponentialDecay
    /// What to do with missing values.
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameters:
    ///   - decay: Half-life, span, center of mass or alpha, in observations.
    ///   - missing: `.dropIncompleteRows` (default), `.forbid` or `.pairwise`.
    public init(decay: ExponentialDecay, missing: MissingDataPolicy = .dropIncompleteRows) {
        self.decay = decay
        self.missing = missing
    }

    /// Creates the estimator from a half-life in observations (trading days).
    public init(halfLife: Double, missing: MissingDataPolicy = .dropIncompleteRows) {
        self.init(decay: .halfLife(halfLife), missing: missing)
    }

    /// Estimates the weighted covariance as of the panel's last date.
    ///
    /// - Throws: ``CovarianceError``: `.invalidParameter` for an out-of-range decay,
    ///   `.emptyUniverse`, `.tooFewObservations` (fewer than 2 dates, or a pair with fewer than two
    ///   joint observations), `.missingValue`/`.nonFinite` naming asset and date.
    /// - Complexity: O(T·N²) time (one `dsyrk` for complete data; three `dsyrk` and a `dgemm`
    ///   pairwise); complete data needs one weighted, centred copy and one `N × N` result.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard decay.isValid else { throw CovarianceError(.invalidParameter, detail: "invalid decay \(decay)") }
        var data = try PreparedReturns(returns, policy: missing)
        let t = data.rows, p = data.columns
        let w = decay.weights(count: t)
        var v1 = 0.0, v2 = 0.0
        for k in 0..<t { v1 += w[k]; v2 += w[k] * w[k] }
        let matrix: Matrix
        if data.hasMissing {
            matrix = try PairwiseMoments.covariance(&data, weights: w, correction: .reliabilityWeights)
        } else {
            let denominator = v1 * v1 - v2
            guard denominator > 0 else {
                throw CovarianceError(.tooFewObservations, date: data.dates.last,
                                      detail: "the weights leave no degrees of freedom (V1² - V2 = \(denominator))")
            }
            let scaled = data.centredMatrix(weights: w, scaleRows: true)
            var out = Matrix(rows: p, columns: p)
            scaled.gram(scale: v1 / denominator, into: &out, accumulate: false)
            matrix = out
        }
        return CovarianceEstimate(assets: data.assets, matrix: matrix, method: "ewm", observations: t,
                                  effectiveSampleSize: v1 * v1 / v2, diagnostics: ["alpha": decay.alpha])
    }
}
