import ArgumentParser
import Backtest
import Covariance
import Execution
import Foundation
import Pipeline
import QuantCore
import Reporting
import RiskMetrics
import SampleData
import Store
import StrategyKit

/// `quant-bot demo`: the whole bot on the bundled synthetic market, with no account, network
/// or configuration.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daily pipeline and a ten-year backtest on the bundled synthetic KRX market.",
        discussion: """
            Writes report.html, orders.csv, backtest.csv, summary.json and quant.sqlite to --output \
            (see Docs/Bot.md for every column and key), after a short realtime session in which a KIS \
            simulator on loopback streams the day's holdings. The market is synthetic (SampleData).
            """
    )

    @Option(help: "The folder to write (created when missing; its demo files are replaced).")
    var output: String = "out/quant-bot-demo"

    @Option(name: .customLong("plotly-js"), help: "A local plotly.min.js to embed in the report (offline); otherwise it is linked.")
    var plotlyJS: String?

    @Option(help: "Seed of the synthetic market.")
    var seed: UInt64 = 42

    @Option(name: .customLong("realtime-seconds"), help: "Length of the simulated realtime session (0 skips it).")
    var realtimeSeconds: Double = 2

    func validate() throws {
        guard realtimeSeconds >= 0 && realtimeSeconds <= 600 else { throw ValidationError("--realtime-seconds must be 0 to 600") }
    }

    func run() async throws {
        do {
            try await runDemo()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func progress(_ step: Int, _ text: String) {
        FileHandle.standardError.write(Data("[\(step)/6] \(text)\n".utf8))
    }

    private func runDemo() async throws {
        var timings = StageTimings()
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        progress(1, "generating the synthetic KRX market (seed \(seed))")
        let market = try timings.measure("load data") {
            try SampleMarketGenerator(configuration: SampleMarketGenerator.Configuration(seed: seed)).generate()
        }
        let prices = try market.adjustedPrices.prices.selecting(assets: market.etfs)
        let dataset = try MarketDataset(prices: prices)
        let names = Dictionary(uniqueKeysWithValues: market.securityMaster.listings.map { ($0.symbol, $0.name) })
        guard let asOf = prices.dates.last else { throw ValidationError("the sample market has no dates") }

        progress(2, "backtesting dual momentum (equal weight, risk parity) and a three-factor stock selection, monthly, over \(prices.dateCount) days")
        var backtest = BacktestConfiguration(initialCapital: 100_000_000, schedule: .monthEnd, costs: .krx)
        backtest.benchmark = SyntheticMarket.kospi200ETF
        let equal = try timings.measure("backtest, equal weight") { try Backtester(configuration: backtest).run(DemoStrategies.equalWeight, on: dataset) }
        let parity = try timings.measure("backtest, risk parity") { try Backtester(configuration: backtest).run(DemoStrategies.riskParity, on: dataset) }
        let stocks = try timings.measure("backtest, three-factor stocks") { () -> BacktestResult in
            let all = market.adjustedPrices.prices
            let stockData = try MarketDataset(prices: all, volumes: market.volumes, panels: ["marketCap": market.marketCap])
            var configuration = backtest
            configuration.delistings = Dictionary(uniqueKeysWithValues: market.securityMaster.listings.compactMap { l in l.delistedOn.map { (l.symbol, $0) } })
            let universe = Set(market.stocks)
            return try Backtester(configuration: configuration).run(DemoStrategies.threeFactorRiskParity(fundamentals: market.fundamentals), on: stockData) { view in
                Backtester.tradingUniverse(view).filter { universe.contains($0) }
            }
        }

        progress(3, "running the daily pipeline for \(asOf) on a paper account")
        let storePath = path("quant.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        let store = try TradingStore(path: storePath)
        var state = DemoStrategies.riskParity.initialState()
        let kinds = Dictionary(uniqueKeysWithValues: market.etfs.map { ($0, InstrumentKind.etf) })
        let daily = DailyRun(configuration: DailyRun.Configuration(costs: .krx, initialCash: 100_000_000, cashBuffer: 0.005, kinds: kinds))
        let outcome = try timings.measure("daily pipeline") {
            try daily.run(DemoStrategies.riskParity, state: &state, dataset: dataset, on: asOf, store: store)
        }

        var realtime: DemoRealtimeSession.Outcome?
        if realtimeSeconds > 0 {
            let symbols = outcome.target.symbols.isEmpty ? [SyntheticMarket.kospi200ETF] : outcome.target.symbols
            progress(4, "streaming \(symbols.map(\.code).joined(separator: ", ")) from a KIS simulator on loopback for \(realtimeSeconds) s")
            let seconds = realtimeSeconds, seed = seed
            realtime = try await timings.measure("realtime session") {
                try await DemoRealtimeSession.run(symbols: symbols, seconds: seconds, seed: seed, store: store)
            }
        } else {
            progress(4, "realtime session skipped (--realtime-seconds 0)")
        }

        progress(5, "computing risk metrics and writing the report")
        let conventions = PerformanceConventions.empyrical
        let summary = try parity.summary(conventions: conventions)
        let versus = try parity.benchmarkComparison(conventions: conventions)
        try timings.measure("report") {
            let input = try BotReport.input(title: "QuantKit 일일 리포트 — \(DemoStrategies.riskParity.name)", record: parity,
                                            benchmark: SyntheticMarket.kospi200ETF, outcome: outcome, previous: [:], prices: prices,
                                            names: names, footer: SyntheticMarket.disclaimer)
            let plotly: PlotlyScript = plotlyJS.map { .inline(fileAt: $0) } ?? .link("plotly.min.js")
            try DailyReport().write(input, plotly: plotly, to: path("report.html"))
        }

        progress(6, "writing backtest.csv, orders.csv and summary.json")
        try BotFiles.writeBacktest(dates: parity.dates, columns: [("dual_momentum_equal", equal.equity), ("dual_momentum_risk_parity", parity.equity),
                                                                   ("benchmark", parity.benchmarkEquity ?? []), ("three_factor_risk_parity", stocks.equity)],
                                   to: path("backtest.csv"))
        try BotFiles.writeOrders(outcome.orders, names: names, to: path("orders.csv"))
        var document = BotFiles.summary(asOf: asOf, strategy: DemoStrategies.riskParity.name, summary: summary, versus: versus,
                                        comparison: [(DemoStrategies.equalWeight.name, equal), (DemoStrategies.riskParity.name, parity),
                                                     ("three-factor top 20, risk parity", stocks)],
                                        outcome: outcome, timings: timings)
        if let realtime {
            document["realtime"] = [
                "source": "KIS simulator (loopback)", "seconds": realtime.seconds, "symbols": realtime.symbols.map(\.code),
                "ticks": realtime.ticks, "minuteBars": realtime.bars, "polls": realtime.polls,
                "lastPrices": Dictionary(uniqueKeysWithValues: realtime.lastPrices.map { ($0.key.code, $0.value) }),
            ] as [String: Any]
        }
        try BotFiles.writeJSON(document, to: path("summary.json"))

        let filled = outcome.orders.filter { $0.status == .filled }.count
        print("""
            QuantKit demo on synthetic data, as of \(asOf)
              strategy        \(DemoStrategies.riskParity.name)
              backtest        \(parity.dates.first.map { "\($0)" } ?? "-") to \(asOf): CAGR \(BotFiles.percent(summary.cagr)), \
            volatility \(BotFiles.percent(summary.volatility)), Sharpe \(summary.sharpe.map { String(format: "%.2f", $0) } ?? "n/a"), \
            max drawdown \(BotFiles.percent(summary.drawdown.maxDrawdown))
              equal weight    CAGR \(BotFiles.percent(try equal.summary().cagr)), max drawdown \(BotFiles.percent(try equal.summary().drawdown.maxDrawdown))
              stocks          three-factor top 20, risk parity: CAGR \(BotFiles.percent(try stocks.summary().cagr)), \
            max drawdown \(BotFiles.percent(try stocks.summary().drawdown.maxDrawdown)), \(stocks.trades.count) trades
              today           \(outcome.orders.count) orders, \(filled) filled; equity \(Int(outcome.equity)) won, cash \(Int(outcome.account.cash)) won
              realtime        \(realtime.map { "\($0.ticks) ticks, \($0.bars) minute bars, \($0.polls) REST polls from the KIS simulator in \($0.seconds) s" } ?? "skipped")
              stages          \(timings.stages.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", "))
            wrote \(folder.path)/ (report.html, orders.csv, backtest.csv, summary.json, quant.sqlite)
            """)
    }
}
