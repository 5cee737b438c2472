public import Foundation

/// The operator's emergency stop for live trading: while the file exists, no order is sent.
///
/// `touch /var/lib/quant-bot/KILL` engages it (from a shell, a phone over SSH, a monitoring
/// hook); removing the file releases it. The broker checks it before every order, so engaging it
/// mid-run stops the remaining orders; orders already accepted by the broker are not cancelled by
/// the switch (use the broker's own tools, or `KISLiveBroker`'s cancellation of unfilled orders).
///
/// ```swift
/// let kill = KillSwitch(path: "/var/lib/quant-bot/KILL")
/// if kill.isEngaged { print(kill.reason ?? "engaged") }
/// ```
public struct KillSwitch: Sendable, Hashable {
    /// The file whose existence engages the switch.
    public let path: String

    /// A switch on `path`.
    public init(path: String) { self.path = path }

    /// Whether the file exists now.
    public var isEngaged: Bool { FileManager.default.fileExists(atPath: path) }

    /// The file's first line (the operator's note), when engaged and readable.
    public var reason: String? {
        guard isEngaged, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces)
        return line?.isEmpty == false ? line : nil
    }
}
