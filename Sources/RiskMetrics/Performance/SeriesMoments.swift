import Foundation

/// The sums every return statistic is derived from, gathered in two streaming passes over a
/// contiguous buffer (pass 1: sum, extremes and growth; pass 2: central moments around the
/// mean, downside and threshold sums). Internal; the public surface is ``PerformanceSummary``
/// and the ``ReturnSeries`` methods.
struct SeriesMoments {
    var n: Int
    var mean: Double
    /// `Σ (r - mean)^k` for k = 2, 3, 4.
    var m2: Double, m3: Double, m4: Double
    var minimum: Double, maximum: Double
    /// Final wealth `Π (1 + r)` (simple) or `exp(Σ r)` (log), starting from 1.
    var finalWealth: Double
    /// `W_n - 1`, via `expm1` for log returns (no cancellation for small totals).
    var totalReturn: Double
    /// `Σ min(r - threshold, 0)²`.
    var downsideSquares: Double
    /// `Σ max(r - threshold, 0)` and `Σ max(threshold - r, 0)`.
    var gains: Double, losses: Double
    /// Counts of `r > 0` and `r != 0`.
    var positives: Int, nonZero: Int
    /// The threshold the downside and omega sums use (the per-period risk-free rate).
    var threshold: Double

    /// - Complexity: O(n), two passes.
    init(_ values: UnsafeBufferPointer<Double>, kind: ReturnKindTag, threshold: Double) {
        var unused = DrawdownKernel()
        self.init(values, kind: kind, threshold: threshold, drawdown: &unused, tracksDrawdown: false)
    }

    /// As ``init(_:kind:threshold:)``, also stepping `drawdown` through the series in the first
    /// pass when `tracksDrawdown` is true.
    init(_ values: UnsafeBufferPointer<Double>, kind: ReturnKindTag, threshold: Double, drawdown: inout DrawdownKernel, tracksDrawdown: Bool) {
        let n = values.count
        var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
        var wealth = 1.0, logSum = 0.0
        if tracksDrawdown {
            var dd = drawdown
            for k in 0..<n {
                let r = values[k]
                sum += r
                if r < lo { lo = r }
                if r > hi { hi = r }
                let g: Double
                if kind == .simple { g = 1 + r; wealth *= g } else { g = exp(r); logSum += r }
                dd.step(g, at: k)
            }
            drawdown = dd
        } else {
            for k in 0..<n {
                let r = values[k]
                sum += r
                if r < lo { lo = r }
                if r > hi { hi = r }
                if kind == .simple { wealth *= 1 + r } else { logSum += r }
            }
        }
        let mean = sum / Double(n)
        var s2 = 0.0, s3 = 0.0, s4 = 0.0, down = 0.0, gain = 0.0, loss = 0.0
        var pos = 0, nz = 0
        for k in 0..<n {
            let r = values[k]
            let d = r - mean, d2 = d * d
            s2 += d2
            s3 += d2 * d
            s4 += d2 * d2
            let x = r - threshold
            if x < 0 { down += x * x; loss -= x } else if x > 0 { gain += x }
            if r > 0 { pos += 1 }
            if r != 0 { nz += 1 }
        }
        self.n = n
        self.mean = mean
        m2 = s2; m3 = s3; m4 = s4
        minimum = lo; maximum = hi
        finalWealth = kind == .simple ? wealth : exp(logSum)
        totalReturn = kind == .simple ? wealth - 1 : expm1(logSum)
        downsideSquares = down
        gains = gain; losses = loss
        positives = pos; nonZero = nz
        self.threshold = threshold
    }

    /// Whether every value is identical (zero dispersion, even if rounding leaves `m2 > 0`).
    var isConstant: Bool { minimum == maximum || m2 <= 0 }

    /// `sqrt(Σ(r - mean)² / (n - ddof))`, or `nil` when `n <= ddof`.
    func standardDeviation(ddof: Int) -> Double? {
        guard n > ddof else { return nil }
        return isConstant ? 0 : (m2 / Double(n - ddof)).squareRoot()
    }

    func cagr(periodsPerYear: Double) -> Double { pow(finalWealth, periodsPerYear / Double(n)) - 1 }

    func sharpe(_ c: PerformanceConventions) -> Double? {
        guard !isConstant, let sd = standardDeviation(ddof: c.ddof), sd > 0 else { return nil }
        return (mean - threshold) / sd * c.periodsPerYear.squareRoot()
    }

    func sortino(_ c: PerformanceConventions) -> Double? {
        guard downsideSquares > 0 else { return nil }
        let downside = (downsideSquares / Double(n)).squareRoot() * c.periodsPerYear.squareRoot()
        return (mean - threshold) * c.periodsPerYear / downside
    }

    func omega() -> Double? {
        guard n >= 2, losses > 0 else { return nil }
        return gains / losses
    }

    func skewness(_ estimator: MomentEstimator) -> Double? {
        guard !isConstant else { return nil }
        let nd = Double(n)
        let g1 = (m3 / nd) / pow(m2 / nd, 1.5)
        switch estimator {
        case .population: return g1
        case .adjusted:
            guard n >= 3 else { return nil }
            return g1 * (nd * (nd - 1)).squareRoot() / (nd - 2)
        }
    }

    func excessKurtosis(_ estimator: MomentEstimator) -> Double? {
        guard !isConstant else { return nil }
        let nd = Double(n)
        let v = m2 / nd
        let g2 = (m4 / nd) / (v * v) - 3
        switch estimator {
        case .population: return g2
        case .adjusted:
            guard n >= 4 else { return nil }
            return ((nd + 1) * g2 + 6) * (nd - 1) / ((nd - 2) * (nd - 3))
        }
    }

    func hitRate() -> Double? { nonZero == 0 ? nil : Double(positives) / Double(nonZero) }
}

/// A non-public mirror of `ReturnKind` used inside kernels (a trivial enum compare).
enum ReturnKindTag { case simple, log }
