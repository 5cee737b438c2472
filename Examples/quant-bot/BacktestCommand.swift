import ArgumentParser
import Backtest
import Foundation
import QuantCore
import RiskMetrics

/// `quant-bot backtest`: the configured strategy over the configured price history.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest the configured strategy on the configured prices and costs.",
        discussion: "Prints the statistics as JSON (keys of `quant metrics`); --output writes the equity curve. See Docs/Bot.md."
    )

    enum Schedule: String, CaseIterable, ExpressibleByArgument {
        case daily, weekly, monthly, quarterly
    }

    @Option(help: "The JSON configuration file (as for `run`).")
    var config: String

    @Option(help: "First date YYYY-MM-DD (default: the first date of the price file).")
    var from: String?

    @Option(help: "Last date YYYY-MM-DD (default: the last date of the price file).")
    var to: String?

    @Option(help: "When the strategy decides: daily, weekly, monthly (default) or quarterly (last trading date of each).")
    var schedule: Schedule = .monthly

    @Option(help: "A symbol of the price file to compare against (e.g. 069500).")
    var benchmark: String?

    @Option(help: "Write the equity curve here: CSV `date,equity` (won), plus `benchmark` with --benchmark.")
    var output: String?

    func run() async throws {
        do {
            let settings = try await BotConfiguration.load(path: config)
            let runner = try BotRunner(settings: settings)
            FileHandle.standardError.write(Data("backtesting \(settings.strategy.rawValue) on \(settings.pricesFile)\n".utf8))
            let rebalance: RebalanceSchedule = switch schedule {
            case .daily: .daily
            case .weekly: .weekEnd
            case .monthly: .monthEnd
            case .quarterly: .quarterEnd
            }
            let result = try runner.backtest(from: try from.map { try TradingDate(parsing: $0) }, through: try to.map { try TradingDate(parsing: $0) },
                                             schedule: rebalance, benchmark: benchmark.map { Symbol($0) }, showsProgress: true)
            if let output {
                var text = "date,equity" + (result.benchmarkEquity == nil ? "" : ",benchmark") + "\n"
                for (t, date) in result.dates.enumerated() {
                    text += "\(date),\(String(format: "%.2f", result.equity[t]))"
                    if let b = result.benchmarkEquity { text += ",\(String(format: "%.2f", b[t]))" }
                    text += "\n"
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
            let s = try result.summary()
            var document: [String: Any] = [
                "from": result.dates.first?.description ?? NSNull(), "to": result.dates.last?.description ?? NSNull(),
                "strategy": settings.strategy.rawValue, "finalEquity": result.equity.last ?? 0, "trades": result.trades.count,
                "totalCosts": result.totalCosts, "averageTurnover": result.averageTurnover, "skippedDecisions": result.skipped.count,
                "cagr": s.cagr, "volatility": s.volatility, "sharpe": s.sharpe ?? NSNull(), "sortino": s.sortino ?? NSNull(),
                "maxDrawdown": s.drawdown.maxDrawdown, "varHistorical": s.tailRisk.historicalVaR, "cvarHistorical": s.tailRisk.historicalCVaR,
            ]
            if let v = try result.benchmarkComparison() {
                document["beta"] = v.beta ?? NSNull()
                document["alpha"] = v.alpha ?? NSNull()
                document["trackingError"] = v.trackingError
                document["informationRatio"] = v.informationRatio ?? NSNull()
            }
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            FileHandle.standardError.write(Data("""
                \(result.dates.first.map { "\($0)" } ?? "-") to \(result.dates.last.map { "\($0)" } ?? "-"): \(settings.strategy.rawValue) \
                CAGR \(BotFiles.percent(s.cagr)), volatility \(BotFiles.percent(s.volatility)), max drawdown \(BotFiles.percent(s.drawdown.maxDrawdown)), \
                \(result.trades.count) trades, final equity \(Int(result.equity.last ?? 0)) won\(output.map { "; equity curve in \($0)" } ?? "")\n
                """.utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
