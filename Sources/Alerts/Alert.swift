public import Foundation

/// How urgent an alert is.
public enum AlertLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Routine information (the daily report is ready).
    case info
    /// Needs attention today (a stale stream, a rejected order).
    case warning
    /// Needs attention now (drawdown limit breached, kill switch engaged).
    case critical

    /// Orders levels by urgency.
    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool {
        let order: [AlertLevel] = [.info, .warning, .critical]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// A file sent with an alert (e.g. the full HTML report).
public struct AlertAttachment: Sendable, Hashable, Codable {
    /// The file name shown to the recipient.
    public var fileName: String
    /// The MIME type, e.g. `text/html`.
    public var contentType: String
    /// The bytes.
    public var data: Data

    /// Creates an attachment.
    public init(fileName: String, contentType: String, data: Data) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }

    /// Reads an attachment from a file, guessing the type from its extension.
    ///
    /// - Throws: ``AlertError`` (`.invalidAlert`) naming the path when it cannot be read.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlertError(.invalidAlert, detail: "cannot read attachment \(path)")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let types = ["html": "text/html", "htm": "text/html", "csv": "text/csv", "json": "application/json",
                     "txt": "text/plain", "png": "image/png", "pdf": "application/pdf"]
        self.init(fileName: name, contentType: types[ext] ?? "application/octet-stream", data: data)
    }
}

/// One message for the operator: a subject, a plain-text body, optionally static HTML and files.
///
/// ```swift
/// let alert = Alert(level: .critical, subject: "Drawdown limit breached (-15.2%)",
///                   body: "The portfolio is 15.2% below its peak; new buys are paused.",
///                   deduplicationKey: "drawdown-limit")
/// ```
public struct Alert: Sendable, Hashable, Codable, Identifiable {
    /// A unique identifier, also used as the email Message-ID so a receiver can drop a duplicate.
    public var id: String
    /// Urgency.
    public var level: AlertLevel
    /// The subject (UTF-8; Korean text is fine).
    public var subject: String
    /// The plain-text body.
    public var body: String
    /// A static HTML body (mail clients run no JavaScript), sent as the rich alternative.
    public var htmlBody: String?
    /// Files to attach.
    public var attachments: [AlertAttachment]
    /// Alerts with the same key are de-duplicated and throttled together (defaults to the subject).
    public var deduplicationKey: String
    /// When the alert was raised.
    public var createdAt: Date

    /// Creates an alert.
    public init(id: String = UUID().uuidString, level: AlertLevel, subject: String, body: String, htmlBody: String? = nil,
                attachments: [AlertAttachment] = [], deduplicationKey: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.level = level
        self.subject = subject
        self.body = body
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.deduplicationKey = deduplicationKey ?? subject
        self.createdAt = createdAt
    }
}

/// A channel that delivers alerts: email, Telegram, or a test double.
///
/// `send` either delivers the alert or throws; it never reports success for an alert the
/// channel did not accept. The ``AlertOutbox`` adds durability and retries on top.
public protocol Notifier: Sendable {
    /// A short name for logs and errors, e.g. `"email"`.
    var channelName: String { get }

    /// Delivers one alert.
    ///
    /// - Throws: ``AlertError``; `isTransient` tells whether retrying later may succeed.
    func send(_ alert: Alert) async throws
}
