public import LinearAlgebra
import QuantCore

/// Repairs a covariance or correlation matrix that is not positive semidefinite, as statsmodels does.
///
/// Pairwise-complete estimates (`MissingDataPolicy.pairwise`) can have negative eigenvalues.
/// Two methods, with statsmodels 0.15's defaults (`threshold = 1e-15`, `n_fact = 100`):
///
/// - ``Method/clipping`` (`statsmodels.stats.correlation_tools.cov_nearest(method="clipped")` and
///   `corr_clipped`): the correlation's eigenvalues below `threshold` are raised to it, the matrix is
///   rebuilt and rescaled to a unit diagonal. Fast (one eigendecomposition) but not the nearest matrix.
/// - ``Method/higham`` (`corr_nearest`, `cov_nearest(method="nearest")`): Higham's (2002)
///   alternating projections with Dykstra's correction between the positive-semidefinite cone and
///   the unit-diagonal set, at most `N·n_fact` iterations; stops when the projected matrix needs no
///   clipping. "Computing the nearest correlation matrix — a problem from finance", IMA J. Numer.
///   Anal. 22(3), doi:10.1093/imanum/22.3.329.
///
/// statsmodels' stopping rule (no eigenvalue below `threshold` before the diagonal reset) is
/// strict: alternating projections approach the cone from outside, so the loop usually runs the full
/// `N·n_fact` iterations of O(N³) each — as statsmodels does, which the tests confirm iterate for
/// iterate. Prefer ``Method/clipping`` beyond a few dozen assets, or lower ``iterationFactor``.
///
/// A covariance is repaired through its correlation; the variances are kept.
///
/// ```swift
/// let raw = try SampleCovariance(missing: .pairwise).estimate(from: returns)
/// let repaired = try NearestPositiveSemidefinite(method: .higham).repair(raw)
/// ```
public struct NearestPositiveSemidefinite: Sendable, Hashable {
    /// The repair algorithm.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Eigenvalue clipping of the correlation, then rescaling to a unit diagonal.
        case clipping
        /// Higham's alternating projections (nearest correlation in the Frobenius norm).
        case higham
    }

    /// The algorithm.
    public var method: Method
    /// The smallest eigenvalue allowed (statsmodels' `threshold`).
    public var threshold: Double
    /// Higham's iteration limit per asset (statsmodels' `n_fact`): at most `N·iterationFactor` iterations.
    public var iterationFactor: Int

    /// Creates the repair with statsmodels' defaults.
    public init(method: Method = .clipping, threshold: Double = 1e-15, iterationFactor: Int = 100) {
        self.method = method
        self.threshold = threshold
        self.iterationFactor = iterationFactor
    }

    /// The repaired estimate: the same variances, a positive-semidefinite matrix.
    ///
    /// The diagnostics gain `"repaired"` (1 when the matrix changed, else 0) and
    /// `"minimumEigenvalueBefore"` (of the correlation).
    ///
    /// - Throws: ``CovarianceError`` `.nonFinite` naming an asset with a non-positive variance,
    ///   `.numericalFailure` if the eigendecomposition fails.
    /// - Complexity: O(N³) per eigendecomposition (one for clipping, up to `N·n_fact` for Higham).
    public func repair(_ estimate: CovarianceEstimate) throws -> CovarianceEstimate {
        let correlation = try CorrelationMatrix(covariance: estimate.matrix, assets: estimate.assets)
        let before = try Self.eigen(correlation.matrix).values.first ?? 0
        let (repaired, changed) = try repairedCorrelationReportingChange(correlation.matrix)
        var out = estimate
        if changed {
            out.matrix = CorrelationMatrix.covariance(fromCorrelation: repaired, volatilities: correlation.volatilities)
        }
        out.diagnostics["repaired"] = changed ? 1 : 0
        out.diagnostics["minimumEigenvalueBefore"] = before
        return out
    }

    /// The repaired covariance (statsmodels `cov_nearest`): converted to a correlation, repaired,
    /// and scaled back with the original standard deviations.
    ///
    /// - Throws: ``CovarianceError`` `.nonFinite` for a non-positive variance (the asset is named
    ///   by its index), `.numericalFailure` if the eigendecomposition fails.
    public func repairedCovariance(_ covariance: Matrix) throws -> Matrix {
        let labels = (0..<covariance.rows).map { Symbol("#\($0)") }
        let correlation = try CorrelationMatrix(covariance: covariance, assets: labels)
        let (repaired, _) = try repairedCorrelationReportingChange(correlation.matrix)
        return CorrelationMatrix.covariance(fromCorrelation: repaired, volatilities: correlation.volatilities)
    }

    /// The repaired correlation (statsmodels `corr_clipped` or `corr_nearest`).
    ///
    /// - Throws: ``CovarianceError`` `.numericalFailure` if the eigendecomposition fails.
    public func repairedCorrelation(_ correlation: Matrix) throws -> Matrix {
        try repairedCorrelationReportingChange(correlation).matrix
    }

    private func repairedCorrelationReportingChange(_ corr: Matrix) throws -> (matrix: Matrix, changed: Bool) {
        let p = corr.rows
        guard p > 0 else { return (corr, false) }
        switch method {
        case .clipping:
            let eig = try Self.eigen(corr)
            guard eig.values.contains(where: { $0 < threshold }) else { return (corr, false) }
            var x = eig.reconstructed { Swift.max($0, threshold) }
            let sd = x.diagonalElements.map { $0.squareRoot() }
            x.withUnsafeMutableBufferPointer { a, _ in
                for j in 0..<p { for i in 0..<p { a[i + j * p] = a[i + j * p] / sd[i] / sd[j] } }
            }
            return (x, true)
        case .higham:
            var diff = Matrix(rows: p, columns: p)
            var x = corr
            var changed = false
            for _ in 0..<(p * iterationFactor) {
                var adjusted = x
                adjusted.withUnsafeMutableBufferPointer { a, _ in
                    diff.withUnsafeBufferPointer { d, _ in
                        for k in 0..<a.count { a[k] -= d[k] }
                    }
                }
                let eig = try Self.eigen(adjusted)
                let psd = eig.reconstructed { Swift.max($0, threshold) }
                guard eig.values.contains(where: { $0 < threshold }) else {
                    // Already positive semidefinite on entry: keep the input exactly.
                    return changed ? (psd, true) : (corr, false)
                }
                changed = true
                diff = psd
                diff.withUnsafeMutableBufferPointer { d, _ in
                    adjusted.withUnsafeBufferPointer { a, _ in
                        for k in 0..<d.count { d[k] -= a[k] }
                    }
                }
                x = psd
                for i in 0..<p { x[i, i] = 1 }
            }
            // statsmodels warns and returns the last iterate; so do we (see `changed`).
            return (x, true)
        }
    }

    static func eigen(_ matrix: Matrix) throws -> SymmetricEigendecomposition {
        do { return try SymmetricEigendecomposition(matrix) } catch {
            throw CovarianceError(.numericalFailure, detail: "eigendecomposition failed: \(error)")
        }
    }
}
