public import Foundation

/// One alert waiting for (or done with) delivery on one channel.
public struct OutboxEntry: Sendable, Hashable, Codable {
    /// Where the entry is in its life.
    public enum State: String, Sendable, Hashable, Codable {
        /// Not delivered yet; tried again at ``OutboxEntry/nextAttempt``.
        case pending
        /// Delivered; kept so that re-submitting the same alert sends nothing.
        case delivered
        /// Given up after ``OutboxEntry/expiresAt`` or a permanent failure.
        case abandoned
    }

    /// The alert.
    public var alert: Alert
    /// The channel name (``Notifier/channelName``).
    public var channel: String
    /// Lifecycle state.
    public var state: State
    /// Delivery attempts so far.
    public var attempts: Int
    /// Earliest time of the next attempt.
    public var nextAttempt: Date
    /// After this time a pending entry is abandoned.
    public var expiresAt: Date
    /// The last failure, for the operator (never contains credentials).
    public var lastError: String?

    /// The storage key: alert id and channel.
    public var key: String { "\(MIMEMessage.token(alert.id))--\(channel)" }

    /// Creates a pending entry.
    public init(alert: Alert, channel: String, now: Date, expiresAt: Date) {
        self.alert = alert
        self.channel = channel
        self.state = .pending
        self.attempts = 0
        self.nextAttempt = now
        self.expiresAt = expiresAt
        self.lastError = nil
    }
}

/// Where the outbox keeps its entries. The file store is the default; the bot plugs in its
/// SQLite store by conforming to this protocol.
///
/// Implementations must make ``save(_:)`` durable before returning (an alert accepted by
/// the outbox survives a crash) and atomic (a crash never leaves half an entry).
public protocol OutboxStore: Sendable {
    /// Inserts or replaces the entry with the same ``OutboxEntry/key``.
    func save(_ entry: OutboxEntry) throws
    /// The entry with this key, if any.
    func entry(forKey key: String) throws -> OutboxEntry?
    /// All entries in the given state, oldest alert first.
    func entries(in state: OutboxEntry.State) throws -> [OutboxEntry]
    /// Takes an exclusive lock across processes, so that two flushes never send the same entry;
    /// the lock is held until ``OutboxLock/release()``.
    func acquireExclusiveLock() throws -> OutboxLock
}

/// A held outbox lock; release it exactly once (releasing again does nothing).
public final class OutboxLock: Sendable {
    private let releaseAction: @Sendable () -> Void
    private let state = LockState()

    /// Creates a lock token that runs `release` when released.
    public init(release: @escaping @Sendable () -> Void) { releaseAction = release }

    /// Releases the lock.
    public func release() {
        if state.markReleased() { releaseAction() }
    }

    deinit { release() }
}

/// Whether a lock token was released (thread-safe).
private final class LockState: @unchecked Sendable {
    private let lock = NSLock()
    private var released = false
    func markReleased() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if released { return false }
        released = true
        return true
    }
}
