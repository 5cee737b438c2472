import Foundation

/// Builds an RFC 5322 / MIME message for an alert: `multipart/mixed` holding a
/// `multipart/alternative` (plain text + static HTML) and base64 attachments.
///
/// Non-ASCII subjects use RFC 2047 encoded words (`=?UTF-8?B?...?=`), split so that no word
/// exceeds 75 characters and no UTF-8 sequence is cut. Every line ends in CRLF and stays
/// within 78 characters except where a header cannot be folded. Dot-stuffing is the SMTP
/// transport's job (``SMTPClient``), not the message's.
public struct MIMEMessage: Sendable {
    /// The sender address.
    public var from: String
    /// The recipients.
    public var to: [String]
    /// The alert to render.
    public var alert: Alert
    /// The domain used in the Message-ID and boundaries.
    public var domain: String

    /// Creates a message.
    public init(from: String, to: [String], alert: Alert, domain: String = "quantkit.local") {
        self.from = from
        self.to = to
        self.alert = alert
        self.domain = domain
    }

    /// The complete message, CRLF line ends, ready for SMTP `DATA` (before dot-stuffing).
    public func rendered() -> String {
        let mixed = "qk-mixed-\(Self.token(alert.id))"
        let alternative = "qk-alt-\(Self.token(alert.id))"
        var lines: [String] = []
        lines.append("From: \(from)")
        lines.append("To: \(to.joined(separator: ", "))")
        lines.append(Self.fold("Subject: " + Self.encodedHeaderValue(Self.levelPrefix(alert.level) + alert.subject)))
        lines.append("Date: \(Self.rfc5322Date(alert.createdAt))")
        lines.append("Message-ID: <\(Self.token(alert.id))@\(domain)>")
        lines.append("MIME-Version: 1.0")
        lines.append("X-QuantKit-Level: \(alert.level.rawValue)")
        lines.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        lines.append("--\(mixed)")
        lines.append("Content-Type: multipart/alternative; boundary=\"\(alternative)\"")
        lines.append("")
        lines.append("--\(alternative)")
        lines.append(contentsOf: Self.textPart(alert.body, type: "text/plain"))
        if let html = alert.htmlBody {
            lines.append("--\(alternative)")
            lines.append(contentsOf: Self.textPart(html, type: "text/html"))
        }
        lines.append("--\(alternative)--")
        for attachment in alert.attachments {
            lines.append("--\(mixed)")
            let name = Self.encodedHeaderValue(attachment.fileName)
            lines.append("Content-Type: \(attachment.contentType); name=\"\(name)\"")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("Content-Disposition: attachment; filename=\"\(name)\"")
            lines.append("")
            lines.append(contentsOf: Self.base64Lines(attachment.data))
        }
        lines.append("--\(mixed)--")
        lines.append("")
        return lines.joined(separator: "\r\n")
    }

    static func levelPrefix(_ level: AlertLevel) -> String {
        switch level {
        case .info: return ""
        case .warning: return "[WARNING] "
        case .critical: return "[CRITICAL] "
        }
    }

    static func textPart(_ text: String, type: String) -> [String] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""] + base64Lines(Data(normalized.utf8))
    }

    /// Base64 in lines of 76 characters.
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        var out: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out.append(String(encoded[index..<end]))
            index = end
        }
        return out
    }

    /// The value unchanged when printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at most
    /// 75 characters each, separated by a folding space, never splitting a UTF-8 sequence.
    static func encodedHeaderValue(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !value.contains("=?") { return value }
        // 39 bytes → 52 base64 chars → 64-character words, so even "Subject: " + a word stays within 78.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Folds an ASCII header line at spaces to stay within 78 characters where possible.
    static func fold(_ line: String) -> String {
        if line.contains("\r\n") || line.count <= 78 { return line }
        var out = "", current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 {
                out += current + "\r\n"
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        return out + current
    }

    /// RFC 5322 date-time in UTC, e.g. `Tue, 25 Nov 2026 07:10:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = String(format: "%02d %04d %02d:%02d:%02d", c.day ?? 1, c.year ?? 1970, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        let parts = time.split(separator: " ")
        return "\(days[(c.weekday ?? 1) - 1]), \(parts[0]) \(months[(c.month ?? 1) - 1]) \(parts[1]) \(parts[2]) +0000"
    }

    /// The id restricted to characters safe in a Message-ID and a boundary.
    static func token(_ id: String) -> String {
        String(id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "." }.map(Character.init))
    }
}
