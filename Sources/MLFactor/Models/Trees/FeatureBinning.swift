public import LinearAlgebra

/// Per-feature bin edges: the histogram discretisation shared by the tree models.
///
/// Feature `f`'s value `x` falls in bin `k`, the first with `x ≤ edges[f][k]`, or in the last
/// bin `edges[f].count` when `x` exceeds every edge; so `bin ≤ b` exactly when
/// `x ≤ edges[f][b]`, and a split found on bins is a threshold on raw values. Edges are the
/// midpoints between consecutive distinct values when a feature has at most `maxBins` of them,
/// otherwise values at evenly spaced ranks (deduplicated), as in LightGBM and scikit-learn's
/// `HistGradientBoostingRegressor`.
struct FeatureBinning: Sendable, Hashable, Codable {
    /// Upper edges of every bin but the last, per feature.
    var edges: [[Double]]

    /// Learns edges from the first `rows` rows (all by default) of the columns of `x` (finite values).
    init(fitting x: Matrix, rows: Int? = nil, maxBins: Int) {
        let n = Swift.min(rows ?? x.rows, x.rows)
        var edges = [[Double]]()
        edges.reserveCapacity(x.columns)
        for f in 0..<x.columns {
            var sorted = x.withUnsafeBufferPointer { values, ld in Array(values[(f * ld)..<(f * ld + n)]) }
            sorted.sort()
            var distinct = [Double]()
            for v in sorted where distinct.last != v { distinct.append(v) }
            var e = [Double]()
            if distinct.count <= maxBins {
                for k in 0..<Swift.max(0, distinct.count - 1) { e.append(distinct[k] + (distinct[k + 1] - distinct[k]) / 2) }
            } else {
                for k in 1..<maxBins {
                    let v = sorted[Swift.min(n - 1, k * n / maxBins)]
                    if e.last.map({ v > $0 }) ?? true, v < distinct[distinct.count - 1] { e.append(v) }
                }
            }
            edges.append(e)
        }
        self.edges = edges
    }

    /// The number of bins of each feature.
    var binCounts: [Int] { edges.map { $0.count + 1 } }

    /// The bin of every element of `x`, column-major like `x`.
    func bins(of x: Matrix) -> [UInt8] {
        let n = x.rows
        var out = [UInt8](repeating: 0, count: n * x.columns)
        x.withUnsafeBufferPointer { values, ld in
            out.withUnsafeMutableBufferPointer { bins in
                for f in 0..<x.columns {
                    edges[f].withUnsafeBufferPointer { e in
                        for i in 0..<n {
                            let v = values[i + f * ld]
                            var lo = 0, hi = e.count
                            while lo < hi {
                                let mid = (lo + hi) >> 1
                                if v <= e[mid] { hi = mid } else { lo = mid + 1 }
                            }
                            bins[i + f * n] = UInt8(truncatingIfNeeded: lo)
                        }
                    }
                }
            }
        }
        return out
    }
}
