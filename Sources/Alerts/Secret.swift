public import Foundation

/// A credential (SMTP password, Telegram bot token) that never prints itself.
///
/// `description`, `debugDescription` and string interpolation show `<redacted>`; only
/// ``revealed`` gives the value, for the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    /// Wraps a credential.
    public init(_ value: String) { self.value = value }

    /// Reads a credential from an environment variable.
    ///
    /// - Throws: ``AlertError`` (`.invalidConfiguration`) naming the variable (not its value) when unset or empty.
    public static func fromEnvironment(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Secret {
        guard let value = environment[name], !value.isEmpty else {
            throw AlertError(.invalidConfiguration, detail: "environment variable \(name) is not set")
        }
        return Secret(value)
    }

    /// The value itself, for sending to the server only.
    public var revealed: String { value }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `Secret(<redacted>)`.
    public var debugDescription: String { "Secret(<redacted>)" }
}

/// Refuses configuration files that other users can read, since they may hold credentials.
public enum CredentialFilePolicy {
    /// Throws unless `path` is readable and writable by its owner only (no group or other bits).
    ///
    /// - Throws: ``AlertError`` (`.insecureCredentials`) naming the file and its mode, with the
    ///   `chmod 600` fix; `.invalidConfiguration` when the file does not exist.
    public static func check(_ path: String) throws {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw AlertError(.invalidConfiguration, detail: "configuration file \(path) cannot be read")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if mode & 0o077 != 0 {
            throw AlertError(.insecureCredentials, detail: "\(path) has mode \(String(mode, radix: 8)) and may hold secrets readable by other users; run: chmod 600 \(path)")
        }
    }
}
