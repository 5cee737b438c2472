public import Alerts
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The alert outbox inside the bot's SQLite store: an Alerts `OutboxStore` whose entries live in
/// the `alertOutbox` table of the same file as the runs and orders, so that one backup, one
/// migration history and one transaction log cover everything the bot must not lose.
///
/// Each entry is one row keyed by `OutboxEntry.key`; saving is one transaction (a crash leaves
/// the old or the new state of the entry). The cross-process lock that keeps two flushes from
/// sending the same entry is `flock(2)` on `<store path>.outbox.lock`, so it is held across the
/// network sends without holding a database transaction open.
///
/// ```swift
/// let store = try TradingStore(path: "/var/lib/quant-bot/quant.sqlite")
/// let outbox = AlertOutbox(store: StoreOutbox(store), notifiers: [email, telegram])
/// ```
public struct StoreOutbox: OutboxStore {
    /// The store holding the outbox table.
    public let store: TradingStore

    /// The outbox of `store`.
    public init(_ store: TradingStore) { self.store = store }

    /// Inserts or replaces the entry with the same key.
    ///
    /// - Throws: ``StoreError`` (`.database`) naming the key.
    public func save(_ entry: OutboxEntry) throws {
        let json: String
        do { json = String(decoding: try Self.encoder.encode(entry), as: UTF8.self) } catch {
            throw StoreError(.database, detail: "cannot encode outbox entry \(entry.key): \(error)")
        }
        try store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO alertOutbox (key, state, createdAt, entry) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET state = excluded.state, createdAt = excluded.createdAt, entry = excluded.entry
                    """,
                arguments: [entry.key, entry.state.rawValue, entry.alert.createdAt.timeIntervalSince1970, json])
        }
    }

    /// The entry with this key, in whichever state it is.
    ///
    /// - Throws: ``StoreError`` (`.database`) for a corrupt row, naming its key.
    public func entry(forKey key: String) throws -> OutboxEntry? {
        try store.read { db in
            try String.fetchOne(db, sql: "SELECT entry FROM alertOutbox WHERE key = ?", arguments: [key]).map { try Self.decode($0, key: key) }
        }
    }

    /// The entries in a state, oldest alert first.
    ///
    /// - Throws: ``StoreError`` (`.database`).
    public func entries(in state: OutboxEntry.State) throws -> [OutboxEntry] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT key, entry FROM alertOutbox WHERE state = ? ORDER BY createdAt, key",
                             arguments: [state.rawValue]).map { row in try Self.decode(row["entry"], key: row["key"]) }
        }
    }

    /// Takes `flock(LOCK_EX)` on `<store path>.outbox.lock` (blocking until another process
    /// releases it).
    ///
    /// - Throws: ``StoreError`` (`.database`) when the lock file cannot be opened or locked.
    public func acquireExclusiveLock() throws -> OutboxLock {
        let path = store.path + ".outbox.lock"
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw StoreError(.database, detail: "cannot open lock file \(path) (errno \(errno))") }
        guard flock(fd, LOCK_EX) == 0 else {
            close(fd)
            throw StoreError(.database, detail: "cannot lock \(path) (errno \(errno))")
        }
        return OutboxLock { flock(fd, LOCK_UN); close(fd) }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static func decode(_ json: String, key: String) throws -> OutboxEntry {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(OutboxEntry.self, from: Data(json.utf8)) } catch {
            throw StoreError(.database, detail: "corrupt outbox entry \(key): \(error)")
        }
    }
}
