import LinearAlgebra
import QuantCore

/// Pairwise-complete (weighted) covariances from masked matrix products.
///
/// With `X0` the panel centred by each column's available mean (missing cells set to 0), `M` the
/// 0/1 observation mask and `w` the row weights, every pair `(a, b)` gets, over the dates where
/// both are observed:
///
/// - `W_ab = Σ w M_a M_b` and `W2_ab = Σ w² M_a M_b` (`dsyrk`),
/// - `Sx_ab = Σ w X0_a M_b` (`dgemm`), `Sxy_ab = Σ w X0_a X0_b` (`dsyrk`),
/// - the weighted covariance `Sxy/W - (Sx_ab/W)(Sx_ba/W)`, which equals the two-pass formula with
///   the pair's own means (the pre-centring keeps the one-pass form free of cancellation).
///
/// This is what pandas computes pair by pair in `DataFrame.cov()` (`w = 1`) and in
/// `DataFrame.ewm(...).cov()` (geometric `w`), at BLAS speed.
enum PairwiseMoments {
    /// How the pair's biased second moment becomes the reported covariance.
    enum Correction {
        /// Unweighted, divide the sum of products by `n_ab - ddof`.
        case degreesOfFreedom(Int)
        /// Weighted, multiply the biased covariance by `W² / (W² - W2)` (pandas `bias=False`).
        case reliabilityWeights
    }

    /// The pairwise covariance of `data` (centred in place by this call; NaN marks missing).
    ///
    /// - Parameter weights: one weight per row, or `nil` for equal weights.
    /// - Throws: ``CovarianceError`` `.tooFewObservations` naming a pair that shares too few dates.
    /// - Complexity: O(T·N²): three `dsyrk` and one `dgemm` (a fourth `dsyrk` when weighted).
    static func covariance(_ data: inout PreparedReturns, weights: [Double]?, correction: Correction) throws -> Matrix {
        _ = data.centreColumns()
        let n = data.rows, p = data.columns
        // A = sqrt(w)·X0 (in place), B = sqrt(w)·M, C = w·M (weighted only).
        var maskScaled = [Double](repeating: 0, count: n * p)
        var maskWeighted = weights == nil ? [] : [Double](repeating: 0, count: n * p)
        data.values.withUnsafeMutableBufferPointer { a in
            maskScaled.withUnsafeMutableBufferPointer { b in
                for j in 0..<p {
                    let base = j * n
                    for t in 0..<n {
                        let observed = !a[base + t].isNaN
                        let root = weights.map { $0[t].squareRoot() } ?? 1
                        if observed {
                            a[base + t] *= root
                            b[base + t] = root
                        } else {
                            a[base + t] = 0
                        }
                    }
                }
            }
        }
        if let weights {
            maskWeighted.withUnsafeMutableBufferPointer { c in
                maskScaled.withUnsafeBufferPointer { b in
                    for j in 0..<p {
                        for t in 0..<n where b[t + j * n] != 0 { c[t + j * n] = weights[t] }
                    }
                }
            }
        }
        let a = data.takeMatrix()
        let b = Matrix(rows: n, columns: p, columnMajor: maskScaled)
        maskScaled = []
        var sxy = Matrix(rows: p, columns: p)
        a.gram(scale: 1, into: &sxy, accumulate: false)
        var count = Matrix(rows: p, columns: p)
        b.gram(scale: 1, into: &count, accumulate: false)
        // Sx_ab = Σ w X0_a M_b = Aᵀ·B.
        let sx: Matrix
        do { sx = try a.multiplied(by: b, transposingSelf: .transposed) } catch {
            throw CovarianceError(.numericalFailure, detail: "\(error)")
        }
        var count2 = count
        if weights != nil {
            let c = Matrix(rows: n, columns: p, columnMajor: maskWeighted)
            c.gram(scale: 1, into: &count2, accumulate: false)
        }
        var out = sxy
        for j in 0..<p {
            for i in j..<p {
                let w = count[i, j]
                let value: Double
                switch correction {
                case .degreesOfFreedom(let ddof):
                    let pairs = w.rounded()
                    guard pairs - Double(ddof) > 0, pairs >= 2 else {
                        throw tooFew(data.assets, i, j, Int(pairs))
                    }
                    value = (sxy[i, j] - sx[i, j] * sx[j, i] / w) / (w - Double(ddof))
                case .reliabilityWeights:
                    let w2 = count2[i, j]
                    let denominator = w * w - w2
                    guard w > 0, denominator > 1e-14 * w * w else { throw tooFew(data.assets, i, j, nil) }
                    let biased = sxy[i, j] / w - (sx[i, j] / w) * (sx[j, i] / w)
                    value = biased * (w * w / denominator)
                }
                out[i, j] = value
                out[j, i] = value
            }
        }
        return out
    }

    private static func tooFew(_ assets: [Symbol], _ i: Int, _ j: Int, _ pairs: Int?) -> CovarianceError {
        let what = i == j ? "\(assets[i]) has" : "\(assets[j]) and \(assets[i]) share"
        let count = pairs.map { " only \($0)" } ?? " fewer than 2"
        return CovarianceError(.tooFewObservations, asset: assets[i],
                               detail: "\(what)\(count) observations; at least 2 are needed (more than ddof)")
    }
}
