import QuantTestSupport
import Alerts
import Foundation
import Testing

private let smtpAvailable = TestServer.pythonHas("aiosmtpd") && TestServer.pythonHas("cryptography")

/// Delivery against a real aiosmtpd server on loopback.
@Suite("SMTP delivery (aiosmtpd)", .serialized, .enabled(if: smtpAvailable || TestServer.isCI, "needs aiosmtpd (scripts/test.sh installs it)"))
struct SMTPDeliveryTests {
    static let alert = Alert(id: "smtp-\(UUID().uuidString)", level: .warning, subject: "일일 리포트 2026-11-25",
                             body: "Portfolio +1.2% today.\n.dot line stays", htmlBody: "<p>Portfolio <b>+1.2%</b></p>",
                             attachments: [AlertAttachment(fileName: "report.html", contentType: "text/html", data: Data("<html><body>리포트</body></html>".utf8))])

    func config(port: Int, security: SMTPSecurity, ca: String?, user: String? = "bot", password: String? = "s3cret") -> SMTPConfiguration {
        SMTPConfiguration(host: "localhost", port: port, security: security, username: user, password: password.map(Secret.init),
                          from: "QuantKit <bot@example.com>", to: ["ops@example.com", "pm@example.com"],
                          timeout: .seconds(10), trustRoots: ca.map(SMTPTrustRoots.pemFile) ?? .system)
    }

    @Test func startTLSWithAuthenticationDeliversTheMessage() async throws {
        let cert = try TestServer.makeCertificate()
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--starttls", cert.cert, cert.key, "--auth", "bot:s3cret"])
        defer { server.stop() }
        try await SMTPNotifier(configuration: config(port: server.port, security: .startTLS, ca: cert.cert)).send(Self.alert)
        let mails = TestServer.mails(in: maildir)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.contains("Subject: =?UTF-8?B?"))
        #expect(mail.contains("multipart/alternative"))
        #expect(mail.contains("filename=\"report.html\""))
        #expect(mail.contains("To: ops@example.com, pm@example.com"))
        // The dot-stuffed body line arrives un-stuffed: decode the plain part.
        let plainB64 = try #require(Self.part(of: mail, type: "text/plain"))
        #expect(String(data: Data(base64Encoded: plainB64) ?? Data(), encoding: .utf8)?.contains("\r\n.dot line stays") == true)
    }

    @Test func implicitTLSDeliversTheMessage() async throws {
        let cert = try TestServer.makeCertificate()
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--implicit", cert.cert, cert.key, "--auth", "bot:s3cret"])
        defer { server.stop() }
        try await SMTPNotifier(configuration: config(port: server.port, security: .implicitTLS, ca: cert.cert)).send(Self.alert)
        #expect(TestServer.mails(in: maildir).count == 1)
    }

    @Test func wrongPasswordIsAnAuthenticationFailureWithoutTheSecret() async throws {
        let cert = try TestServer.makeCertificate()
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--starttls", cert.cert, cert.key, "--auth", "bot:s3cret"])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) {
            try await SMTPNotifier(configuration: config(port: server.port, security: .startTLS, ca: cert.cert, password: "wrong-pass-XYZ")).send(Self.alert)
        }
        #expect(error?.reason == .authenticationFailed)
        #expect(error?.isTransient == false)
        #expect(error.map { !"\($0)".contains("wrong-pass-XYZ") } == true)
        #expect(TestServer.mails(in: maildir).isEmpty)
    }

    @Test func untrustedCertificateFailsTLS() async throws {
        let cert = try TestServer.makeCertificate()
        let other = try TestServer.makeCertificate()
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--starttls", cert.cert, cert.key])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) {
            try await SMTPNotifier(configuration: config(port: server.port, security: .startTLS, ca: other.cert, user: nil, password: nil)).send(Self.alert)
        }
        #expect(error?.reason == .tlsFailed || error?.reason == .connectionFailed)
        #expect(TestServer.mails(in: maildir).isEmpty)
    }

    @Test func refusedRecipientIsAPermanentRejection() async throws {
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--mode", "refuse"])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) {
            try await SMTPNotifier(configuration: config(port: server.port, security: .none, ca: nil, user: nil, password: nil)).send(Self.alert)
        }
        #expect(error?.reason == .rejected)
        #expect(error?.detail.contains("550") == true)
        #expect(error?.isTransient == false)
    }

    @Test func connectionDroppedMidDataIsTransient() async throws {
        let maildir = try TestServer.temporaryDirectory("mail")
        let server = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path, "--mode", "drop-data"])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) {
            try await SMTPNotifier(configuration: config(port: server.port, security: .none, ca: nil, user: nil, password: nil)).send(Self.alert)
        }
        #expect(error?.reason == .connectionFailed)
        #expect(error?.isTransient == true)
        #expect(TestServer.mails(in: maildir).isEmpty)
    }

    @Test func outboxDeliversExactlyOnceAfterTheServerComesUp() async throws {
        let maildir = try TestServer.temporaryDirectory("mail")
        let outboxDir = try TestServer.temporaryDirectory("outbox")
        // Reserve a port, then leave it closed: the server is "down".
        let probe = try TestServer(script: "smtp_server.py", arguments: ["--maildir", maildir.path])
        let port = probe.port
        probe.stop()
        let clock = TestClock()
        let notifier = SMTPNotifier(configuration: config(port: port, security: .none, ca: nil, user: nil, password: nil))
        let policy = AlertOutbox.RetryPolicy(initialDelay: 30, multiplier: 2, maximumDelay: 600, timeToLive: 3600)
        do {
            let outbox = AlertOutbox(store: try FileOutboxStore(directory: outboxDir.path), notifiers: [notifier], policy: policy, now: clock.now)
            #expect(try await outbox.submit(Self.alert) == .queued(channels: ["email"]))
            let first = try await outbox.flush()
            #expect(first.delivered == 0 && first.rescheduled == 1)
            // Too early for the retry.
            clock.advance(10)
            #expect(try await outbox.flush().delivered == 0)
        }
        // "Restart": a new outbox over the same directory, the server now up on the same port.
        let server = try TestServer(script: "smtp_server.py", arguments: ["--port", String(port), "--maildir", maildir.path])
        defer { server.stop() }
        clock.advance(60)
        let outbox = AlertOutbox(store: try FileOutboxStore(directory: outboxDir.path), notifiers: [notifier], policy: policy, now: clock.now)
        let second = try await outbox.flush()
        #expect(second.delivered == 1)
        #expect(try await outbox.flush().delivered == 0)
        #expect(try await outbox.submit(Self.alert) == .alreadyKnown)
        #expect(TestServer.mails(in: maildir).count == 1, "delivered exactly once")
    }

    static func part(of mail: String, type: String) -> String? {
        guard let start = mail.range(of: "Content-Type: \(type); charset=utf-8") else { return nil }
        let rest = mail[start.upperBound...]
        guard let blank = rest.range(of: "\r\n\r\n") ?? rest.range(of: "\n\n") else { return nil }
        let body = rest[blank.upperBound...]
        let end = body.range(of: "--")?.lowerBound ?? body.endIndex
        return body[..<end].components(separatedBy: .newlines).joined()
    }
}

/// A settable clock for outbox tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_764_054_600)
    var now: @Sendable () -> Date { { [self] in lock.lock(); defer { lock.unlock() }; return current } }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}
