import QuantTestSupport
import Alerts
import Foundation
import Testing

@Suite("MIME message")
struct MIMEMessageTests {
    static let alert = Alert(id: "A-1", level: .critical, subject: "손절매 발동: 삼성전자 (005930) — 손실 -8.2%",
                             body: "line one\n.starts with a dot\nline three", htmlBody: "<table><tr><td>삼성전자</td></tr></table>",
                             attachments: [AlertAttachment(fileName: "report.html", contentType: "text/html", data: Data("<html>ok</html>".utf8))],
                             createdAt: Date(timeIntervalSince1970: 1_764_054_600))

    @Test func structureAndHeaders() {
        let text = MIMEMessage(from: "QuantKit <bot@example.com>", to: ["ops@example.com"], alert: Self.alert).rendered()
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"qk-mixed-A-1\""))
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"qk-alt-A-1\""))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"report.html\""))
        #expect(text.contains("Message-ID: <A-1@quantkit.local>"))
        #expect(text.contains("Date: Tue, 25 Nov 2025 07:10:00 +0000"))
        #expect(text.contains("--qk-mixed-A-1--"))
    }

    @Test func everyLineEndsInCRLFAndIsShort() {
        let text = MIMEMessage(from: "bot@example.com", to: ["ops@example.com"], alert: Self.alert).rendered()
        let bytes = Array(text.utf8)
        for (k, b) in bytes.enumerated() where b == 10 { #expect(k > 0 && bytes[k - 1] == 13, "bare LF at byte \(k)") }
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998, "line too long: \(line.prefix(40))") }
        for line in text.components(separatedBy: "\r\n") where !line.hasPrefix("Content-Type") && !line.hasPrefix("From") {
            #expect(line.utf8.count <= 78, "line over 78 characters: \(line.prefix(60))")
        }
    }

    @Test func subjectIsRFC2047EncodedAndDecodesBack() throws {
        let text = MIMEMessage(from: "bot@example.com", to: ["ops@example.com"], alert: Self.alert).rendered()
        let lines = text.components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var header = [String(lines[start].dropFirst(9))]
        var k = start + 1
        while lines[k].hasPrefix(" ") { header.append(String(lines[k].dropFirst())); k += 1 }
        var decoded = Data()
        for word in header {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(word.count <= 75, "encoded word longer than 75 characters")
            decoded.append(try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))))
        }
        #expect(String(data: decoded, encoding: .utf8) == "[CRITICAL] " + Self.alert.subject, "each word holds whole UTF-8 characters")
    }

    @Test func asciiSubjectsStayReadable() {
        let alert = Alert(level: .info, subject: "Daily report 2026-11-25", body: "ok")
        let text = MIMEMessage(from: "a@b.c", to: ["d@e.f"], alert: alert).rendered()
        #expect(text.contains("\r\nSubject: Daily report 2026-11-25\r\n"))
    }
}

@Suite("Throttle and credentials")
struct ThrottleTests {
    @Test func duplicatesWithinTheWindowAreSuppressedAndCounted() {
        var throttle = AlertThrottle(duplicateWindow: 600, maximumPerHour: 100)
        let t0 = Date(timeIntervalSince1970: 0)
        let a = Alert(level: .warning, subject: "stream down", body: "", deduplicationKey: "stream")
        #expect(throttle.admit(a, now: t0) == .accept(foldedDuplicates: 0))
        if case .suppress = throttle.admit(a, now: t0.addingTimeInterval(60)) {} else { Issue.record("repeat within 10 min must be suppressed") }
        if case .suppress = throttle.admit(a, now: t0.addingTimeInterval(120)) {} else { Issue.record("repeat within 10 min must be suppressed") }
        #expect(throttle.admit(a, now: t0.addingTimeInterval(700)) == .accept(foldedDuplicates: 2))
    }

    @Test func rateLimitSparesCriticalAlerts() {
        var throttle = AlertThrottle(duplicateWindow: 0, maximumPerHour: 2)
        let t0 = Date(timeIntervalSince1970: 0)
        for k in 0..<2 { #expect(throttle.admit(Alert(level: .info, subject: "i\(k)", body: ""), now: t0) == .accept(foldedDuplicates: 0)) }
        if case .suppress = throttle.admit(Alert(level: .info, subject: "i3", body: ""), now: t0) {} else { Issue.record("third info alert in an hour must be suppressed") }
        for k in 0..<5 { #expect(throttle.admit(Alert(level: .critical, subject: "c\(k)", body: ""), now: t0) == .accept(foldedDuplicates: 0)) }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "Secret(<redacted>)")
        #expect(secret.revealed == "hunter2")
        let config = SMTPConfiguration(host: "localhost", port: 587, security: .startTLS, username: "u", password: secret, from: "a@b", to: ["c@d"])
        #expect(!"\(config)".contains("hunter2"))
    }

    @Test func worldReadableConfigIsRefused() throws {
        let dir = try TestServer.temporaryDirectory("perm")
        let path = dir.appendingPathComponent("bot.conf").path
        FileManager.default.createFile(atPath: path, contents: Data("password=x\n".utf8), attributes: [.posixPermissions: 0o644])
        let error = #expect(throws: AlertError.self) { try CredentialFilePolicy.check(path) }
        #expect(error?.reason == .insecureCredentials)
        #expect(error?.detail.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try CredentialFilePolicy.check(path)
    }

    @Test func telegramSplittingRespectsTheLimit() {
        let line = String(repeating: "가", count: 100)
        let text = Array(repeating: line, count: 100).joined(separator: "\n")
        let parts = TelegramNotifier.split(text, limit: 4096)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.utf16.count <= 4096 })
        #expect(parts.joined(separator: "\n") == text)
        let long = String(repeating: "a&amp;", count: 2000)
        let pieces = TelegramNotifier.split(long, limit: 4096)
        #expect(pieces.allSatisfy { $0.utf16.count <= 4096 })
        #expect(pieces.joined() == long)
        for piece in pieces.dropLast() { #expect(!piece.hasSuffix("&") && !piece.hasSuffix("&am")) }
        #expect(TelegramNotifier.escapeHTML("<b>A&B</b>") == "&lt;b&gt;A&amp;B&lt;/b&gt;")
    }
}
