import Foundation

/// A ``KISRealtimeEventSource`` that replays recorded events, for backtests and replays.
///
/// Events are delivered in order, as fast as the manager takes them; the source ends after the
/// last one, which stops the manager's ``KISRealtimeManager/run()``. Registrations are recorded
/// (see ``subscriptions``) and answered with a `.subscription(_, .subscribed)` event.
public final class KISRecordedEventSource: KISRealtimeEventSource, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [KISStreamEvent]
    private var position = 0
    private var held: [KISSubscription] = []

    /// The registration limit reported to the manager.
    public let registrationLimit: Int

    /// Creates a replay of `events`.
    public init(events: [KISStreamEvent], registrationLimit: Int = 41) {
        self.pending = events
        self.registrationLimit = registrationLimit
    }

    /// The registrations currently held, in request order.
    public var subscriptions: [KISSubscription] { lock.withLock { held } }

    /// Records registrations and queues their confirmations ahead of the remaining events.
    public func subscribe(_ subscriptions: [KISSubscription]) async throws {
        lock.withLock {
            let new = subscriptions.filter { !held.contains($0) }
            held += new
            pending.insert(contentsOf: new.map { .subscription($0, .subscribed) }, at: position)
        }
    }

    /// Forgets registrations.
    public func release(_ subscriptions: [KISSubscription]) async {
        lock.withLock { held.removeAll { subscriptions.contains($0) } }
    }

    /// The next recorded event, nil after the last.
    public func nextEvent() async -> KISStreamEvent? {
        lock.withLock {
            guard position < pending.count else { return nil }
            defer { position += 1 }
            return pending[position]
        }
    }

    /// Returns at once: a recording needs no connection.
    public func run() async {}
}
