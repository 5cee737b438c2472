import Foundation

extension ReturnSeries {
    /// The maximum drawdown within every trailing window of `window` returns, wealth restarting
    /// at 1 before each window's first return: empyrical `roll_max_drawdown`.
    ///
    /// One pass with a two-stack sliding-window aggregate (amortised O(1) per step) over the
    /// associative drawdown summary of a stretch of log-wealth `(max, min, worst fall)`, where
    /// two stretches combine as `(max(a, b), min(a, b), min(fall_a, fall_b, min_b - max_a))`.
    ///
    /// Layout as ``rollingVolatility(window:conventions:)``; each value is `<= 0`.
    ///
    /// - Throws: ``RiskMetricsError`` `.invalidParameter` for a window below 1,
    ///   `.tooFewObservations` when `window > n`.
    /// - Complexity: O(n) amortised time, O(window) extra memory.
    public func rollingMaxDrawdown(window: Int) throws -> [Double] {
        try checkRollingWindow(window, minimum: 1)
        let n = count
        let simple = kindTag == .simple
        var out = [Double](repeating: 0, count: n - window + 1)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var queue = DrawdownQueue(capacity: window + 1)
                var level = 0.0
                queue.push(level)
                for t in 0..<n {
                    level += simple ? log1p(v[t]) : v[t]
                    queue.push(level)
                    if t >= window { queue.pop() }
                    if t >= window - 1 { o[t - window + 1] = expm1(queue.aggregate.fall) }
                }
            }
        }
        return out
    }
}

/// The drawdown summary of a stretch of log-wealth points.
struct DrawdownStretch {
    var high: Double
    var low: Double
    /// `min_{i <= j} (L_j - L_i)`, `<= 0`.
    var fall: Double

    static let empty = DrawdownStretch(high: -.infinity, low: .infinity, fall: 0)

    init(high: Double, low: Double, fall: Double) { self.high = high; self.low = low; self.fall = fall }
    init(point: Double) { self.init(high: point, low: point, fall: 0) }

    /// `self` followed by `later`.
    @inline(__always)
    func then(_ later: DrawdownStretch) -> DrawdownStretch {
        var cross = later.low - high
        if cross.isNaN { cross = 0 }   // both stretches at zero wealth (-inf): no further fall
        return DrawdownStretch(high: Swift.max(high, later.high), low: Swift.min(low, later.low),
                               fall: Swift.min(Swift.min(fall, later.fall), cross))
    }
}

/// A FIFO of log-wealth points that reports the drawdown summary of its contents in amortised
/// O(1): a back stack with one running aggregate, and a front stack of suffix aggregates
/// refilled from the back when it runs empty.
struct DrawdownQueue {
    private var back = [Double]()
    private var backAggregate = DrawdownStretch.empty
    /// Front entries, oldest on top (last); each is the aggregate from its point to the newest front point.
    private var front = [DrawdownStretch]()

    init(capacity: Int) {
        back.reserveCapacity(capacity)
        front.reserveCapacity(capacity)
    }

    mutating func push(_ point: Double) {
        back.append(point)
        backAggregate = backAggregate.then(DrawdownStretch(point: point))
    }

    mutating func pop() {
        if front.isEmpty {
            // Move the back stack over: front's top is the oldest point, and each entry holds
            // the aggregate of the points from it to the newest moved point, in queue order.
            var suffix = DrawdownStretch.empty
            for k in stride(from: back.count - 1, through: 0, by: -1) {
                suffix = DrawdownStretch(point: back[k]).then(suffix)
                front.append(suffix)
            }
            back.removeAll(keepingCapacity: true)
            backAggregate = .empty
        }
        front.removeLast()
    }

    /// The summary of every point in the queue, oldest first.
    var aggregate: DrawdownStretch {
        guard let head = front.last else { return backAggregate }
        return head.then(backAggregate)
    }
}
