import Alerts
import Foundation
import Store
import Testing

/// The alert outbox in the bot's SQLite file: entries survive a reopen, move between states,
/// and a flush after a restart delivers what the crashed process left pending, exactly once.
@Suite("Alert outbox in the store")
struct StoreOutboxTests {
    /// A channel that records what it was given and refuses (transiently) its first `failures` sends.
    final class RecordingChannel: Notifier, @unchecked Sendable {
        let channelName = "telegram"
        private let lock = NSLock()
        private var remainingFailures: Int
        private(set) var delivered: [String] = []

        init(failures: Int) { remainingFailures = failures }

        func send(_ alert: Alert) async throws {
            try lock.withLock {
                if remainingFailures > 0 {
                    remainingFailures -= 1
                    throw AlertError(.serverError, detail: "HTTP 502 from the stand-in", isTransient: true)
                }
                delivered.append(alert.subject)
            }
        }
    }

    @Test func entriesPersistAcrossReopenAndAreDeliveredOnce() async throws {
        let path = try TradingStoreTests.temporaryPath()
        let clock = Date(timeIntervalSince1970: 1_764_720_000)
        let alert = Alert(level: .warning, subject: "손절: 005930 -10.2%", body: "stop-loss", deduplicationKey: "stop-loss/005930/2026-12-03")
        do {
            let failing = RecordingChannel(failures: 1)
            let outbox = AlertOutbox(store: StoreOutbox(try TradingStore(path: path)), notifiers: [failing],
                                     policy: .init(initialDelay: 30), now: { clock })
            #expect(try await outbox.submit(alert) == .queued(channels: ["telegram"]))
            let first = try await outbox.flush()
            #expect(first.delivered == 0 && first.rescheduled == 1)
            #expect(failing.delivered.isEmpty)
        }
        // The process "restarts": a new store on the same file, later than the retry delay.
        let store = try TradingStore(path: path)
        let pending = try StoreOutbox(store).entries(in: .pending)
        #expect(pending.count == 1 && pending[0].attempts == 1 && pending[0].alert.subject == "손절: 005930 -10.2%")
        #expect(pending[0].lastError?.contains("502") == true)
        let channel = RecordingChannel(failures: 0)
        let outbox = AlertOutbox(store: StoreOutbox(store), notifiers: [channel], now: { clock.addingTimeInterval(60) })
        #expect(try await outbox.submit(alert) == .alreadyKnown, "resubmitting the same alert is recognised")
        let second = try await outbox.flush()
        #expect(second.delivered == 1)
        let third = try await outbox.flush()
        #expect(third.delivered == 0, "nothing is sent twice")
        #expect(channel.delivered == ["손절: 005930 -10.2%"])
        #expect(try StoreOutbox(store).entries(in: .delivered).count == 1)
        #expect(try StoreOutbox(store).entries(in: .pending).isEmpty)
        #expect(try store.appliedMigrations().contains("v3: alert outbox"))
    }

    @Test func entriesComeOldestFirstAndAKeyHoldsOneRow() throws {
        let outbox = StoreOutbox(try TradingStore(path: try TradingStoreTests.temporaryPath()))
        let now = Date(timeIntervalSince1970: 1_764_720_000)
        let later = Alert(id: "b", level: .info, subject: "later", body: "", deduplicationKey: "b", createdAt: now.addingTimeInterval(5))
        let earlier = Alert(id: "a", level: .info, subject: "earlier", body: "", deduplicationKey: "a", createdAt: now)
        for alert in [later, earlier] {
            try outbox.save(OutboxEntry(alert: alert, channel: "email", now: now, expiresAt: now.addingTimeInterval(3600)))
        }
        #expect(try outbox.entries(in: .pending).map(\.alert.subject) == ["earlier", "later"])
        var entry = try #require(try outbox.entry(forKey: OutboxEntry(alert: earlier, channel: "email", now: now, expiresAt: now).key))
        entry.state = .delivered
        try outbox.save(entry)
        #expect(try outbox.entries(in: .pending).map(\.alert.subject) == ["later"])
        #expect(try outbox.entries(in: .delivered).map(\.alert.subject) == ["earlier"])
        #expect(try outbox.entry(forKey: "missing--email") == nil)
    }
}
