public import QuantCore
import Foundation
import LinearAlgebra

/// Ledoit-Wolf (2020) analytical nonlinear shrinkage: each sample eigenvalue gets its own shrunk value.
///
/// With the returns demeaned and `n = T - 1` effective observations (the convention of the
/// authors' published code), `S = XᵀX / n = U·diag(λ)·Uᵀ`, and the `m = min(N, n)` largest
/// eigenvalues `λ_j`, the bandwidth `h = n^(-1/3)` (eq. 4.9) and `x_ij = (λ_i - λ_j)/(h·λ_j)` give
/// the Epanechnikov kernel density and its Hilbert transform (eqs. 4.7, 4.8):
///
/// - `f̃_i = (1/m) Σ_j 3/(4√5) · max(1 - x_ij²/5, 0) / (h·λ_j)`,
/// - `Hf̃_i = (1/m) Σ_j [-3/(10π)·x_ij + 3/(4√5·π)·(1 - x_ij²/5)·log|(√5 - x_ij)/(√5 + x_ij)|] / (h·λ_j)`.
///
/// For `N <= n` (eq. 4.3, `c = N/n`): `d_i = λ_i / ((π·c·λ_i·f̃_i)² + (1 - c - π·c·λ_i·Hf̃_i)²)`.
/// For `N > n` (appendix C): the `N - n` null eigenvalues get
/// `d_0 = 1 / (π·(N - n)/n · Hf̃_0)` with
/// `Hf̃_0 = (1/π)·(3/(10h²) + 3/(4√5·h)·(1 - 1/(5h²))·log((1 + √5h)/(1 - √5h)))·mean(1/λ)` (C.8),
/// and the others `d_i = λ_i / (π²·λ_i²·(f̃_i² + Hf̃_i²))` (C.4). The estimate is `U·diag(d)·Uᵀ`.
///
/// Ledoit & Wolf (2020), "Analytical nonlinear shrinkage of large-dimensional covariance
/// matrices", Annals of Statistics 48(5), 3043-3065, doi:10.1214/19-AOS1921. No isotonic
/// post-processing is applied (the paper's formula as published).
///
/// ```swift
/// let estimate = try NonlinearShrinkage().estimate(from: returns)   // works for N > T too
/// ```
public struct NonlinearShrinkage: CovarianceEstimator, Hashable {
    /// What to do with missing values (`.pairwise` is not supported and throws).
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameter missing: `.dropIncompleteRows` (default) or `.forbid`.
    public init(missing: MissingDataPolicy = .dropIncompleteRows) {
        self.missing = missing
    }

    /// Estimates the nonlinearly shrunk covariance; the diagnostics carry `"bandwidth"` (`h`).
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations` (fewer than 2
    ///   dates, or for `N > n` fewer than 12 so that `√5·h < 1`), `.missingValue`/`.nonFinite`
    ///   naming asset and date, `.invalidParameter` for `.pairwise`, `.numericalFailure` when a
    ///   used sample eigenvalue is not positive (collinear returns).
    /// - Complexity: O(T·N² + N³) (`dsyrk` and `dsyevr`) plus O(min(N, T)²) for the kernel sums.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard missing != .pairwise else {
            throw CovarianceError(.invalidParameter, detail: "nonlinear shrinkage needs complete rows")
        }
        var data = try PreparedReturns(returns, policy: missing)
        let t = data.rows, p = data.columns, n = t - 1
        let s = data.centredGram(scale: 1 / Double(n))
        let eig = try NearestPositiveSemidefinite.eigen(s)
        let m = min(p, n), offset = p - m
        let h = pow(Double(n), -1.0 / 3.0)
        let root5 = 5.0.squareRoot()
        if p > n, root5 * h >= 1 {
            throw CovarianceError(.tooFewObservations, detail: "N > T - 1 needs at least 12 dates for the null-eigenvalue formula, got \(t)")
        }
        var lambda = [Double](eig.values[offset...])
        for k in 0..<m where !(lambda[k] > 0) {
            throw CovarianceError(.numericalFailure, detail: "sample eigenvalue \(lambda[k]) is not positive; the returns are collinear")
        }
        var density = [Double](repeating: 0, count: m), hilbert = [Double](repeating: 0, count: m)
        let kernelScale = 3 / (4 * root5), linear = -3 / (10 * Double.pi), logScale = 3 / (4 * root5 * Double.pi)
        lambda.withUnsafeBufferPointer { l in
            for i in 0..<m {
                var f = 0.0, hf = 0.0
                for j in 0..<m {
                    let width = h * l[j]
                    let u = (l[i] - l[j]) / width
                    let quadratic = 1 - u * u / 5
                    f += max(quadratic, 0) / width
                    var term = linear * u
                    if abs(u) != root5 { term += logScale * quadratic * log(abs((root5 - u) / (root5 + u))) }
                    hf += term / width
                }
                density[i] = kernelScale * f / Double(m)
                hilbert[i] = hf / Double(m)
            }
        }
        var shrunk = [Double](repeating: 0, count: p)
        if p <= n {
            let c = Double(p) / Double(n)
            for i in 0..<m {
                let a = Double.pi * c * lambda[i] * density[i]
                let b = 1 - c - Double.pi * c * lambda[i] * hilbert[i]
                shrunk[i] = lambda[i] / (a * a + b * b)
            }
        } else {
            var meanInverse = 0.0
            for k in 0..<m { meanInverse += 1 / lambda[k] }
            meanInverse /= Double(m)
            let h2 = h * h
            let hilbertZero = (1 / Double.pi) * (3 / (10 * h2) + 3 / (4 * root5 * h) * (1 - 1 / (5 * h2))
                * log((1 + root5 * h) / (1 - root5 * h))) * meanInverse
            let nullValue = 1 / (Double.pi * Double(p - n) / Double(n) * hilbertZero)
            for k in 0..<offset { shrunk[k] = nullValue }
            for i in 0..<m {
                shrunk[offset + i] = lambda[i] / (Double.pi * Double.pi * lambda[i] * lambda[i]
                    * (density[i] * density[i] + hilbert[i] * hilbert[i]))
            }
        }
        lambda = []
        let matrix = eig.reconstructed(withEigenvalues: shrunk)
        return CovarianceEstimate(assets: data.assets, matrix: matrix, method: "nonlinear", observations: t,
                                  diagnostics: ["bandwidth": h])
    }
}
