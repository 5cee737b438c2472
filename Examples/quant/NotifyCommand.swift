import Alerts
import ArgumentParser
import Foundation

/// `quant notify`: send one alert by email or Telegram, optionally through a durable outbox.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send one alert by email (SMTP) or Telegram; --outbox makes delivery durable and retried.")

    enum Channel: String, ExpressibleByArgument, CaseIterable { case email, telegram }

    @Option(help: "email or telegram.") var channel: Channel?
    @Option(help: "Subject (UTF-8).") var subject: String?
    @Option(help: "Body text.") var body: String?
    @Option(name: .customLong("body-file"), help: "Read the body from this file.") var bodyFile: String?
    @Option(help: "Attach this file (repeatable).") var attach: [String] = []
    @Option(help: "info, warning or critical.") var level: String = "info"
    @Option(name: .customLong("smtp-host")) var smtpHost: String?
    @Option(name: .customLong("smtp-port")) var smtpPort: Int?
    @Option(help: "starttls, implicit or none.") var tls: String = "starttls"
    @Option(name: .customLong("smtp-user"), help: "Login; the password comes from SMTP_PASSWORD.") var smtpUser: String?
    @Option var from: String?
    @Option(help: "Recipient (repeatable).") var to: [String] = []
    @Option(name: .customLong("ca-file"), help: "Trust this PEM CA or certificate.") var caFile: String?
    @Option(name: .customLong("telegram-api"), help: "Bot API base URL.") var telegramAPI: String = "https://api.telegram.org"
    @Option(name: .customLong("chat-id"), help: "Telegram chat; the token comes from TELEGRAM_BOT_TOKEN.") var chatID: String?
    @Option(help: "Queue in this outbox directory and deliver with retries.") var outbox: String?
    @Flag(help: "Retry what is queued in --outbox, without a new alert.") var flush = false

    func run() async throws {
        do {
            try await execute()
        } catch let error as AlertError {
            FileHandle.standardError.write(Data("quant notify: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func execute() async throws {
        let notifier = try makeNotifier()
        if flush {
            guard let outbox else { throw ValidationError("--flush needs --outbox DIR") }
            let box = AlertOutbox(store: try FileOutboxStore(directory: outbox), notifiers: [notifier])
            try report(await box.flush())
            return
        }
        guard let subject else { throw ValidationError("--subject is required") }
        let text: String
        switch (body, bodyFile) {
        case let (body?, nil): text = body
        case let (nil, path?):
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read --body-file \(path)") }
            text = String(decoding: data, as: UTF8.self)
        default: throw ValidationError("give exactly one of --body and --body-file")
        }
        guard let alertLevel = AlertLevel(rawValue: level) else { throw ValidationError("--level must be info, warning or critical") }
        let attachments = try attach.map { try AlertAttachment(contentsOf: $0) }
        let html = attachments.isEmpty ? nil : "<pre>" + text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") + "</pre>"
        let alert = Alert(level: alertLevel, subject: subject, body: text, htmlBody: html, attachments: attachments)
        if let outbox {
            let box = AlertOutbox(store: try FileOutboxStore(directory: outbox), notifiers: [notifier])
            _ = try await box.submit(alert)
            try report(await box.flush())
        } else {
            try await notifier.send(alert)
            print("{\"delivered\":1,\"channel\":\"\(notifier.channelName)\"}")
        }
    }

    private func report(_ r: AlertOutbox.FlushReport) throws {
        for failure in r.failures { FileHandle.standardError.write(Data("quant notify: \(failure)\n".utf8)) }
        print("{\"delivered\":\(r.delivered),\"pending\":\(r.pending),\"abandoned\":\(r.abandoned)}")
        if r.delivered == 0 && (r.pending > 0 || r.abandoned > 0) { throw ExitCode(3) }
    }

    private func makeNotifier() throws -> any Notifier {
        guard let channel else { throw ValidationError("--channel email|telegram is required") }
        switch channel {
        case .email:
            guard let smtpHost else { throw ValidationError("--smtp-host is required for email") }
            guard let security = SMTPSecurity(rawValue: tls) else { throw ValidationError("--tls must be starttls, implicit or none") }
            guard let from else { throw ValidationError("--from is required for email") }
            let port = smtpPort ?? (security == .implicitTLS ? 465 : 587)
            let password = smtpUser == nil ? nil : try Secret.fromEnvironment("SMTP_PASSWORD")
            let config = SMTPConfiguration(host: smtpHost, port: port, security: security, username: smtpUser, password: password,
                                           from: from, to: to, trustRoots: caFile.map(SMTPTrustRoots.pemFile) ?? .system)
            try config.validate()
            return SMTPNotifier(configuration: config)
        case .telegram:
            guard let chatID else { throw ValidationError("--chat-id is required for telegram") }
            guard let base = URL(string: telegramAPI) else { throw ValidationError("--telegram-api is not a URL") }
            return TelegramNotifier(configuration: TelegramConfiguration(apiBase: base, token: try Secret.fromEnvironment("TELEGRAM_BOT_TOKEN"), chatID: chatID))
        }
    }
}
