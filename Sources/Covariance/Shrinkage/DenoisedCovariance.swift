public import QuantCore
import Foundation
import LinearAlgebra

/// Random-matrix denoising: correlation eigenvalues below the Marchenko-Pastur edge are replaced
/// by their average, as skfolio's `DenoiseCovariance()` does with its defaults.
///
/// Steps (skfolio 1.12, after López de Prado, "Machine Learning for Asset Managers", 2020):
///
/// 1. the sample covariance (`ddof = 1`), its correlation `C` and volatilities `σ`;
/// 2. the eigenvalues of `C`, and `q = T / N`;
/// 3. the noise variance `v` in `[1e-5, 1 - 1e-5]` minimising `Σ_k (kde(x_k) - mp_v(x_k))²` over
///    1000 equally spaced `x_k` from `λ₋ = v(1 - sqrt(1/q))²` to `λ₊ = v(1 + sqrt(1/q))²`, where
///    `mp_v(x) = q / (2π·v·x) · sqrt((λ₊ - x)(x - λ₋))` is the Marchenko-Pastur density and `kde` a
///    Gaussian kernel density of the eigenvalues with bandwidth 0.01;
/// 4. the eigenvalues at or above `λ₊(v)` are kept ("factors"); the others are replaced by their mean;
/// 5. the rebuilt matrix is rescaled to a unit diagonal and multiplied back by `σσᵀ`.
///
/// skfolio minimises step 3 with L-BFGS-B from `v = 0.5`; this type scans a grid of `v` and refines
/// the best cell by golden-section search, which finds the same minimiser whenever the objective
/// has a single minimum (as in the fixtures) and otherwise the global one. The result depends on
/// `v` only through the number of factors kept, reported in the diagnostics (`"factors"`,
/// `"noiseVariance"`, `"eigenvalueEdge"`).
///
/// ```swift
/// let estimate = try DenoisedCovariance().estimate(from: returns)
/// estimate.diagnostics["factors"]   // eigenvalues kept as signal
/// ```
public struct DenoisedCovariance: CovarianceEstimator, Hashable {
    /// What to do with missing values (`.pairwise` is not supported and throws).
    public var missing: MissingDataPolicy
    /// The kernel density bandwidth (skfolio: 0.01).
    public var bandwidth: Double

    /// Creates the estimator with skfolio's defaults.
    public init(missing: MissingDataPolicy = .dropIncompleteRows, bandwidth: Double = 0.01) {
        self.missing = missing
        self.bandwidth = bandwidth
    }

    /// Estimates the denoised covariance.
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations`,
    ///   `.missingValue`/`.nonFinite` naming asset and date, `.nonFinite` naming an asset with zero
    ///   variance, `.invalidParameter` for `.pairwise` or a non-positive bandwidth.
    /// - Complexity: O(T·N² + N³) plus O(K·N) kernel evaluations for the fit (K ≈ 10⁵ grid points).
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard missing != .pairwise else { throw CovarianceError(.invalidParameter, detail: "denoising needs complete rows") }
        guard bandwidth > 0 else { throw CovarianceError(.invalidParameter, detail: "bandwidth must be positive") }
        let sample = try SampleCovariance(ddof: 1, missing: missing).estimate(from: returns)
        let p = sample.assets.count
        let correlation = try sample.correlation()
        let eig = try NearestPositiveSemidefinite.eigen(correlation.matrix)
        let q = Double(sample.observations) / Double(p)
        let ascending = eig.values
        let variance = Self.fitNoiseVariance(eigenvalues: ascending, q: q, bandwidth: bandwidth)
        let edge = variance * pow(1 + (1 / q).squareRoot(), 2)
        // Eigenvalues >= edge are factors (skfolio: searchsorted on the ascending values, side "left").
        let noise = ascending.firstIndex { $0 >= edge } ?? p
        var replaced = ascending
        if noise > 0 {
            var total = 0.0
            for k in 0..<noise { total += ascending[k] }
            let mean = total / Double(noise)
            for k in 0..<noise { replaced[k] = mean }
        }
        let rebuilt = eig.reconstructed(withEigenvalues: replaced)
        let sd = rebuilt.diagonalElements.map { $0.squareRoot() }
        let unit = CorrelationMatrix.correlation(fromCovariance: rebuilt, volatilities: sd)
        let matrix = CorrelationMatrix.covariance(fromCorrelation: unit, volatilities: correlation.volatilities)
        return CovarianceEstimate(
            assets: sample.assets, matrix: matrix, method: "denoised", observations: sample.observations,
            diagnostics: ["factors": Double(p - noise), "noiseVariance": variance, "eigenvalueEdge": edge])
    }

    /// The Marchenko-Pastur variance that best fits the eigenvalues' kernel density (step 3).
    static func fitNoiseVariance(eigenvalues: [Double], q: Double, bandwidth: Double) -> Double {
        let lower = 1e-5, upper = 1 - 1e-5
        let cells = 64
        var best = lower, bestValue = Double.infinity
        var grid = [Double](repeating: 0, count: cells + 1)
        for k in 0...cells {
            grid[k] = lower + (upper - lower) * Double(k) / Double(cells)
            let value = objective(grid[k], eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
            if value < bestValue { bestValue = value; best = grid[k] }
        }
        // Golden-section refinement over the neighbouring cells of the best grid point.
        let index = grid.firstIndex(of: best) ?? 0
        var a = grid[max(0, index - 1)], b = grid[min(cells, index + 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = objective(c, eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
        var fd = objective(d, eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
        for _ in 0..<60 where b - a > 1e-12 {
            if fc < fd {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a)
                fc = objective(c, eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
            } else {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a)
                fd = objective(d, eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
            }
        }
        let refined = (a + b) / 2
        let refinedValue = objective(refined, eigenvalues: eigenvalues, q: q, bandwidth: bandwidth)
        return refinedValue <= bestValue ? refined : best
    }

    /// `Σ_k (kde(x_k) - mp_v(x_k))²` over skfolio's 1000-point grid (NaN terms count as 0).
    static func objective(_ v: Double, eigenvalues e: [Double], q: Double, bandwidth h: Double) -> Double {
        let points = 1000
        let root = (1 / q).squareRoot()
        let lo = v * (1 - root) * (1 - root), hi = v * (1 + root) * (1 + root)
        let step = (hi - lo) / Double(points - 1)
        let normal = 1 / (h * (2 * Double.pi).squareRoot() * Double(e.count))
        let reach = 40 * h   // exp(-800) underflows: farther eigenvalues add exactly 0
        var total = 0.0
        var first = 0   // sliding window over the ascending eigenvalues
        e.withUnsafeBufferPointer { e in
            for k in 0..<points {
                let x = k == points - 1 ? hi : lo + Double(k) * step
                let mp = q / (2 * Double.pi * v * x) * ((hi - x) * (x - lo)).squareRoot()
                while first < e.count && e[first] < x - reach { first += 1 }
                var density = 0.0
                var j = first
                while j < e.count && e[j] <= x + reach {
                    let z = (x - e[j]) / h
                    density += exp(-0.5 * z * z)
                    j += 1
                }
                let gap = density * normal - mp
                if gap.isFinite { total += gap * gap }
            }
        }
        return total
    }
}
