import Dispatch
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
    ///
    /// Features are sorted by ``radixSorted(_:)`` and binned in parallel, one feature per task;
    /// each feature's edges depend on its own column only.
    init(fitting x: Matrix, rows: Int? = nil, maxBins: Int) {
        let n = Swift.min(rows ?? x.rows, x.rows)
        var edges = [[Double]](repeating: [], count: x.columns)
        x.withUnsafeBufferPointer { values, ld in
            edges.withUnsafeMutableBufferPointer { out in
                let task = ParallelColumns(values: values, leadingDimension: ld, out: out)
                DispatchQueue.concurrentPerform(iterations: x.columns) { f in
                    let column = UnsafeBufferPointer(rebasing: task.values[(f * task.leadingDimension)..<(f * task.leadingDimension + n)])
                    task.out[f] = Self.edges(sorted: Self.radixSorted(column), maxBins: maxBins)
                }
            }
        }
        self.edges = edges
    }

    /// The bin edges of one feature from its sorted values.
    private static func edges(sorted: [Double], maxBins: Int) -> [Double] {
        let n = sorted.count
        var distinct = [Double]()
        for v in sorted where distinct.last != v {
            distinct.append(v)
            if distinct.count > maxBins { break }   // only the count matters from here on
        }
        var e = [Double]()
        if distinct.count <= maxBins {
            for k in 0..<Swift.max(0, distinct.count - 1) { e.append(distinct[k] + (distinct[k + 1] - distinct[k]) / 2) }
        } else {
            let largest = sorted[n - 1]
            for k in 1..<maxBins {
                let v = sorted[Swift.min(n - 1, k * n / maxBins)]
                if e.last.map({ v > $0 }) ?? true, v < largest { e.append(v) }
            }
        }
        return e
    }

    /// Finite values in ascending order, by a least-significant-digit radix sort (11-bit digits)
    /// of their order-preserving bit patterns: several times faster than a comparison sort for
    /// the hundreds of thousands of values of a factor panel's column.
    static func radixSorted(_ values: UnsafeBufferPointer<Double>) -> [Double] {
        let n = values.count
        guard n > 1 else { return Array(values) }
        let sign: UInt64 = 1 << 63
        // Negative values: all bits flipped; positive: sign bit set. Unsigned order = numeric order.
        var keys = values.map { v -> UInt64 in
            let b = v.bitPattern
            return b & sign != 0 ? ~b : b | sign
        }
        var other = [UInt64](repeating: 0, count: n)
        let digits = 6, radix = 2048
        var counts = [Int](repeating: 0, count: digits * radix)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for d in 0..<digits { c[d &* radix &+ Int(truncatingIfNeeded: (key >> UInt64(11 * d)) & 2047)] &+= 1 }
                }
            }
        }
        for d in 0..<digits {
            let shift = UInt64(11 * d)
            // A digit shared by every key leaves the order unchanged.
            if counts[d * radix + Int((keys[0] >> shift) & 2047)] == n { continue }
            counts.withUnsafeMutableBufferPointer { c in
                var total = 0
                for b in 0..<radix {
                    let count = c[d &* radix &+ b]
                    c[d &* radix &+ b] = total
                    total &+= count
                }
                keys.withUnsafeBufferPointer { src in
                    other.withUnsafeMutableBufferPointer { dst in
                        for key in src {
                            let slot = d &* radix &+ Int(truncatingIfNeeded: (key >> shift) & 2047)
                            dst[c[slot]] = key
                            c[slot] &+= 1
                        }
                    }
                }
            }
            swap(&keys, &other)
        }
        return keys.map { key in Double(bitPattern: key & sign != 0 ? key & ~sign : ~key) }
    }

    /// The number of bins of each feature.
    var binCounts: [Int] { edges.map { $0.count + 1 } }

    /// The bin of every element of `x`, row by row: row `i`'s feature `f` at `i * stride + f`,
    /// with `stride` the column count rounded up to a multiple of 8 (padding bytes are 0).
    func rowMajorBins(of x: Matrix) -> (bins: [UInt8], stride: Int) {
        let n = x.rows, p = x.columns, stride = Swift.max(8, (p + 7) / 8 * 8)
        var out = [UInt8](repeating: 0, count: n * stride)
        let block = 16_384
        x.withUnsafeBufferPointer { values, ld in
            out.withUnsafeMutableBufferPointer { bins in
                let task = RowBlocks(values: values, leadingDimension: ld, bins: bins, edges: edges)
                // Blocks of rows (not features) per task, so that no two tasks write one cache line.
                DispatchQueue.concurrentPerform(iterations: (n + block - 1) / block) { b in
                    let rows = (b * block)..<Swift.min(n, (b + 1) * block)
                    for f in 0..<p {
                        task.edges[f].withUnsafeBufferPointer { e in
                            for i in rows {
                                task.bins[i &* stride &+ f] = UInt8(truncatingIfNeeded: Self.bin(of: task.values[i &+ f &* task.leadingDimension], edges: e))
                            }
                        }
                    }
                }
            }
        }
        return (out, stride)
    }

    /// The first `k` with `v <= edges[k]`, or `edges.count`: a binary search without branches on
    /// the data (a mispredicted branch per step would cost more than the step), for finite `v`.
    ///
    /// `e < v` is read from the sign of `(e - v) + 0`: for finite values the difference is
    /// negative exactly when `e < v`, and adding zero turns a `-0` (from `-0 - 0`) into `+0`.
    @inline(__always)
    static func bin(of v: Double, edges e: UnsafeBufferPointer<Double>) -> Int {
        var n = e.count
        guard n > 0 else { return 0 }
        var base = 0
        while n > 1 {
            let half = n &>> 1
            base &+= half & (0 &- below(e[base &+ half], v))
            n &-= half
        }
        return base &+ below(e[base], v)
    }

    /// 1 when `e < v`, else 0, for finite values, without a comparison the compiler could turn into a branch.
    @inline(__always)
    private static func below(_ e: Double, _ v: Double) -> Int {
        Int(truncatingIfNeeded: ((e - v) + 0.0).bitPattern &>> 63)
    }

    /// The bin of every element of `x`, column-major like `x`.
    func bins(of x: Matrix) -> [UInt8] {
        let n = x.rows
        var out = [UInt8](repeating: 0, count: n * x.columns)
        x.withUnsafeBufferPointer { values, ld in
            out.withUnsafeMutableBufferPointer { bins in
                for f in 0..<x.columns {
                    edges[f].withUnsafeBufferPointer { e in
                        for i in 0..<n {
                            bins[i + f * n] = UInt8(truncatingIfNeeded: Self.bin(of: values[i + f * ld], edges: e))
                        }
                    }
                }
            }
        }
        return out
    }
}

/// The columns of a matrix and one output slot per column, for a parallel loop over columns.
///
/// `@unchecked Sendable`: the buffers outlive the synchronous `concurrentPerform`, the values are
/// only read, and each iteration writes only its own slot.
private struct ParallelColumns: @unchecked Sendable {
    let values: UnsafeBufferPointer<Double>
    let leadingDimension: Int
    let out: UnsafeMutableBufferPointer<[Double]>
}

/// A matrix, its bin edges and the row-major bins to fill, for a parallel loop over row blocks.
///
/// `@unchecked Sendable`: the buffers outlive the synchronous `concurrentPerform`, the values and
/// edges are only read, and each iteration writes only its own rows.
private struct RowBlocks: @unchecked Sendable {
    let values: UnsafeBufferPointer<Double>
    let leadingDimension: Int
    let bins: UnsafeMutableBufferPointer<UInt8>
    let edges: [[Double]]
}
