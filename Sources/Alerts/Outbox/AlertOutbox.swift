public import Foundation

/// Durable, retried delivery of alerts to one or more channels.
///
/// ``submit(_:)`` stores one entry per channel before returning, so an accepted alert
/// survives a crash or restart; ``flush()`` tries every due entry, marks it delivered on
/// success and, on a transient failure, schedules the next attempt with exponential backoff
/// (honouring a server's `retry_after`) until the entry expires. A delivered entry is kept, so
/// re-submitting or re-flushing never sends it again.
///
/// ```swift
/// let outbox = AlertOutbox(store: try FileOutboxStore(directory: "/var/lib/quant-bot/outbox"),
///                          notifiers: [SMTPNotifier(configuration: smtp)])
/// _ = try await outbox.submit(alert)
/// let report = try await outbox.flush()
/// ```
public actor AlertOutbox {
    /// Backoff and expiry.
    public struct RetryPolicy: Sendable, Hashable {
        /// Delay after the first failure.
        public var initialDelay: TimeInterval
        /// Multiplier per further failure.
        public var multiplier: Double
        /// Longest delay between attempts.
        public var maximumDelay: TimeInterval
        /// How long an alert stays deliverable.
        public var timeToLive: TimeInterval

        /// Creates a policy (defaults: 30 s, ×2, at most 1 h, expire after 24 h).
        public init(initialDelay: TimeInterval = 30, multiplier: Double = 2, maximumDelay: TimeInterval = 3600, timeToLive: TimeInterval = 86_400) {
            self.initialDelay = initialDelay
            self.multiplier = multiplier
            self.maximumDelay = maximumDelay
            self.timeToLive = timeToLive
        }

        /// The delay before attempt `attempts + 1`, after `attempts` failures.
        public func delay(afterFailures attempts: Int) -> TimeInterval {
            min(maximumDelay, initialDelay * pow(multiplier, Double(max(0, attempts - 1))))
        }
    }

    /// What one flush did.
    public struct FlushReport: Sendable, Hashable {
        /// Entries delivered now.
        public var delivered: Int = 0
        /// Entries that failed and were rescheduled.
        public var rescheduled: Int = 0
        /// Entries given up (expired or permanently rejected).
        public var abandoned: Int = 0
        /// Entries still pending after the flush.
        public var pending: Int = 0
        /// One line per failure, for the log.
        public var failures: [String] = []
    }

    /// What happened to a submitted alert.
    public enum Submission: Sendable, Hashable {
        /// Stored for delivery on these channels.
        case queued(channels: [String])
        /// Already known (same id): nothing new stored.
        case alreadyKnown
        /// Suppressed by the throttle.
        case suppressed(reason: String)
    }

    private let store: any OutboxStore
    private let notifiers: [any Notifier]
    private let policy: RetryPolicy
    private var throttle: AlertThrottle
    private let now: @Sendable () -> Date

    /// Creates an outbox.
    ///
    /// - Parameters:
    ///   - store: Where entries are kept.
    ///   - notifiers: The channels; each alert is delivered once on each.
    ///   - policy: Backoff and expiry.
    ///   - throttle: De-duplication and rate limits applied at submission.
    ///   - now: The clock (injected in tests).
    public init(store: any OutboxStore, notifiers: [any Notifier], policy: RetryPolicy = RetryPolicy(),
                throttle: AlertThrottle = AlertThrottle(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.notifiers = notifiers
        self.policy = policy
        self.throttle = throttle
        self.now = now
    }

    /// Stores the alert for every channel (after the throttle), durably.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`).
    public func submit(_ alert: Alert) throws -> Submission {
        let time = now()
        if try notifiers.allSatisfy({ try store.entry(forKey: OutboxEntry(alert: alert, channel: $0.channelName, now: time, expiresAt: time).key) != nil }) {
            return .alreadyKnown
        }
        var alert = alert
        switch throttle.admit(alert, now: time) {
        case let .suppress(reason): return .suppressed(reason: reason)
        case let .accept(folded) where folded > 0:
            alert.body += "\n\n(\(folded) similar alert\(folded == 1 ? "" : "s") suppressed since the last one.)"
        case .accept: break
        }
        var channels: [String] = []
        for notifier in notifiers {
            let entry = OutboxEntry(alert: alert, channel: notifier.channelName, now: time, expiresAt: time.addingTimeInterval(policy.timeToLive))
            if try store.entry(forKey: entry.key) == nil {
                try store.save(entry)
                channels.append(notifier.channelName)
            }
        }
        return .queued(channels: channels)
    }

    /// Tries every due pending entry once.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`) only; delivery failures are in the report.
    public func flush() async throws -> FlushReport {
        let lock = try store.acquireExclusiveLock()
        defer { lock.release() }
        do {
            var report = FlushReport()
            for var entry in try store.entries(in: .pending) {
                let time = now()
                if time >= entry.expiresAt {
                    entry.state = .abandoned
                    entry.lastError = (entry.lastError ?? "") + " (expired)"
                    try store.save(entry)
                    report.abandoned += 1
                    report.failures.append("\(entry.channel) '\(entry.alert.subject)': expired after \(entry.attempts) attempts")
                    continue
                }
                guard time >= entry.nextAttempt else { report.pending += 1; continue }
                guard let notifier = notifiers.first(where: { $0.channelName == entry.channel }) else {
                    report.pending += 1
                    continue
                }
                entry.attempts += 1
                do {
                    try await notifier.send(entry.alert)
                    entry.state = .delivered
                    entry.lastError = nil
                    try store.save(entry)
                    report.delivered += 1
                } catch {
                    let alertError = error as? AlertError
                    entry.lastError = "\(error)"
                    report.failures.append("\(entry.channel) '\(entry.alert.subject)': \(error)")
                    if alertError?.isTransient ?? true {
                        let wait = max(policy.delay(afterFailures: entry.attempts), alertError?.retryAfter ?? 0)
                        entry.nextAttempt = time.addingTimeInterval(wait)
                        report.rescheduled += 1
                        report.pending += 1
                    } else {
                        entry.state = .abandoned
                        report.abandoned += 1
                    }
                    try store.save(entry)
                }
            }
            return report
        }
    }
}
