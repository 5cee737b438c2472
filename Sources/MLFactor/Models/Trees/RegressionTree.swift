/// A fitted binary regression tree in flat arrays: node 0 is the root; an internal node sends
/// a row left when `x[feature] ≤ threshold`; a leaf (`feature == -1`) holds its value.
struct RegressionTree: Sendable, Hashable, Codable {
    /// Split feature of each node, -1 for a leaf.
    var features: [Int32] = []
    /// Split threshold on the raw feature value.
    var thresholds: [Double] = []
    /// Split threshold on the feature's bin (used while training).
    var binThresholds: [UInt8] = []
    /// Left child of each internal node.
    var left: [Int32] = []
    /// Right child of each internal node.
    var right: [Int32] = []
    /// Value of each leaf (0 for internal nodes).
    var values: [Double] = []

    /// Appends a leaf and returns its index.
    mutating func addLeaf(_ value: Double) -> Int {
        features.append(-1); thresholds.append(0); binThresholds.append(0)
        left.append(-1); right.append(-1); values.append(value)
        return values.count - 1
    }

    /// Turns leaf `node` into a split with the given children.
    mutating func split(_ node: Int, feature: Int, bin: UInt8, threshold: Double, left l: Int, right r: Int) {
        features[node] = Int32(feature)
        binThresholds[node] = bin
        thresholds[node] = threshold
        left[node] = Int32(l)
        right[node] = Int32(r)
        values[node] = 0
    }

    /// The leaf value for row `i` of a column-major matrix with leading dimension `ld`.
    @inline(__always)
    func predict(_ x: UnsafeBufferPointer<Double>, row i: Int, leadingDimension ld: Int) -> Double {
        var node = 0
        while true {
            let f = Int(features[node])
            if f < 0 { return values[node] }
            node = Int(x[i + f * ld] <= thresholds[node] ? left[node] : right[node])
        }
    }

    /// The leaf value for row `i` of a column-major bin matrix with `n` rows.
    @inline(__always)
    func predict(bins: UnsafeBufferPointer<UInt8>, row i: Int, rows n: Int) -> Double {
        var node = 0
        while true {
            let f = Int(features[node])
            if f < 0 { return values[node] }
            node = Int(bins[i + f * n] <= binThresholds[node] ? left[node] : right[node])
        }
    }

    /// The leaf value for row `i` of row-major bins with `stride` bytes per row.
    @inline(__always)
    func predict(rowBins bins: UnsafePointer<UInt8>, stride: Int, row i: Int) -> Double {
        var node = 0
        let row = bins + i * stride
        while true {
            let f = Int(features[node])
            if f < 0 { return values[node] }
            node = Int(row[f] <= binThresholds[node] ? left[node] : right[node])
        }
    }

    /// The length of the longest root-to-leaf path (children always follow their parent).
    var depth: Int {
        var depths = [Int](repeating: 0, count: values.count)
        for node in 0..<values.count where features[node] >= 0 {
            depths[Int(left[node])] = depths[node] + 1
            depths[Int(right[node])] = depths[node] + 1
        }
        return depths.max() ?? 0
    }

    /// Number of leaves.
    var leafCount: Int { features.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }
}
