/// A sliding-window limiter: at most `limit` requests in any `window`, counted from each
/// request's *completion* (internal).
///
/// The server counts a request when it arrives, which is some time after the client sent it
/// and no later than the client saw the answer. Counting each request from its send time
/// would let network latency squeeze `limit + 1` arrivals into one server second (a request
/// on a fresh connection arrives later than one on a warm one). So a request holds its slot
/// while in flight and for `window` after its answer. Stricter than a token bucket of the same
/// rate, which would also allow a burst on top of a full second's refill.
actor KISRateLimiter {
    struct Ticket: Sendable { fileprivate let id: UInt64 }

    private struct Slot {
        let id: UInt64
        var completed: ContinuousClock.Instant?
    }

    let limit: Int
    let window: Duration
    private var slots: [Slot] = []
    private var nextID: UInt64 = 0

    init(limit: Int, window: Duration) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Waits until a request may go out and takes a slot; give it back with ``release(_:)``.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func acquire() async throws -> Ticket {
        while true {
            let now = ContinuousClock.now
            slots.removeAll { slot in slot.completed.map { now - $0 >= window } ?? false }
            if slots.count < limit {
                nextID += 1
                slots.append(Slot(id: nextID, completed: nil))
                return Ticket(id: nextID)
            }
            let freed = slots.compactMap(\.completed).min().map { $0 + window }
            // Every slot in flight: look again shortly (a release frees one only `window` later).
            try await Task.sleep(until: freed ?? now + .milliseconds(10), clock: .continuous)
        }
    }

    /// Marks the request answered (or failed); its slot frees `window` from now.
    func release(_ ticket: Ticket) {
        if let index = slots.firstIndex(where: { $0.id == ticket.id }) { slots[index].completed = .now }
    }
}
