import Alerts
import Foundation

/// The bot's alert channels, from its configuration.
enum BotAlerts {
    /// Email and/or Telegram, as configured (none when neither is).
    static func notifiers(_ settings: BotConfiguration) -> [any Notifier] {
        var notifiers: [any Notifier] = []
        if let email = settings.email { notifiers.append(SMTPNotifier(configuration: email)) }
        if let telegram = settings.telegram { notifiers.append(TelegramNotifier(configuration: telegram)) }
        return notifiers
    }

    /// One line on what the outbox did, for logs and the run summary.
    static func describe(_ submission: AlertOutbox.Submission, _ flush: AlertOutbox.FlushReport) -> String {
        let queued: String = switch submission {
        case .queued(let channels): "queued for \(channels.joined(separator: ", "))"
        case .alreadyKnown: "already queued"
        case .suppressed(let reason): "suppressed (\(reason))"
        }
        var text = "\(queued); delivered \(flush.delivered), pending \(flush.pending), abandoned \(flush.abandoned)"
        if !flush.failures.isEmpty { text += " (" + flush.failures.joined(separator: "; ") + ")" }
        return text
    }
}
