import ArgumentParser
import Foundation
import Logging
import Pipeline
import QuantCore
import ServiceLifecycle
import UnixSignals
import Store

/// `quant-bot daemon`: the long-running service that runs the day after each KRX close.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the daily pipeline after each trading day's close (KST) and watch the holdings live during sessions, until SIGTERM.",
        discussion: "Logs structured lines to stderr (journald captures them under systemd). See Docs/Bot.md."
    )

    @Option(help: "The JSON configuration file (as for `run`).")
    var config: String

    @Option(help: "The KRX trading calendar file with per-date session hours (Docs/CalendarFormat.md).")
    var calendar: String

    @Option(name: .customLong("delay-after-close"), help: "Minutes after each session's close at which the day runs.")
    var delayAfterClose: Int = 30

    func validate() throws {
        guard (0...600).contains(delayAfterClose) else { throw ValidationError("--delay-after-close must be 0 to 600 minutes") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "quant-bot")
        logger.logLevel = .info
        do {
            let settings = try await BotConfiguration.load(path: config)
            let tradingCalendar = try TradingCalendar(csvFile: calendar)
            let schedule = DailySchedule(calendar: tradingCalendar, delayAfterClose: TimeInterval(delayAfterClose * 60))
            let runner = try BotRunner(settings: settings)
            let daily = DailyRunService(runner: runner, schedule: schedule, logger: logger)
            let realtime = SessionWatchService(runner: runner, calendar: tradingCalendar, logger: logger)
            let group = ServiceGroup(services: [daily, realtime], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
            logger.info("daemon stopped")
        } catch {
            logger.error("daemon failed", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}

/// The scheduler as a service-lifecycle `Service`: graceful shutdown cancels the wait for the
/// next run (a run in progress finishes its current stage's transaction first, since each stage
/// is synchronous).
struct DailyRunService: Service {
    let runner: BotRunner
    let schedule: DailySchedule
    let logger: Logger

    func run() async throws {
        let store = runner.store
        let next = try schedule.nextRun(atOrAfter: Date())
        logger.info("daemon started", metadata: ["store": "\(store.path)", "nextRun": "\(next.date) \(KST.split(next.time).time) KST"])
        let scheduler = DailyScheduler(schedule: schedule, clock: SystemSchedulerClock())
        do {
            try await cancelWhenGracefulShutdown {
                try await scheduler.run(
                    catchUp: try !store.runs().isEmpty,
                    isCompleted: { try store.run(on: $0)?.status == .completed },
                    onError: { date, error in logger.error("run failed", metadata: ["date": "\(date)", "error": "\(error)"]) }
                ) { date in
                    logger.info("run starting", metadata: ["date": "\(date)"])
                    let (outcome, published) = try await runner.runAndPublish(on: date)
                    logger.info("run finished", metadata: [
                        "report": "\(published.report ?? "none")", "alerts": "\(published.alerts)",
                        "date": "\(date)", "status": "\(outcome.run.status.rawValue)", "orders": "\(outcome.orders.count)",
                        "filled": "\(outcome.orders.filter { $0.status == .filled }.count)", "equity": "\(Int(outcome.equity))",
                    ])
                }
            }
        } catch is CancellationError {
            logger.info("shutting down")
        }
    }
}
