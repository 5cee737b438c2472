/// One SMTP reply: a three-digit code and its text lines (`250-...` continuation lines joined).
struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var isTransientFailure: Bool { (400..<500).contains(code) }
    var description: String { "\(code) \(lines.joined(separator: " / "))" }

    /// Parses the lines of one reply; the last has a space (or nothing) after the code.
    static func parse(_ lines: [String]) throws -> SMTPReply {
        guard let last = lines.last, last.count >= 3, let code = Int(last.prefix(3)) else {
            throw AlertError(.protocolError, detail: "malformed SMTP reply: \(lines.joined(separator: " / ").prefix(200))")
        }
        return SMTPReply(code: code, lines: lines.map { $0.count > 4 ? String($0.dropFirst(4)) : "" })
    }

    /// Whether a line ends a multi-line reply (`250 ok`, not `250-...`).
    static func isFinal(_ line: String) -> Bool {
        let chars = Array(line.utf8)
        return chars.count == 3 || (chars.count > 3 && chars[3] == UInt8(ascii: " "))
    }
}
