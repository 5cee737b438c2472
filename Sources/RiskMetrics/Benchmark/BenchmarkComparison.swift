import Foundation
import QuantCore

/// Statistics of a return series relative to a benchmark, on the observations both share.
///
/// Alignment: when both series are dated, the pair is the dates present in both (missing
/// values were already dropped from each); when neither is dated, they must have equal length
/// and pair by position. With `r` the series, `b` the benchmark, `a = r - b` the active
/// return, `rf_p` the per-period risk-free rate and `P` periods per year, following
/// empyrical(-reloaded) 0.7.1:
///
/// | Property | Formula | Reference |
/// |---|---|---|
/// | ``beta`` | `Σ(b - b̄)(r - r̄) / Σ(b - b̄)²` | `beta` |
/// | ``alpha`` | `(1 + mean(r - rf_p - β(b - rf_p)))^P - 1` | `alpha` (annualised) |
/// | ``correlation`` | Pearson `ρ(r, b)` | `numpy.corrcoef` |
/// | ``trackingError`` | `std(a; ddof)·sqrt(P)` | numpy `std(a, ddof=1)·sqrt(P)` |
/// | ``informationRatio`` | `mean(a) / std(a; ddof)`, per period | `excess_sharpe`; quantstats `information_ratio` |
/// | ``upCapture`` | `cagr(r | b > 0) / cagr(b | b > 0)` | `up_capture` |
/// | ``downCapture`` | `cagr(r | b < 0) / cagr(b | b < 0)` | `down_capture` |
///
/// where `cagr(x | cond)` compounds only the periods meeting the condition, with `n` their count.
///
/// ```swift
/// let versus = try BenchmarkComparison(series, benchmark: kospi)
/// versus.beta, versus.upCapture
/// ```
public struct BenchmarkComparison: Sendable, Hashable {
    /// The number of paired observations.
    public let observations: Int
    /// OLS slope of the series on the benchmark; `nil` when the benchmark variance is below
    /// 1e-30 (empyrical's cut-off).
    public let beta: Double?
    /// Annualised Jensen's alpha; `nil` when ``beta`` is.
    public let alpha: Double?
    /// Pearson correlation; `nil` when either series is constant.
    public let correlation: Double?
    /// Annualised tracking error (standard deviation of active returns).
    public let trackingError: Double
    /// Mean active return over its standard deviation, per period (not annualised, as
    /// empyrical and quantstats report it); `nil` when the active return is constant.
    public let informationRatio: Double?
    /// Up-market capture; `nil` without a positive benchmark period or with zero benchmark growth in them.
    public let upCapture: Double?
    /// Down-market capture; `nil` without a negative benchmark period or with zero benchmark growth in them.
    public let downCapture: Double?

    /// Compares `series` with `benchmark`.
    ///
    /// - Throws: ``RiskMetricsError``: `.lengthMismatch` for undated series of different
    ///   lengths, `.labelMismatch` when one is dated and the other is not, `.tooFewObservations`
    ///   when fewer than 2 (or `ddof + 1`) observations pair up, `.invalidParameter` for invalid
    ///   conventions.
    /// - Complexity: O(n + m) for the date merge, then O(n) in two passes.
    public init(_ series: ReturnSeries, benchmark: ReturnSeries, conventions: PerformanceConventions = .empyrical) throws {
        try conventions.validate()
        let (r, b) = try Self.align(series, benchmark)
        guard r.count >= max(2, conventions.ddof + 1) else {
            throw RiskMetricsError(.tooFewObservations, asset: series.asset,
                                   detail: "only \(r.count) observations pair with the benchmark; need at least \(max(2, conventions.ddof + 1))")
        }
        let n = r.count, nd = Double(n)
        let P = conventions.periodsPerYear
        let rf = conventions.periodRiskFreeRate
        let simple = series.kindTag == .simple
        observations = n
        var sr = 0.0, sb = 0.0
        var upR = 1.0, upB = 1.0, upN = 0, downR = 1.0, downB = 1.0, downN = 0
        r.withUnsafeBufferPointer { rp in
            b.withUnsafeBufferPointer { bp in
                for t in 0..<n {
                    sr += rp[t]; sb += bp[t]
                    let gr = simple ? 1 + rp[t] : exp(rp[t]), gb = simple ? 1 + bp[t] : exp(bp[t])
                    if bp[t] > 0 { upR *= gr; upB *= gb; upN += 1 } else if bp[t] < 0 { downR *= gr; downB *= gb; downN += 1 }
                }
            }
        }
        let mr = sr / nd, mb = sb / nd, ma = mr - mb
        var sbb = 0.0, srr = 0.0, srb = 0.0, saa = 0.0
        var rMin = Double.infinity, rMax = -Double.infinity, bMin = Double.infinity, bMax = -Double.infinity
        var aMin = Double.infinity, aMax = -Double.infinity
        r.withUnsafeBufferPointer { rp in
            b.withUnsafeBufferPointer { bp in
                for t in 0..<n {
                    let dr = rp[t] - mr, db = bp[t] - mb
                    sbb += db * db; srr += dr * dr; srb += db * dr
                    let a = rp[t] - bp[t], da = a - ma
                    saa += da * da
                    rMin = min(rMin, rp[t]); rMax = max(rMax, rp[t])
                    bMin = min(bMin, bp[t]); bMax = max(bMax, bp[t])
                    aMin = min(aMin, a); aMax = max(aMax, a)
                }
            }
        }
        let varB = sbb / nd
        if varB >= 1e-30 && bMin != bMax {
            let beta = (srb / nd) / varB
            self.beta = beta
            alpha = pow(1 + ((mr - rf) - beta * (mb - rf)), P) - 1
        } else {
            beta = nil
            alpha = nil
        }
        correlation = (rMin == rMax || bMin == bMax) ? nil : srb / (srr * sbb).squareRoot()
        let activeConstant = aMin == aMax
        let sdA = activeConstant ? 0 : (saa / Double(n - conventions.ddof)).squareRoot()
        trackingError = sdA * P.squareRoot()
        informationRatio = (activeConstant || sdA == 0) ? nil : ma / sdA
        func capture(_ wr: Double, _ wb: Double, _ k: Int) -> Double? {
            guard k > 0 else { return nil }
            let years = Double(k) / P
            let denominator = pow(wb, 1 / years) - 1
            guard denominator != 0 else { return nil }
            return (pow(wr, 1 / years) - 1) / denominator
        }
        upCapture = capture(upR, upB, upN)
        downCapture = capture(downR, downB, downN)
    }

    /// Pairs the observations of two series (by date, or by position when undated).
    static func align(_ s: ReturnSeries, _ b: ReturnSeries) throws -> ([Double], [Double]) {
        switch (s.dates, b.dates) {
        case (nil, nil):
            guard s.count == b.count else {
                throw RiskMetricsError(.lengthMismatch, asset: s.asset, detail: "series has \(s.count) returns but the benchmark has \(b.count) and neither is dated")
            }
            return (s.values, b.values)
        case let (sd?, bd?):
            var r = [Double](), m = [Double]()
            r.reserveCapacity(min(sd.count, bd.count)); m.reserveCapacity(min(sd.count, bd.count))
            var i = 0, j = 0
            while i < sd.count && j < bd.count {
                if sd[i] == bd[j] { r.append(s.values[i]); m.append(b.values[j]); i += 1; j += 1 }
                else if sd[i] < bd[j] { i += 1 } else { j += 1 }
            }
            return (r, m)
        default:
            throw RiskMetricsError(.labelMismatch, asset: s.asset, detail: "one of the series is dated and the other is not; cannot align them")
        }
    }
}

extension ReturnSeries {
    /// Beta, alpha, correlation, tracking error, information ratio and capture versus `benchmark`.
    ///
    /// - Throws: ``RiskMetricsError`` as ``BenchmarkComparison/init(_:benchmark:conventions:)``.
    public func compared(to benchmark: ReturnSeries, conventions: PerformanceConventions = .empyrical) throws -> BenchmarkComparison {
        try BenchmarkComparison(self, benchmark: benchmark, conventions: conventions)
    }
}
