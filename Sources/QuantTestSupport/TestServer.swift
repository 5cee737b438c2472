public import Foundation

/// A helper process (aiosmtpd or the Telegram stand-in) started for one test and stopped after.
///
/// `scripts/test.sh` installs the Python packages; with `CI=true` a missing one fails the test.
public final class TestServer: @unchecked Sendable {
    /// The server process.
    public let process = Process()
    /// The port it listens on.
    public let port: Int
    private let output = Pipe()

    /// The repository root (the folder holding Package.swift), found from this file.
    public static let repositoryRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The path of a script in `scripts/testing/`.
    public static func script(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("scripts/testing/\(name)").path
    }

    /// Starts `python3 script args...` and waits for its `READY <port>` line.
    public init(script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script(script)] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let handle = output.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let text = String(data: buffer, encoding: .utf8), let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }),
               let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) {
                self.port = port
                return
            }
        }
        process.terminate()
        throw ServerError(message: "\(script) did not become ready: \(String(decoding: buffer, as: UTF8.self))")
    }

    /// Stops the server (idempotent).
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A server that did not start.
    public struct ServerError: Error, CustomStringConvertible {
        /// What went wrong.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// Whether Python with the package `module` is available (else the suite is disabled locally
    /// and fails under CI).
    public static func pythonHas(_ module: String) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import \(module)"]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Whether the run is under CI (`CI=true`), where a missing tool fails instead of skipping.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qk-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A self-signed certificate for `localhost`, made by the SMTP test script.
    public static func makeCertificate() throws -> (cert: String, key: String) {
        let dir = try temporaryDirectory("cert")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script("smtp_server.py"), "--make-cert", dir.path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ServerError(message: "certificate generation failed") }
        return (dir.appendingPathComponent("cert.pem").path, dir.appendingPathComponent("key.pem").path)
    }

    /// The messages an SMTP test server wrote, in arrival order.
    public static func mails(in dir: URL) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".eml") }
            .sorted { Int($0.dropLast(4)) ?? 0 < Int($1.dropLast(4)) ?? 0 }
        return names.compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }
}
