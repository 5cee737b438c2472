import Foundation
import Mustache

/// The daily report as an email: a static HTML summary (inline styles, tables, no script: mail
/// clients run no JavaScript) and the same summary as plain text. The interactive report rides
/// along as an attachment (Alerts' `Attachment`).
///
/// ```swift
/// let email = try ReportEmail().render(input)
/// let alert = Alert(level: .info, subject: email.subject, body: email.text, htmlBody: email.html,
///                   attachments: [try Attachment(path: "report.html")])
/// ```
public struct ReportEmail: Sendable {
    /// The rendered message parts.
    public struct Message: Sendable, Hashable {
        /// `title — date`.
        public let subject: String
        /// The plain-text alternative.
        public let text: String
        /// The static HTML body.
        public let html: String
    }

    private let template: MustacheTemplate

    /// Uses the bundled `email` template.
    ///
    /// - Throws: ``ReportError`` (`.templateMissing`, `.templateInvalid`).
    public init() throws {
        let text = try ReportingResources.templateText(named: "email")
        do { template = try MustacheTemplate(string: text) } catch {
            throw ReportError(.templateInvalid, detail: "the email template does not parse: \(error)")
        }
    }

    /// Renders the summary of `input` (headline, risk, holdings, orders, model figures).
    public func render(_ input: DailyReportInput) throws -> Message {
        let context = try ReportContext.make(input, charts: [])
        return Message(subject: "\(input.title) — \(input.asOf)", text: Self.plainText(context), html: template.render(context))
    }

    /// The same figures as aligned plain text.
    static func plainText(_ c: [String: Any]) -> String {
        var lines = ["\(c["title"] ?? "") — \(c["asOf"] ?? "")", "작성 \(c["generatedAt"] ?? "")", ""]
        for key in ["headline", "risk", "model"] {
            for f in c[key] as? [[String: Any]] ?? [] { lines.append("\(f["label"] ?? ""): \(f["value"] ?? "")") }
        }
        if let holdings = c["holdings"] as? [[String: Any]], !holdings.isEmpty {
            lines += ["", "Holdings (weight / risk contribution)"]
            for h in holdings { lines.append("  \(h["symbol"] ?? "") \(h["name"] ?? ""): \(h["weight"] ?? "") / \(h["riskContribution"] ?? "")") }
        }
        if let orders = c["orders"] as? [[String: Any]], !orders.isEmpty {
            lines += ["", "Orders"]
            for o in orders { lines.append("  \(o["side"] ?? "") \(o["symbol"] ?? "") \(o["name"] ?? ""): \(o["quantity"] ?? "") @ \(o["price"] ?? "") (\(o["status"] ?? ""))") }
        }
        lines += ["", "The interactive report is attached.", "\(c["footer"] ?? "")"]
        return lines.joined(separator: "\n") + "\n"
    }
}
