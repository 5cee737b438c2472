import Backtest
import Covariance
import Execution
import Foundation
import MLFactor
import Pipeline
import QuantCore
import RiskParity
import SampleData
import Store
import StrategyKit

/// The bot's two long jobs, timed by stage (issue 8's targets: the daily pipeline under 5 s,
/// a ten-year monthly walk-forward backtest over 500 stocks with gradient boosting retrained
/// every quarter under 60 s, on this 2-core machine).
struct BotSuite {
    let stocks: Int
    let years: Int

    /// One stage's time.
    struct Stage: Codable { let name: String; let seconds: Double }

    func run() throws -> [Stage] {
        print("\n### The bot: synthetic market of \(stocks) stocks over \(years) years\n")
        var timings = StageTimings()
        let market = try timings.measure("generate the sample market") {
            try SampleMarketGenerator(configuration: SampleMarketGenerator.Configuration(seed: 42, stockCount: stocks, years: years)).generate()
        }
        let data = try MarketDataset(prices: market.adjustedPrices.prices, volumes: market.volumes, panels: ["marketCap": market.marketCap])
        let universe = Set(market.stocks)
        var configuration = BacktestConfiguration(initialCapital: 1_000_000_000, schedule: .monthEnd, costs: .krx)
        configuration.delistings = Dictionary(uniqueKeysWithValues: market.securityMaster.listings.compactMap { l in l.delistedOn.map { (l.symbol, $0) } })
        configuration.benchmark = SyntheticMarket.kospi200ETF
        let strategy = RetrainingFactorStrategy(
            regressor: GradientBoostingRegressor(iterations: 100, learningRate: 0.1, maximumLeaves: 15),
            weighting: RiskParityWeighting(estimator: LedoitWolf(), lookback: 126),
            fundamentals: market.fundamentals, trainingAssets: market.stocks, trainingMonths: 36, retrainEveryMonths: 3,
            topN: 30, minimumPrice: 1_000, minimumTradedValue: 100_000_000)
        let result = try timings.measure("walk-forward backtest (GBM retrained quarterly, risk parity)") {
            try Backtester(configuration: configuration).run(strategy, on: data) { view in
                Backtester.tradingUniverse(view).filter { universe.contains($0) }
            }
        }
        let retrainings = result.rebalances.filter { $0.diagnostics["trainingRows"] != nil }.count
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bench-bot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TradingStore(path: directory.appendingPathComponent("quant.sqlite").path)
        guard let last = market.dates.last else { return [] }
        var state = strategy.initialState()
        let daily = DailyRun(configuration: DailyRun.Configuration(costs: .krx, initialCash: 1_000_000_000))
        let outcome = try timings.measure("daily pipeline (train, decide, plan, check, fill, store)") {
            try daily.run(strategy, state: &state, dataset: data, on: last, store: store, at: Date())
        }
        let table = Table(["stage", "seconds"])
        for stage in timings.stages { table.row([stage.name, String(format: "%.2f", stage.seconds)]) }
        for stage in outcome.timings.stages { table.row(["  daily pipeline: \(stage.name)", String(format: "%.3f", stage.seconds)]) }
        print("\nbacktest: \(result.dates.count) days, \(result.rebalances.count) decisions, \(retrainings) trainings, \(result.trades.count) trades; "
              + "CAGR \(String(format: "%.2f%%", 100 * (try result.summary().cagr))); daily run: \(outcome.orders.count) orders")
        return timings.stages.map { Stage(name: $0.name, seconds: $0.seconds) }
    }
}
