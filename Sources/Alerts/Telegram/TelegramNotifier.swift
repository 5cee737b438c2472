public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Settings for the Telegram Bot API channel.
public struct TelegramConfiguration: Sendable, Hashable {
    /// API base URL (`https://api.telegram.org`; a local server in tests).
    public var apiBase: URL
    /// The bot token (never printed).
    public var token: Secret
    /// The chat to post to (a user, group or channel id).
    public var chatID: String
    /// Request timeout.
    public var timeout: TimeInterval
    /// How many times a 429 or 5xx answer is retried within one send.
    public var maximumRetries: Int
    /// The longest `retry_after` honoured within one send; longer waits fail the send as
    /// transient so the outbox can retry later without blocking.
    public var maximumRetryAfter: TimeInterval

    /// Creates a configuration.
    public init(apiBase: URL = URL(string: "https://api.telegram.org")!, token: Secret, chatID: String,
                timeout: TimeInterval = 30, maximumRetries: Int = 3, maximumRetryAfter: TimeInterval = 60) {
        self.apiBase = apiBase
        self.token = token
        self.chatID = chatID
        self.timeout = timeout
        self.maximumRetries = maximumRetries
        self.maximumRetryAfter = maximumRetryAfter
    }
}

/// Delivers alerts through the Telegram Bot API: `sendMessage` (HTML parse mode, escaped,
/// split at Telegram's 4096-character limit on line boundaries) and `sendDocument` for each
/// attachment. A `429` answer's `parameters.retry_after` is honoured; `5xx` answers are
/// retried with backoff; other `4xx` answers are rejections.
public struct TelegramNotifier: Notifier {
    /// The channel settings.
    public let configuration: TelegramConfiguration

    /// Creates a notifier.
    public init(configuration: TelegramConfiguration) {
        self.configuration = configuration
    }

    /// `"telegram"`.
    public var channelName: String { "telegram" }

    /// Telegram's limit on one message's text, in UTF-16 code units after entity parsing.
    public static let messageLimit = 4096

    /// Sends the alert as one or more messages, then its attachments as documents.
    ///
    /// - Throws: ``AlertError``.
    public func send(_ alert: Alert) async throws {
        let prefix = alert.level == .info ? "" : (alert.level == .critical ? "🚨 " : "⚠️ ")
        let text = "<b>" + Self.escapeHTML(prefix + alert.subject) + "</b>\n\n" + Self.escapeHTML(alert.body)
        for part in Self.split(text, limit: Self.messageLimit) {
            let body = try JSONSerialization.data(withJSONObject: [
                "chat_id": configuration.chatID, "text": part, "parse_mode": "HTML", "disable_web_page_preview": true,
            ] as [String: Any])
            try await post(method: "sendMessage", body: body, contentType: "application/json")
        }
        for attachment in alert.attachments {
            let boundary = "qk-\(UUID().uuidString)"
            var form = Data()
            func field(_ name: String, _ value: String) {
                form.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
            }
            field("chat_id", configuration.chatID)
            field("caption", String((prefix + alert.subject).prefix(1000)))
            let safeName = attachment.fileName.replacingOccurrences(of: "\"", with: "'")
            form.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"\(safeName)\"\r\nContent-Type: \(attachment.contentType)\r\n\r\n".utf8))
            form.append(attachment.data)
            form.append(Data("\r\n--\(boundary)--\r\n".utf8))
            try await post(method: "sendDocument", body: form, contentType: "multipart/form-data; boundary=\(boundary)")
        }
    }

    private func post(method: String, body: Data, contentType: String) async throws {
        // The token is part of the URL path; it is never included in an error message.
        let url = configuration.apiBase.appendingPathComponent("bot\(configuration.token.revealed)").appendingPathComponent(method)
        var request = URLRequest(url: url, timeoutInterval: configuration.timeout)
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        var attempt = 0
        while true {
            let data: Data, response: URLResponse
            do { (data, response) = try await URLSession.shared.data(for: request) } catch {
                throw AlertError(.connectionFailed, detail: "Telegram \(method): \(Self.redact((error as NSError).localizedDescription, token: configuration.token))", isTransient: true)
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let answer = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let description = (answer?["description"] as? String).map { Self.redact($0, token: configuration.token) } ?? "HTTP \(status)"
            if (200..<300).contains(status), answer?["ok"] as? Bool ?? true { return }
            if status == 429 {
                let retryAfter = ((answer?["parameters"] as? [String: Any])?["retry_after"] as? NSNumber)?.doubleValue ?? 1
                guard attempt < configuration.maximumRetries, retryAfter <= configuration.maximumRetryAfter else {
                    throw AlertError(.rateLimited, detail: "Telegram \(method): \(description)", isTransient: true, retryAfter: retryAfter)
                }
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int(retryAfter * 1000)))
                continue
            }
            if status >= 500 {
                guard attempt < configuration.maximumRetries else {
                    throw AlertError(.serverError, detail: "Telegram \(method): \(description)", isTransient: true)
                }
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * (1 << attempt)))
                continue
            }
            throw AlertError(status == 401 ? .authenticationFailed : .rejected, detail: "Telegram \(method): \(description)")
        }
    }

    /// Escapes `&`, `<`, `>` for Telegram's HTML parse mode.
    public static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Splits text into parts of at most `limit` UTF-16 units, preferring line breaks, never
    /// cutting an HTML entity or a character.
    public static func split(_ text: String, limit: Int) -> [String] {
        guard text.utf16.count > limit else { return [text] }
        var parts: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { parts.append(current); current = "" } }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let piece = current.isEmpty ? String(line) : "\n" + line
            if current.utf16.count + piece.utf16.count <= limit {
                current += piece
                continue
            }
            flush()
            var rest = Substring(line)
            while rest.utf16.count > limit {
                var cut = rest.startIndex
                var count = 0
                for index in rest.indices {
                    let width = rest[index].utf16.count
                    if count + width > limit { break }
                    count += width
                    cut = rest.index(after: index)
                }
                // Do not cut inside an entity such as &amp;.
                if let amp = rest[..<cut].lastIndex(of: "&"), !rest[amp..<cut].contains(";"), amp > rest.startIndex { cut = amp }
                parts.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            current = String(rest)
        }
        flush()
        return parts
    }

    static func redact(_ text: String, token: Secret) -> String {
        text.replacingOccurrences(of: token.revealed, with: "<redacted>")
    }
}
