/// A sliding-window limiter: at most `limit` grants in any `window` (internal).
///
/// Stricter than a token bucket of the same rate, which would allow a burst of `limit` on top
/// of a full second's refill; KIS counts requests per second, so no window may exceed the limit.
actor KISRateLimiter {
    let limit: Int
    let window: Duration
    private var grants: [ContinuousClock.Instant] = []

    init(limit: Int, window: Duration) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Waits until a request may go out and records it.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func acquire() async throws {
        while true {
            let now = ContinuousClock.now
            grants.removeAll { now - $0 >= window }
            if grants.count < limit {
                grants.append(now)
                return
            }
            try await Task.sleep(until: grants[0] + window, clock: .continuous)
        }
    }
}
