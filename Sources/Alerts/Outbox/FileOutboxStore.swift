public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ``OutboxStore`` in a directory: one JSON file per entry, written to a temporary file,
/// flushed to disk and renamed into place, so a crash leaves either the old or the new entry.
///
/// Layout: `DIR/<state>/<alert-id>--<channel>.json` and a `DIR/.lock` file used with
/// `flock(2)` to serialise flushes across processes. The directory is created with mode 0700.
public struct FileOutboxStore: OutboxStore {
    /// The outbox directory.
    public let directory: URL

    /// Opens (creating if needed) an outbox directory.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`) naming the directory.
    public init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory)
        do {
            for state in [OutboxEntry.State.pending, .delivered, .abandoned] {
                try FileManager.default.createDirectory(at: self.directory.appendingPathComponent(state.rawValue),
                                                        withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw AlertError(.storageFailed, detail: "cannot create outbox directory \(directory): \(error.localizedDescription)")
        }
    }

    /// Writes the entry under its state and removes it from the other states.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`) naming the file.
    public func save(_ entry: OutboxEntry) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(entry) } catch {
            throw AlertError(.storageFailed, detail: "cannot encode outbox entry \(entry.key): \(error)")
        }
        let target = file(entry.key, entry.state)
        let temporary = directory.appendingPathComponent(".\(entry.key).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw AlertError(.storageFailed, detail: "cannot write \(temporary.path)")
        }
        let fd = open(temporary.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw AlertError(.storageFailed, detail: "cannot move outbox entry into \(target.path) (errno \(errno))")
        }
        for state in [OutboxEntry.State.pending, .delivered, .abandoned] where state != entry.state {
            let other = file(entry.key, state)
            if FileManager.default.fileExists(atPath: other.path) { try? FileManager.default.removeItem(at: other) }
        }
        let dirfd = open(directory.appendingPathComponent(entry.state.rawValue).path, O_RDONLY)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }

    /// The entry with this key, in whichever state it is.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`) for an unreadable or corrupt file.
    public func entry(forKey key: String) throws -> OutboxEntry? {
        for state in [OutboxEntry.State.delivered, .pending, .abandoned] {
            let url = file(key, state)
            if FileManager.default.fileExists(atPath: url.path) { return try read(url) }
        }
        return nil
    }

    /// The entries in a state, oldest alert first.
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`).
    public func entries(in state: OutboxEntry.State) throws -> [OutboxEntry] {
        let folder = directory.appendingPathComponent(state.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.map { try read(folder.appendingPathComponent($0)) }
            .sorted { ($0.alert.createdAt, $0.key) < ($1.alert.createdAt, $1.key) }
    }

    /// Takes `flock(LOCK_EX)` on `DIR/.lock` (blocking until another process releases it).
    ///
    /// - Throws: ``AlertError`` (`.storageFailed`) when the lock file cannot be opened or locked.
    public func acquireExclusiveLock() throws -> OutboxLock {
        let path = directory.appendingPathComponent(".lock").path
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw AlertError(.storageFailed, detail: "cannot open lock file \(path) (errno \(errno))") }
        guard flock(fd, LOCK_EX) == 0 else {
            close(fd)
            throw AlertError(.storageFailed, detail: "cannot lock \(path) (errno \(errno))")
        }
        return OutboxLock { flock(fd, LOCK_UN); close(fd) }
    }

    private func file(_ key: String, _ state: OutboxEntry.State) -> URL {
        directory.appendingPathComponent(state.rawValue).appendingPathComponent("\(key).json")
    }

    private func read(_ url: URL) throws -> OutboxEntry {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AlertError(.storageFailed, detail: "cannot read \(url.path)")
        }
        do { return try decoder.decode(OutboxEntry.self, from: data) } catch {
            throw AlertError(.storageFailed, detail: "corrupt outbox entry \(url.path): \(error)")
        }
    }
}
