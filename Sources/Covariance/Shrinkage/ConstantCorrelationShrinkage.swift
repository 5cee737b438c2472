public import QuantCore
import LinearAlgebra

/// Ledoit-Wolf (2004) shrinkage toward the constant-correlation target.
///
/// With centred returns `X`, `S = XᵀX / T`, `s_i = sqrt(S_ii)` and the mean off-diagonal correlation
/// `r̄ = (Σ_ij S_ij/(s_i s_j) - N) / (N(N-1))`, the target is `F_ij = r̄·s_i·s_j` (`F_ii = S_ii`).
/// The published optimal intensity is `δ = max(0, min(1, κ/T))`, `κ = (π̂ - ρ̂) / γ̂`, with
///
/// - `π̂ = Σ_ij π_ij`, `π_ij = (1/T) Σ_t x_ti² x_tj² - S_ij²`,
/// - `ρ̂ = Σ_i π_ii + r̄ Σ_{i≠j} sqrt(S_jj/S_ii)·θ_ij`, `θ_ij = (1/T) Σ_t x_ti³ x_tj - S_ii S_ij`,
/// - `γ̂ = ‖S - F‖²_F`,
///
/// and the estimate is `δ·F + (1 - δ)·S`. Ledoit & Wolf (2004), "Honey, I shrunk the sample
/// covariance matrix", J. Portfolio Management 30(4), doi:10.3905/jpm.2004.110, with the
/// conventions of their published code (divide by `T`). No reference library ships it; the
/// fixtures check it against an independent transcription of the formulas.
///
/// ```swift
/// let estimate = try ConstantCorrelationShrinkage().estimate(from: returns)
/// estimate.diagnostics["meanCorrelation"]   // r̄
/// ```
public struct ConstantCorrelationShrinkage: CovarianceEstimator, Hashable {
    /// What to do with missing values (`.pairwise` is not supported and throws).
    public var missing: MissingDataPolicy

    /// Creates the estimator.
    ///
    /// - Parameter missing: `.dropIncompleteRows` (default) or `.forbid`.
    public init(missing: MissingDataPolicy = .dropIncompleteRows) {
        self.missing = missing
    }

    /// Estimates the shrunk covariance; ``CovarianceEstimate/shrinkage`` is `δ`, the diagnostics
    /// carry `"meanCorrelation"` (`r̄`).
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse`, `.tooFewObservations`,
    ///   `.missingValue`/`.nonFinite` naming asset and date, `.invalidParameter` for `.pairwise`,
    ///   `.nonFinite` naming an asset with zero variance.
    /// - Complexity: O(T·N²): two `dsyrk` and one `dgemm`; one centred copy plus one `T × N` buffer.
    public func estimate(from returns: Panel) throws -> CovarianceEstimate {
        guard missing != .pairwise else {
            throw CovarianceError(.invalidParameter, detail: "constant-correlation shrinkage needs complete rows")
        }
        var data = try PreparedReturns(returns, policy: missing)
        let t = data.rows, p = data.columns, n = Double(t)
        let x = data.centredMatrix()
        var s = Matrix(rows: p, columns: p)
        x.gram(scale: 1 / n, into: &s, accumulate: false)
        guard p > 1 else {
            return CovarianceEstimate(assets: data.assets, matrix: s, shrinkage: 0, method: "constant-correlation", observations: t)
        }
        var sd = s.diagonalElements
        for i in 0..<p {
            guard sd[i] > 0 else {
                throw CovarianceError(.nonFinite, asset: data.assets[i], detail: "the asset's returns are constant; correlations are undefined")
            }
            sd[i] = sd[i].squareRoot()
        }
        var correlationSum = 0.0
        for j in 0..<p { for i in 0..<p where i != j { correlationSum += s[i, j] / (sd[i] * sd[j]) } }
        let rBar = correlationSum / Double(p * (p - 1))
        // Powers of the data: x³ for θ, then x² (same buffer) for π.
        var power = x.storage
        power.withUnsafeMutableBufferPointer { a in for k in 0..<a.count { a[k] = a[k] * a[k] * a[k] } }
        let cubes = Matrix(rows: t, columns: p, columnMajor: power)
        power = []
        let thirdMoments: Matrix
        do { thirdMoments = try cubes.multiplied(by: x, transposingSelf: .transposed, scale: 1 / n) } catch {
            throw CovarianceError(.numericalFailure, detail: "\(error)")
        }
        var squares = cubes.storage
        x.withUnsafeBufferPointer { a, _ in
            squares.withUnsafeMutableBufferPointer { b in for k in 0..<b.count { b[k] = a[k] * a[k] } }
        }
        var fourthMoments = Matrix(rows: p, columns: p)
        Matrix(rows: t, columns: p, columnMajor: squares).gram(scale: 1 / n, into: &fourthMoments, accumulate: false)
        var piHat = 0.0, piDiagonal = 0.0, thetaTerm = 0.0, gammaHat = 0.0
        for j in 0..<p {
            for i in 0..<p {
                let sij = s[i, j]
                let pi = fourthMoments[i, j] - sij * sij
                piHat += pi
                if i == j {
                    piDiagonal += pi
                } else {
                    let theta = thirdMoments[i, j] - s[i, i] * sij
                    thetaTerm += sd[j] / sd[i] * theta
                    let gap = sij - rBar * sd[i] * sd[j]
                    gammaHat += gap * gap
                }
            }
        }
        let rhoHat = piDiagonal + rBar * thetaTerm
        let delta = gammaHat > 0 ? max(0, min(1, (piHat - rhoHat) / gammaHat / n)) : 0
        var out = s
        for j in 0..<p {
            for i in 0..<p where i != j {
                out[i, j] = delta * rBar * sd[i] * sd[j] + (1 - delta) * s[i, j]
            }
        }
        return CovarianceEstimate(assets: data.assets, matrix: out, shrinkage: delta, method: "constant-correlation",
                                  observations: t, diagnostics: ["meanCorrelation": rBar])
    }
}
