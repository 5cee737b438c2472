import Foundation

extension ReturnSeries {
    /// Annualised Sortino ratio of every trailing window, in one pass:
    /// `(μ_w - rf_p)·P / (sqrt(Σ_w min(r - rf_p, 0)² / w)·sqrt(P))`.
    ///
    /// Layout as ``rollingVolatility(window:conventions:)``; matches empyrical
    /// `roll_sortino_ratio(required_return: rf_p)`.
    ///
    /// - Returns: One ratio per window; `nil` for a window without a return below `rf_p`
    ///   (zero downside deviation).
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` for a window below 2 or invalid
    ///   conventions, `.tooFewObservations` when `window > n`.
    /// - Complexity: O(n).
    public func rollingSortino(window: Int, conventions: PerformanceConventions = .empyrical) throws -> [Double?] {
        try conventions.validate()
        try checkRollingWindow(window, minimum: 2)
        let P = conventions.periodsPerYear, rf = conventions.periodRiskFreeRate
        var out = [Double?](repeating: nil, count: count - window + 1)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var excess = CompensatedSum(), downside = CompensatedSum()
                var below = 0
                @inline(__always) func enter(_ x: Double) {
                    let e = x - rf
                    excess.add(e)
                    if e < 0 { downside.add(e * e); below += 1 }
                }
                @inline(__always) func leave(_ x: Double) {
                    let e = x - rf
                    excess.remove(e)
                    if e < 0 { downside.remove(e * e); below -= 1 }
                }
                for t in 0..<window { enter(v[t]) }
                var t = window - 1
                while true {
                    if below > 0 {
                        let dd = max(downside.value, 0) / Double(window)
                        if dd > 0 { o[t - window + 1] = excess.value / Double(window) * P / (dd.squareRoot() * P.squareRoot()) }
                    }
                    t += 1
                    if t == v.count { break }
                    enter(v[t]); leave(v[t - window])
                }
            }
        }
        return out
    }

    /// Beta versus `benchmark` over every trailing window of `window` paired observations,
    /// in one pass: `Σ_w(b - b̄)(r - r̄) / Σ_w(b - b̄)²`.
    ///
    /// The series pair as in ``BenchmarkComparison`` (by date, or by position when undated);
    /// element `k` is the window of paired observations `k ..< k + window`. Matches empyrical
    /// `roll_beta` on the aligned series.
    ///
    /// - Returns: One beta per window; `nil` where the benchmark is constant in the window or its
    ///   variance is below 1e-30 (empyrical's cut-off).
    /// - Throws: ``RiskMetricsError`` as ``BenchmarkComparison/init(_:benchmark:conventions:)``'s
    ///   alignment, `.invalidParameter` for a window below 2, `.tooFewObservations` when the
    ///   window is longer than the paired series.
    /// - Complexity: O(n + m).
    public func rollingBeta(versus benchmark: ReturnSeries, window: Int) throws -> [Double?] {
        let (r, b) = try BenchmarkComparison.align(self, benchmark)
        guard window >= 2 else {
            throw RiskMetricsError(.invalidParameter, asset: asset, detail: "window must be at least 2 returns, got \(window)")
        }
        guard window <= r.count else {
            throw RiskMetricsError(.tooFewObservations, asset: asset, detail: "window of \(window) is longer than the \(r.count) observations paired with the benchmark")
        }
        var out = [Double?](repeating: nil, count: r.count - window + 1)
        r.withUnsafeBufferPointer { rp in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { o in
                    var shiftR = 0.0, shiftB = 0.0
                    for t in 0..<window { shiftR += rp[t]; shiftB += bp[t] }
                    shiftR /= Double(window); shiftB /= Double(window)
                    var sr = CompensatedSum(), sb = CompensatedSum(), sbb = CompensatedSum(), srb = CompensatedSum()
                    var changes = 0
                    for t in 0..<window {
                        let dr = rp[t] - shiftR, db = bp[t] - shiftB
                        sr.add(dr); sb.add(db); sbb.add(db * db); srb.add(db * dr)
                        if t > 0 && bp[t] != bp[t - 1] { changes += 1 }
                    }
                    let w = Double(window)
                    var t = window - 1
                    while true {
                        if changes > 0 {
                            let mb = sb.value / w
                            let variance = sbb.value / w - mb * mb
                            if variance >= 1e-30 { o[t - window + 1] = (srb.value / w - mb * sr.value / w) / variance }
                        }
                        t += 1
                        if t == rp.count { break }
                        let dr = rp[t] - shiftR, db = bp[t] - shiftB
                        sr.add(dr); sb.add(db); sbb.add(db * db); srb.add(db * dr)
                        let or = rp[t - window] - shiftR, ob = bp[t - window] - shiftB
                        sr.remove(or); sb.remove(ob); sbb.remove(ob * ob); srb.remove(ob * or)
                        if bp[t] != bp[t - 1] { changes += 1 }
                        if bp[t - window + 1] != bp[t - window] { changes -= 1 }
                    }
                }
            }
        }
        return out
    }

    func checkRollingWindow(_ window: Int, minimum: Int) throws {
        guard window >= minimum else {
            throw RiskMetricsError(.invalidParameter, asset: asset, detail: "window must be at least \(minimum) returns, got \(window)")
        }
        guard window <= count else {
            throw RiskMetricsError(.tooFewObservations, asset: asset, detail: "window of \(window) returns is longer than the series (\(count))")
        }
    }
}
