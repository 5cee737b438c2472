import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers alerts by email over SMTP (SwiftNIO + swift-nio-ssl): STARTTLS or implicit TLS,
/// `AUTH PLAIN` or `AUTH LOGIN`, a MIME `multipart/alternative` body with attachments.
///
/// Each ``send(_:)`` opens one connection, delivers one message and quits. Failures are
/// typed: a `4xx` reply or a dropped connection is transient (the outbox retries), a `5xx`
/// reply is a rejection, `535` an authentication failure. The password never appears in an
/// error or a log line.
public struct SMTPNotifier: Notifier {
    /// The server and message settings.
    public let configuration: SMTPConfiguration

    /// Creates a notifier.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// `"email"`.
    public var channelName: String { "email" }

    /// Sends one alert as one email to every configured recipient.
    ///
    /// - Throws: ``AlertError``.
    public func send(_ alert: Alert) async throws {
        try configuration.validate()
        let message = MIMEMessage(from: configuration.from, to: configuration.to, alert: alert).rendered()
        let session = SMTPSession(configuration: configuration)
        try await session.deliver(message: message)
    }
}

/// One SMTP conversation.
struct SMTPSession: Sendable {
    let configuration: SMTPConfiguration

    typealias Channel = NIOAsyncChannel<String, ByteBuffer>

    func deliver(message: String) async throws {
        let sslContext: NIOSSLContext? = configuration.security == .none ? nil : try makeSSLContext()
        let channel = try await connect(sslContext: configuration.security == .implicitTLS ? sslContext : nil)
        do {
            try await channel.executeThenClose { inbound, outbound in
                var conversation = Conversation(lines: inbound.makeAsyncIterator(), outbound: outbound,
                                                channel: channel.channel, timeout: configuration.timeout)
                try await conversation.expect(220, "greeting")
                var capabilities = try await conversation.command("EHLO \(configuration.clientName)", expecting: 250, "EHLO")
                if configuration.security == .startTLS {
                    guard capabilities.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                        throw AlertError(.tlsFailed, detail: "\(configuration.host):\(configuration.port) does not offer STARTTLS")
                    }
                    _ = try await conversation.command("STARTTLS", expecting: 220, "STARTTLS")
                    try await addTLS(to: channel.channel, context: sslContext!)
                    capabilities = try await conversation.command("EHLO \(configuration.clientName)", expecting: 250, "EHLO after STARTTLS")
                }
                if let user = configuration.username, let password = configuration.password {
                    try await authenticate(&conversation, user: user, password: password, capabilities: capabilities)
                }
                _ = try await conversation.command("MAIL FROM:<\(Self.address(configuration.from))>", expecting: 250, "MAIL FROM")
                for recipient in configuration.to {
                    _ = try await conversation.command("RCPT TO:<\(Self.address(recipient))>", expecting: 250, "RCPT TO \(recipient)")
                }
                _ = try await conversation.command("DATA", expecting: 354, "DATA")
                try await conversation.send(Self.dotStuffed(message) + ".\r\n")
                try await conversation.expect(250, "end of DATA")
                _ = try? await conversation.command("QUIT", expecting: 221, "QUIT")
            }
        } catch let error as AlertError {
            throw error
        } catch let error as NIOSSLError {
            throw AlertError(.tlsFailed, detail: "TLS with \(configuration.host):\(configuration.port) failed: \(error)")
        } catch let error as BoringSSLError {
            throw AlertError(.tlsFailed, detail: "TLS with \(configuration.host):\(configuration.port) failed: \(error)")
        } catch {
            throw AlertError(.connectionFailed, detail: "connection to \(configuration.host):\(configuration.port) failed: \(error)", isTransient: true)
        }
    }

    private func makeSSLContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.trustRoots {
        case .system: tls.trustRoots = .default
        case let .pemFile(path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw AlertError(.invalidConfiguration, detail: "CA file \(path) does not exist")
            }
            tls.trustRoots = .file(path)
        }
        do { return try NIOSSLContext(configuration: tls) } catch {
            throw AlertError(.tlsFailed, detail: "cannot build a TLS context: \(error)")
        }
    }

    private func connect(sslContext: NIOSSLContext?) async throws -> Channel {
        let host = configuration.host
        let timeout = configuration.timeout
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
                .connect(host: host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: host))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try Channel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw AlertError(.connectionFailed, detail: "cannot connect to \(host):\(configuration.port): \(error)", isTransient: true)
        }
    }

    private func addTLS(to channel: any NIOCore.Channel, context: NIOSSLContext) async throws {
        let host = configuration.host
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: host), position: .first)
        }.get()
    }

    private func authenticate(_ conversation: inout Conversation, user: String, password: Secret, capabilities: SMTPReply) async throws {
        let auth = capabilities.lines.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
        let mechanisms = Set(auth.split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init))
        do {
            if mechanisms.contains("PLAIN") || mechanisms.isEmpty {
                let token = Data(("\0" + user + "\0" + password.revealed).utf8).base64EncodedString()
                _ = try await conversation.command("AUTH PLAIN \(token)", expecting: 235, "AUTH PLAIN")
            } else if mechanisms.contains("LOGIN") {
                _ = try await conversation.command("AUTH LOGIN", expecting: 334, "AUTH LOGIN")
                _ = try await conversation.command(Data(user.utf8).base64EncodedString(), expecting: 334, "AUTH LOGIN user")
                _ = try await conversation.command(Data(password.revealed.utf8).base64EncodedString(), expecting: 235, "AUTH LOGIN password")
            } else {
                throw AlertError(.authenticationFailed, detail: "server offers no supported AUTH mechanism (\(auth))")
            }
        } catch let error as AlertError where error.reason == .rejected || error.reason == .serverError {
            throw AlertError(.authenticationFailed, detail: "server refused the credentials for user \(user): \(error.detail)")
        }
    }

    /// The address inside angle brackets, taken from `Name <a@b>` or `a@b`.
    static func address(_ text: String) -> String {
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            return String(text[text.index(after: open)..<close])
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// CRLF line ends everywhere, and a dot doubled at the start of any line (RFC 5321 §4.5.2).
    static func dotStuffed(_ message: String) -> String {
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out = ""
        out.reserveCapacity(normalized.utf8.count + 64)
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".") { out += "." }
            out += line
            out += "\r\n"
        }
        // split leaves one empty trailing element after a final newline: drop its CRLF.
        if normalized.hasSuffix("\n") { out.removeLast(2) }
        return out.hasSuffix("\r\n") ? out : out + "\r\n"
    }

    /// Command/reply exchange with timeouts.
    struct Conversation {
        var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let channel: any NIOCore.Channel
        let timeout: Duration

        mutating func readReply(_ step: String) async throws -> SMTPReply {
            var collected: [String] = []
            let watchdog = ReplyWatchdog()
            let channel = self.channel
            let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                watchdog.fire()
                channel.close(promise: nil)
            }
            defer { timer.cancel() }
            while true {
                let next: String?
                do { next = try await lines.next() } catch {
                    if watchdog.fired { throw AlertError(.timedOut, detail: "no SMTP reply to \(step) within \(timeout)", isTransient: true) }
                    throw AlertError(.connectionFailed, detail: "connection lost during \(step): \(error)", isTransient: true)
                }
                guard let text = next else {
                    if watchdog.fired { throw AlertError(.timedOut, detail: "no SMTP reply to \(step) within \(timeout)", isTransient: true) }
                    throw AlertError(.connectionFailed, detail: "server closed the connection during \(step)", isTransient: true)
                }
                collected.append(text)
                if SMTPReply.isFinal(text) { return try SMTPReply.parse(collected) }
            }
        }

        mutating func expect(_ code: Int, _ step: String) async throws {
            let reply = try await readReply(step)
            try Self.check(reply, expected: code, step: step)
        }

        mutating func send(_ text: String) async throws {
            try await outbound.write(ByteBuffer(string: text))
        }

        mutating func command(_ text: String, expecting code: Int, _ step: String) async throws -> SMTPReply {
            try await send(text + "\r\n")
            let reply = try await readReply(step)
            try Self.check(reply, expected: code, step: step)
            return reply
        }

        static func check(_ reply: SMTPReply, expected: Int, step: String) throws {
            guard reply.code != expected else { return }
            if reply.code == 535 || reply.code == 534 {
                throw AlertError(.authenticationFailed, detail: "\(step): server answered \(reply)")
            }
            if reply.isTransientFailure {
                throw AlertError(.serverError, detail: "\(step): server answered \(reply)", isTransient: true)
            }
            if reply.code >= 500 {
                throw AlertError(.rejected, detail: "\(step): server answered \(reply)")
            }
            throw AlertError(.protocolError, detail: "\(step): expected \(expected), server answered \(reply)")
        }
    }
}

/// Set once when a reply timer fires.
final class ReplyWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var didFire = false
    func fire() { lock.lock(); didFire = true; lock.unlock() }
    var fired: Bool { lock.lock(); defer { lock.unlock() }; return didFire }
}
