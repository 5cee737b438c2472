import KISStream

/// Collects a client's events and lets tests wait for one, event-driven, with a timeout.
actor EventLog {
    private(set) var events: [KISStreamEvent] = []
    private var waiters: [Int: (from: Int, match: @Sendable (KISStreamEvent) -> Bool, continuation: CheckedContinuation<Int?, Never>)] = [:]
    private var nextWaiter = 0

    /// Starts consuming `stream` in a task (cancelled with the returned task).
    static func consuming(_ stream: KISEventStream) -> (EventLog, Task<Void, Never>) {
        let log = EventLog()
        let task = Task {
            for await event in stream { await log.append(event) }
        }
        return (log, task)
    }

    var count: Int { events.count }

    func append(_ event: KISStreamEvent) {
        events.append(event)
        let index = events.count - 1
        for (id, waiter) in waiters where index >= waiter.from && waiter.match(event) {
            waiters[id] = nil
            waiter.continuation.resume(returning: index)
        }
    }

    /// The index of the first event at or after `from` that matches, waiting up to `timeout`.
    func first(from: Int = 0, timeout: Duration = .seconds(20), where match: @escaping @Sendable (KISStreamEvent) -> Bool) async -> Int? {
        if from < events.count, let index = events[from...].firstIndex(where: match) { return index }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { continuation in
            waiters[id] = (from, match, continuation)
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.continuation.resume(returning: nil) }
    }

    func filter<T>(_ transform: (KISStreamEvent) -> T?) -> [T] { events.compactMap(transform) }
}

extension KISStreamEvent {
    var subscribedCount: Int? {
        if case .state(.subscribed(let active, _)) = self { return active }
        return nil
    }

    var isDisconnect: Bool {
        if case .state(.disconnected) = self { return true }
        return false
    }

    var trade: KISTradeTick? {
        if case .trade(let t) = self { return t }
        return nil
    }

    var notice: KISExecutionNotice? {
        if case .executionNotice(let n) = self { return n }
        return nil
    }
}
