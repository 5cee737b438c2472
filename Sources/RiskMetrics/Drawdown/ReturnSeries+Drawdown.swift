import Foundation

extension ReturnSeries {
    /// The drawdown after each return, `D_t = W_t / max(W_0, …, W_t) - 1` with `W_0 = 1` before
    /// the first return: empyrical's `drawdown_series` (one value per return).
    ///
    /// - Complexity: O(n), one pass.
    public func drawdowns() -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let simple = kindTag == .simple
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var wealth = 1.0, peak = 1.0
                for t in 0..<v.count {
                    wealth *= simple ? 1 + v[t] : exp(v[t])
                    if wealth > peak { peak = wealth }
                    o[t] = (wealth - peak) / peak
                }
            }
        }
        return out
    }

    /// The maximum drawdown, its dates, the longest duration and the Ulcer index.
    ///
    /// - Throws: ``RiskMetricsError`` as ``DrawdownSummary/init(_:ddof:)``.
    public func drawdownSummary(ddof: Int = 1) throws -> DrawdownSummary { try DrawdownSummary(self, ddof: ddof) }

    /// `min_t D_t` (empyrical `max_drawdown`), a return `<= 0`.
    ///
    /// - Complexity: O(n).
    public func maxDrawdown() -> Double {
        var k = DrawdownKernel()
        let simple = kindTag == .simple
        values.withUnsafeBufferPointer { v in
            for t in 0..<v.count { k.step(simple ? 1 + v[t] : exp(v[t]), at: t) }
        }
        return k.maxDrawdown
    }
}
