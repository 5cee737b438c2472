public import QuantCore
import LinearAlgebra

/// The sample covariance `XcᵀXc / (T - ddof)` of centred returns `Xc`.
///
/// With the default `ddof = 1` it is the unbiased estimator and matches `numpy.cov(x,
/// rowvar=False)` and pandas `DataFrame.cov()`; `ddof = 0` (``maximumLikelihood``) gives the
/// maximum-likelihood estimator that scikit-learn's `empirical_covariance` returns.
///
/// Missing values follow ``missing``: `.forbid` throws, `.dropIncompleteRows` (default) keeps the
/// dates on which every asset is present, `.pairwise` uses for each pair the dates on which both
/// are present with that pair's own means (pandas `DataFrame.cov()`); a pairwise matrix need not
/// be positive semidefinite, see ``NearestPositiveSemidefinite``.
///
/// ```swift
/// let estimate = try SampleCovariance().estimate(from: returns)
/// let ml = try SampleCovariance.maximumLikelihood.estimate(from: returns)
/// ```
public struct SampleCovariance: CovarianceEstimator, Hashable {
    /// The delta degrees of freedom: the divisor is `T - ddof`.
    public var ddof: Int
    /// What to do with missing values.
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameters:
    ///   - ddof: Delta degrees of freedom, 1 (unbiased, the default) or 0 (maximum likelihood).
    ///   - missing: The missing-data policy; `.dropIncompleteRows` by default.
    public init(ddof: Int = 1, missing: MissingDataPolicy = .dropIncompleteRows) {
        self.ddof = ddof
        self.missing = missing
    }

    /// The maximum-likelihood estimator (`ddof = 0`), scikit-learn's `empirical_covariance`.
    public static var maximumLikelihood: SampleCovariance { SampleCovariance(ddof: 0) }

    /// Estimates the sample covariance.
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations` (fewer than 2 dates,
    ///   or `T <= ddof`), `.missingValue`/`.nonFinite` naming asset and date, `.invalidParameter`
    ///   for a negative `ddof`.
    /// - Complexity: O(T·N²) time (one `dsyrk`); one `N × N` result, and no copy of the input when
    ///   the column means are small against their spread (returns), else one centred copy.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard ddof >= 0 else { throw CovarianceError(.invalidParameter, detail: "ddof must be non-negative, got \(ddof)") }
        var data = try PreparedReturns(returns, policy: missing, minimumRows: max(2, ddof + 1))
        let t = data.rows
        let matrix: Matrix
        if data.hasMissing {
            matrix = try PairwiseMoments.covariance(&data, weights: nil, correction: .degreesOfFreedom(ddof))
        } else {
            matrix = data.centredGram(scale: 1 / Double(t - ddof))
        }
        return CovarianceEstimate(assets: data.assets, matrix: matrix, method: "sample", observations: t,
                                  diagnostics: ["ddof": Double(ddof)])
    }
}
