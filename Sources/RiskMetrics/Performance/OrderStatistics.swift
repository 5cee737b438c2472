/// The few order statistics the summary needs (three quantiles and a lower-tail mean), found
/// by quickselect on a scratch copy in O(n) instead of a full O(n log n) sort.
///
/// After ``value(at:)`` has placed the `k`-th smallest value at index `k`, every element left
/// of `k` is no larger and every element right of it no smaller; later selections work on the
/// right part only, so requests must come in ascending order of `k`.
struct OrderStatistics {
    private var scratch: [Double]
    /// Indices below this are final (each is in its sorted position or left of a final one).
    private var settled = 0
    private var known = [Int: Double]()

    init(_ values: [Double]) { scratch = values }

    var count: Int { scratch.count }

    /// The `k`-th smallest value (0-based).
    mutating func value(at k: Int) -> Double {
        if let v = known[k] { return v }
        precondition(k >= settled, "order statistics must be requested in ascending order")
        let v = scratch.withUnsafeMutableBufferPointer { Self.select(&$0, from: settled, k) }
        known[k] = v
        settled = k + 1
        return v
    }

    /// The `q`-quantile by linear interpolation (numpy's default); see ``Percentile/linear(_:_:)``.
    mutating func quantile(_ q: Double) -> Double {
        let n = count
        let h = q * Double(n - 1)
        let lo = Swift.min(Swift.max(Int(h.rounded(.down)), 0), n - 1)
        let hi = Swift.min(lo + 1, n - 1)
        let t = h - Double(lo)
        let a = value(at: lo), b = value(at: hi)
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }

    /// The mean of the `⌊(n - 1)α⌋ + 1` smallest values (empyrical's CVaR); needs
    /// `value(at: ⌊(n - 1)α⌋)` to have been selected, which it does first if needed.
    mutating func lowerTailMean(_ alpha: Double) -> Double {
        let k = Swift.min(Int(Double(count - 1) * alpha), count - 1)
        _ = value(at: k)
        return scratch.withUnsafeBufferPointer { s in
            var sum = 0.0
            for i in 0...k { sum += s[i] }
            return sum / Double(k + 1)
        }
    }

    /// Quickselect (median-of-three, Hoare partition) of the `k`-th smallest within `lo..<count`;
    /// falls back to sorting the range if partitioning degenerates.
    private static func select(_ a: inout UnsafeMutableBufferPointer<Double>, from lower: Int, _ k: Int) -> Double {
        var lo = lower, hi = a.count - 1
        var budget = 2 * (Int.bitWidth - (hi - lo + 1).leadingZeroBitCount) + 8
        while hi > lo {
            if budget == 0 {
                a[lo...hi].sort()
                return a[k]
            }
            budget -= 1
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
        }
        return a[k]
    }
}
