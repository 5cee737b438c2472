/// Order statistics on an ascending-sorted buffer.
enum Percentile {
    /// The `q`-quantile (`0 <= q <= 1`) by linear interpolation between order statistics,
    /// `numpy.percentile(x, 100q)`'s default `method="linear"`: position `h = q (n - 1)`,
    /// value `x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋])`.
    ///
    /// - Complexity: O(1).
    static func linear(_ sorted: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        let n = sorted.count
        let h = q * Double(n - 1)
        let lo = Swift.min(Swift.max(Int(h.rounded(.down)), 0), n - 1)
        let hi = Swift.min(lo + 1, n - 1)
        let t = h - Double(lo)
        let a = sorted[lo], b = sorted[hi]
        let diff = b - a
        // numpy's _lerp: interpolate from the nearer end for t >= 0.5.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }

    /// The mean of the `⌊(n - 1) α⌋ + 1` smallest values: empyrical's
    /// `conditional_value_at_risk(cutoff: α)`, i.e. the mean of the returns at or below the
    /// linearly interpolated `α`-quantile.
    static func lowerTailMean(_ sorted: UnsafeBufferPointer<Double>, _ alpha: Double) -> Double {
        let n = sorted.count
        let count = Swift.min(Int(Double(n - 1) * alpha) + 1, n)
        var sum = 0.0
        for k in 0..<count { sum += sorted[k] }
        return sum / Double(count)
    }
}
