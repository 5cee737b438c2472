import Foundation
public import QuantCore

/// The drawdown profile of a return series: maximum drawdown with its dates, the longest time
/// under water, and the Ulcer index.
///
/// Wealth starts at `W_0 = 1` *before* the first return and compounds, `W_t = W_{t-1}(1 + r_t)`
/// (or `exp(r_t)` for log returns); the running peak `M_t = max(W_0, …, W_t)` includes the
/// start, so a loss on the first day is a drawdown. The drawdown is `D_t = W_t / M_t - 1 <= 0`.
/// This is empyrical's `drawdown_series`/`max_drawdown` (and quantstats' `to_drawdown_series`).
///
/// ```swift
/// let dd = try series.drawdownSummary()
/// dd.maxDrawdown      // e.g. -0.31
/// dd.peakDate, dd.troughDate, dd.recoveryDate   // recovery is nil while still under water
/// ```
public struct DrawdownSummary: Sendable, Hashable {
    /// `min_t D_t`, a return `<= 0` (0 when wealth never fell below its running peak).
    public let maxDrawdown: Double
    /// The index of the return after which wealth stood at the peak preceding the maximum
    /// drawdown (the last such index when the peak was touched again), or `nil` when that peak
    /// is the starting wealth before the first return, or when there is no drawdown.
    public let peakIndex: Int?
    /// The index of the return at which the maximum drawdown is reached, or `nil` without a drawdown.
    public let troughIndex: Int?
    /// The index of the first return after the trough at which wealth is back at or above the
    /// peak, or `nil` when it has not recovered (or there is no drawdown).
    public let recoveryIndex: Int?
    /// The date of ``peakIndex`` (nil for an undated series or a peak at the start).
    public let peakDate: TradingDate?
    /// The date of ``troughIndex`` (nil for an undated series).
    public let troughDate: TradingDate?
    /// The date of ``recoveryIndex`` (nil for an undated series or without recovery).
    public let recoveryDate: TradingDate?
    /// The longest run of consecutive periods with `D_t < 0`, in periods (a drawdown still
    /// open at the end of the series counts up to the last period).
    public let longestDuration: Int
    /// `D_T`, the drawdown after the last return.
    public let currentDrawdown: Double
    /// The Ulcer index `sqrt(Σ_t D_t² / (n - ddof))` with drawdowns as decimals; ddof 1
    /// (the default) is quantstats' `ulcer_index`, ddof 0 is Martin's root-mean-square.
    public let ulcerIndex: Double

    /// Computes the profile of `series`.
    ///
    /// - Throws: ``RiskMetricsError`` `.tooFewObservations` when `n <= ddof` (Ulcer index undefined).
    /// - Complexity: O(n), one pass, O(1) extra memory.
    public init(_ series: ReturnSeries, ddof: Int = 1) throws {
        try series.require(ddof + 1, for: "the Ulcer index with ddof \(ddof)")
        let tag = series.kindTag
        var k = DrawdownKernel()
        series.values.withUnsafeBufferPointer { v in
            for t in 0..<v.count { k.step(tag == .simple ? 1 + v[t] : exp(v[t]), at: t) }
        }
        self.init(kernel: k, series: series, ddof: ddof)
    }

    /// The profile from a kernel that has stepped through all of `series`.
    init(kernel k: DrawdownKernel, series: ReturnSeries, ddof: Int) {
        maxDrawdown = k.maxDrawdown
        peakIndex = k.maxDrawdown < 0 ? k.maxPeakIndex : nil
        troughIndex = k.maxDrawdown < 0 ? k.troughIndex : nil
        recoveryIndex = k.maxDrawdown < 0 ? k.recoveryIndex : nil
        longestDuration = k.longest
        currentDrawdown = k.current
        ulcerIndex = (k.squares / Double(series.count - ddof)).squareRoot()
        peakDate = peakIndex.flatMap { series.dates?[$0] }
        troughDate = troughIndex.flatMap { series.dates?[$0] }
        recoveryDate = recoveryIndex.flatMap { series.dates?[$0] }
    }
}

/// The one-pass drawdown state machine shared by ``DrawdownSummary`` and ``PerformanceSummary``.
struct DrawdownKernel {
    var wealth = 1.0
    var peak = 1.0
    /// Index of the return after which the running peak was set (nil: the start).
    var peakIndex: Int? = nil
    var maxDrawdown = 0.0
    var maxPeakIndex: Int? = nil
    var troughIndex: Int? = nil
    var recoveryIndex: Int? = nil
    /// Whether the maximum drawdown's episode is still the open one (awaiting recovery).
    var maxEpisodeOpen = false
    var run = 0
    var longest = 0
    var squares = 0.0
    var current = 0.0

    /// Advances by one period with growth factor `g` (`1 + r` or `exp(r)`).
    @inline(__always)
    mutating func step(_ g: Double, at t: Int) {
        wealth *= g
        if wealth >= peak {
            peak = wealth
            peakIndex = t
            if maxEpisodeOpen { recoveryIndex = t; maxEpisodeOpen = false }
            run = 0
            current = 0
            return
        }
        let d = (wealth - peak) / peak
        current = d
        squares += d * d
        run += 1
        if run > longest { longest = run }
        if d < maxDrawdown {
            maxDrawdown = d
            maxPeakIndex = peakIndex
            troughIndex = t
            recoveryIndex = nil
            maxEpisodeOpen = true
        }
    }
}
