import Foundation

extension ReturnSeries {
    /// Annualised volatility `σ_w·sqrt(P)` of every trailing window of `window` returns,
    /// computed in one pass with compensated running sums (no per-window recomputation).
    ///
    /// Element `k` is the window of returns `k ..< k + window`, i.e. it is dated at return
    /// `k + window - 1`; there are `n - window + 1` elements. Matches empyrical
    /// `roll_annual_volatility`.
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` when `window <= ddof` or invalid
    ///   conventions; `.tooFewObservations` when `window > n`.
    /// - Complexity: O(n) time, O(n - window) output.
    public func rollingVolatility(window: Int, conventions: PerformanceConventions = .empyrical) throws -> [Double] {
        try checkWindow(window, minimum: conventions.ddof + 1, conventions: conventions)
        let scale = conventions.periodsPerYear.squareRoot(), ddof = conventions.ddof
        var out = [Double](repeating: 0, count: count - window + 1)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var m = RunningMoments(shift: Self.windowMean(v, window))
                for t in 0..<window { m.add(v[t]) }
                o[0] = m.variance(window, ddof: ddof).squareRoot() * scale
                for t in window..<v.count {
                    m.add(v[t]); m.remove(v[t - window])
                    o[t - window + 1] = m.variance(window, ddof: ddof).squareRoot() * scale
                }
            }
        }
        return out
    }

    /// Annualised Sharpe ratio `(μ_w - rf_p)/σ_w·sqrt(P)` of every trailing window, in one pass.
    ///
    /// Layout as ``rollingVolatility(window:conventions:)``; matches empyrical
    /// `roll_sharpe_ratio(risk_free: rf_p)`.
    ///
    /// - Returns: One ratio per window; `nil` for a window whose returns are all equal (zero
    ///   volatility: the ratio is undefined).
    /// - Throws: ``RiskMetricsError`` as ``rollingVolatility(window:conventions:)``, and
    ///   `.invalidParameter` for a window below 2.
    /// - Complexity: O(n).
    public func rollingSharpe(window: Int, conventions: PerformanceConventions = .empyrical) throws -> [Double?] {
        try checkWindow(window, minimum: max(2, conventions.ddof + 1), conventions: conventions)
        let scale = conventions.periodsPerYear.squareRoot(), ddof = conventions.ddof
        let rf = conventions.periodRiskFreeRate
        var out = [Double?](repeating: nil, count: count - window + 1)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var m = RunningMoments(shift: Self.windowMean(v, window))
                // Count of adjacent unequal pairs inside the window: zero means a constant window.
                var changes = 0
                for t in 0..<window {
                    m.add(v[t])
                    if t > 0 && v[t] != v[t - 1] { changes += 1 }
                }
                var t = window - 1
                while true {
                    if changes > 0 {
                        let sd = m.variance(window, ddof: ddof).squareRoot()
                        o[t - window + 1] = sd > 0 ? (m.mean(window) - rf) / sd * scale : nil
                    }
                    t += 1
                    if t == v.count { break }
                    m.add(v[t]); m.remove(v[t - window])
                    if v[t] != v[t - 1] { changes += 1 }
                    if v[t - window + 1] != v[t - window] { changes -= 1 }
                }
            }
        }
        return out
    }

    /// The drawdown at the end of every trailing window, measured from the highest wealth in
    /// that window including the wealth just before its first return:
    /// `W_end / max(W_start-1, …, W_end) - 1` (the window's own `drawdowns().last` when wealth
    /// restarts at 1 before it). One pass with a monotone deque.
    ///
    /// Layout as ``rollingVolatility(window:conventions:)``.
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` for a window below 1,
    ///   `.tooFewObservations` when `window > n`.
    /// - Complexity: O(n) time, O(window) extra memory.
    public func rollingDrawdown(window: Int) throws -> [Double] {
        try checkWindow(window, minimum: 1, conventions: .empyrical)
        let n = count
        let simple = kindTag == .simple
        // Log-wealth keeps long series from overflowing; ratios become differences.
        var logWealth = [Double](repeating: 0, count: n + 1)
        var out = [Double](repeating: 0, count: n - window + 1)
        values.withUnsafeBufferPointer { v in
            logWealth.withUnsafeMutableBufferPointer { w in
                for t in 0..<n { w[t + 1] = w[t] + (simple ? log1p(v[t]) : v[t]) }
                var deque = [Int](repeating: 0, count: window + 2)
                var head = 0, tail = 0   // circular indices into `deque`, tail exclusive
                let capacity = window + 2
                var size = 0
                for i in 0...n {
                    while size > 0 {
                        let last = deque[(tail - 1 + capacity) % capacity]
                        if w[last] <= w[i] { tail = (tail - 1 + capacity) % capacity; size -= 1 } else { break }
                    }
                    deque[tail] = i; tail = (tail + 1) % capacity; size += 1
                    if deque[head] < i - window { head = (head + 1) % capacity; size -= 1 }
                    if i >= window {
                        // A total loss (r = -1) makes both log-wealths -inf: drawdown from a zero peak is 0.
                        let d = w[i] - w[deque[head]]
                        out[i - window] = d.isNaN ? 0 : expm1(d)
                    }
                }
            }
        }
        return out
    }

    private func checkWindow(_ window: Int, minimum: Int, conventions: PerformanceConventions) throws {
        try conventions.validate()
        try checkRollingWindow(window, minimum: minimum)
    }

    private static func windowMean(_ v: UnsafeBufferPointer<Double>, _ window: Int) -> Double {
        var s = 0.0
        for t in 0..<window { s += v[t] }
        return s / Double(window)
    }
}
