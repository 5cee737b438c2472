/// Where a ``KISRealtimeManager`` gets its stream events and sends its registrations.
///
/// ``KISRealtimeClient`` conforms (the live WebSocket); ``KISRecordedEventSource`` replays a
/// recorded sequence of events, so the same manager code runs over a recording.
public protocol KISRealtimeEventSource: Sendable {
    /// The registrations the source can hold at once (41 on KIS).
    var registrationLimit: Int { get }
    /// Adds registrations, all or none.
    ///
    /// - Throws: When they would exceed the limit or the source refuses them.
    func subscribe(_ subscriptions: [KISSubscription]) async throws
    /// Releases registrations (ones not held are ignored).
    func release(_ subscriptions: [KISSubscription]) async
    /// The next event; nil when the source has ended.
    func nextEvent() async -> KISStreamEvent?
    /// Runs the source (connects, reconnects) until the task is cancelled or the source ends.
    func run() async
}

extension KISRealtimeClient: KISRealtimeEventSource {
    /// ``KISStreamConfiguration/maxRegistrations``.
    public nonisolated var registrationLimit: Int { configuration.maxRegistrations }

    /// Calls ``unsubscribe(_:)`` for each.
    public func release(_ subscriptions: [KISSubscription]) {
        for subscription in subscriptions { unsubscribe(subscription) }
    }

    /// The next event of ``events`` (the manager is its single consumer).
    public nonisolated func nextEvent() async -> KISStreamEvent? {
        // The iterator is a view of the client's shared buffer; a fresh one reads the same queue.
        var iterator = events.makeAsyncIterator()
        return await iterator.next()
    }
}
