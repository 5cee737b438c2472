/// Correlations and ranks of one cross-section (the kernels behind IC and rank IC).
///
/// Each function takes paired arrays of equal length holding finite values only; callers drop
/// missing pairs first. They return `NaN` when the statistic is undefined (fewer than two
/// values, or a side with zero variance) rather than trapping.
public enum CrossSectionStatistics {
    /// Pearson correlation `Σ(x-x̄)(y-ȳ) / sqrt(Σ(x-x̄)² Σ(y-ȳ)²)`, as `scipy.stats.pearsonr`.
    ///
    /// - Returns: The correlation in `-1...1`, or `NaN` when undefined.
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: O(n), two passes.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "pearson needs paired arrays")
        let n = x.count
        guard n >= 2 else { return .nan }
        var mx = 0.0, my = 0.0
        for k in 0..<n { mx += x[k]; my += y[k] }
        mx /= Double(n)
        my /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<n {
            let dx = x[k] - mx, dy = y[k] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        let r = sxy / (sxx * syy).squareRoot()
        return Swift.min(1, Swift.max(-1, r))
    }

    /// Spearman rank correlation: the Pearson correlation of average ranks (ties share the mean
    /// of the ranks they span), as `scipy.stats.spearmanr`.
    ///
    /// - Returns: The correlation in `-1...1`, or `NaN` when undefined.
    /// - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(averageRanks(x), averageRanks(y))
    }

    /// 1-based ranks with ties given the average of the ranks they span
    /// (`scipy.stats.rankdata(method="average")`).
    ///
    /// ```swift
    /// CrossSectionStatistics.averageRanks([10, 30, 20, 20])   // [1, 4, 2.5, 2.5]
    /// ```
    /// - Complexity: O(n log n).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end (0-based) share ranks start+1 ... end; their mean is (start+1+end)/2.
            let rank = Double(start + 1 + end) / 2
            for k in start..<end { ranks[order[k]] = rank }
            start = end
        }
        return ranks
    }

    /// The 1-based quantile of each value in `quantiles` bins of equal count by rank.
    ///
    /// Values are ordered ascending, ties broken by position (the first listed ranks lower,
    /// `rankdata(method="ordinal")`); the value of 0-based ordinal rank `r` among `n` goes to bin
    /// `floor(r · quantiles / n) + 1`. Quantile 1 therefore holds the lowest values and bin sizes
    /// differ by at most one.
    ///
    /// ```swift
    /// CrossSectionStatistics.quantileBins([0.3, -1, 2, 0.5, 0.1], quantiles: 5)   // [3, 1, 5, 4, 2]
    /// ```
    /// - Precondition: `quantiles >= 1`.
    /// - Complexity: O(n log n).
    public static func quantileBins(_ values: [Double], quantiles: Int) -> [Int] {
        precondition(quantiles >= 1, "quantileBins needs at least one quantile")
        let n = values.count
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var bins = [Int](repeating: 0, count: n)
        for (r, index) in order.enumerated() { bins[index] = r * quantiles / n + 1 }
        return bins
    }

    /// Mean, standard deviation (`ddof` 1) and count of the finite values of a series.
    ///
    /// - Returns: `NaN` for the mean when there is no value and for the deviation when fewer than two.
    static func moments(_ values: [Double]) -> (mean: Double, std: Double, count: Int) {
        var n = 0, sum = 0.0
        for v in values where v.isFinite { n += 1; sum += v }
        guard n > 0 else { return (.nan, .nan, 0) }
        let mean = sum / Double(n)
        guard n > 1 else { return (mean, .nan, 1) }
        var ss = 0.0
        for v in values where v.isFinite { ss += (v - mean) * (v - mean) }
        return (mean, (ss / Double(n - 1)).squareRoot(), n)
    }
}
