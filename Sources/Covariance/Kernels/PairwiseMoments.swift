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
    /// - Complexity: O(T·N²): two `dsyrk` and one `dgemm` (a third `dsyrk` when weighted); memory: the
    ///   centred copy, one `T × N` mask and three `N × N` matrices.
    static func covariance(_ data: inout PreparedReturns, weights: [Double]?, correction: Correction) throws -> Matrix {
        _ = data.centreColumns()
        let n = data.rows, p = data.columns
        var roots = [Double](repeating: 1, count: n)
        if let weights { for t in 0..<n { roots[t] = weights[t].squareRoot() } }
        // A = sqrt(w)·X0 in place of the centred copy; B = sqrt(w)·M, the one extra T × N buffer.
        var mask = [Double](repeating: 0, count: n * p)
        data.values.withUnsafeMutableBufferPointer { a in
            mask.withUnsafeMutableBufferPointer { b in
                roots.withUnsafeBufferPointer { r in
                    for j in 0..<p {
                        let base = j * n
                        for t in 0..<n {
                            if a[base + t].isNaN {
                                a[base + t] = 0
                            } else {
                                a[base + t] *= r[t]
                                b[base + t] = r[t]
                            }
                        }
                    }
                }
            }
        }
        let a = data.takeMatrix()
        var b = Matrix(rows: n, columns: p, columnMajor: mask)
        mask = []
        // Three N × N matrices at most: Sxy (becomes the result), W, and Sx (later reused for W2).
        var result = Matrix(rows: p, columns: p)
        a.gram(scale: 1, into: &result, accumulate: false)
        var count = Matrix(rows: p, columns: p)
        b.gram(scale: 1, into: &count, accumulate: false)
        var sx: Matrix
        do { sx = try a.multiplied(by: b, transposingSelf: .transposed) } catch {
            throw CovarianceError(.numericalFailure, detail: "\(error)")
        }
        // Pass 1: the (biased, for weights) covariance of each pair, in place of Sxy.
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
                    value = (result[i, j] - sx[i, j] * sx[j, i] / w) / (w - Double(ddof))
                case .reliabilityWeights:
                    guard w > 0 else { throw tooFew(data.assets, i, j, nil) }
                    value = result[i, j] / w - (sx[i, j] / w) * (sx[j, i] / w)
                }
                result[i, j] = value
                result[j, i] = value
            }
        }
        guard weights != nil else { return result }
        // Pass 2 (weighted): W2 = Σ w² M_a M_b from B∘B, into Sx's storage; then pandas' factor W²/(W² - W2).
        b.withUnsafeMutableBufferPointer { m, _ in for k in 0..<m.count { m[k] *= m[k] } }
        b.gram(scale: 1, into: &sx, accumulate: false)
        for j in 0..<p {
            for i in j..<p {
                let w = count[i, j], denominator = w * w - sx[i, j]
                guard denominator > 1e-14 * w * w else { throw tooFew(data.assets, i, j, nil) }
                let value = result[i, j] * (w * w / denominator)
                result[i, j] = value
                result[j, i] = value
            }
        }
        return result
    }

    private static func tooFew(_ assets: [Symbol], _ i: Int, _ j: Int, _ pairs: Int?) -> CovarianceError {
        let what = i == j ? "\(assets[i]) has" : "\(assets[j]) and \(assets[i]) share"
        let count = pairs.map { " only \($0)" } ?? " fewer than 2"
        return CovarianceError(.tooFewObservations, asset: assets[i],
                               detail: "\(what)\(count) observations; at least 2 are needed (more than ddof)")
    }
}
