import ArgumentParser
import Execution
import Foundation
import Pipeline
import QuantCore
import Store

/// `quant-bot run`: one daily pipeline run for a date, from a configuration file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daily pipeline for one date from a configuration file (paper broker): orders, report, alerts.",
        discussion: """
            Repeat-safe and kill-safe: a day already completed is reported, not traded again; a day \
            interrupted resumes at the stage it reached. Prints the day's outcome as JSON. See Docs/Bot.md.
            """
    )

    @Option(help: "The JSON configuration file (keys in Docs/Bot.md; environment variables override them).")
    var config: String

    @Option(help: "The market date YYYY-MM-DD (default: the last date of the price file).")
    var date: String?

    @Flag(help: "Send the orders to KIS (needs broker.mode = live, kis.account and KIS credentials); otherwise the paper broker fills them.")
    var live = false

    func run() async throws {
        do {
            try await runDay()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func runDay() async throws {
        let settings = try await BotConfiguration.load(path: config)
        let runner = try BotRunner(settings: settings)
        let (outcome, published) = try await runner.runAndPublish(on: try date.map { try TradingDate(parsing: $0) }, live: live)
        let day = outcome.run.date
        let document: [String: Any] = [
            "date": day.description,
            "strategy": outcome.run.strategy,
            "status": outcome.run.status.rawValue,
            "resumedFrom": outcome.resumedFrom?.rawValue ?? NSNull(),
            "orders": outcome.orders.map { ["symbol": $0.order.symbol.code, "side": $0.order.side.rawValue, "quantity": $0.order.quantity,
                                             "limitPrice": $0.order.limitPrice, "status": $0.status.rawValue] as [String: Any] },
            "cash": outcome.account.cash,
            "equity": outcome.equity,
            "stageTimings": Dictionary(uniqueKeysWithValues: outcome.timings.stages.map { ($0.name, $0.seconds) }),
            "report": published.report ?? NSNull(),
            "alerts": published.alerts,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        let filled = outcome.orders.filter { $0.status == .filled }.count
        FileHandle.standardError.write(Data("""
            \(day): \(outcome.run.strategy) \(outcome.resumedFrom.map { "resumed from \($0.rawValue), " } ?? "")\
            \(outcome.orders.count) orders, \(filled) filled; equity \(Int(outcome.equity)) won; store \(settings.storePath)
            report \(published.report ?? "none"); alerts \(published.alerts)\n
            """.utf8))
    }
}
