import Backtest
import ClassicStrategies
import Covariance
import Execution
import Foundation
import Pipeline
import QuantCore
import RiskParity
import Store
import StrategyKit

/// One configured daily run: the configuration's data, strategy and execution settings wired
/// to Pipeline's `DailyRun`. `run` and `daemon` both use it.
struct BotRunner: Sendable {
    let settings: BotConfiguration
    let store: TradingStore

    init(settings: BotConfiguration) throws {
        self.settings = settings
        store = try TradingStore(path: settings.storePath)
    }

    /// The price data as the file holds it now (re-read for every run: the operator or a data
    /// job updates it between runs).
    func loadPrices() throws -> Panel { try Panel(csvFile: settings.pricesFile) }

    /// Runs (or resumes, or reports) `date`, or the price file's last date.
    func run(on date: TradingDate?) throws -> DailyRun.Outcome {
        let prices = try loadPrices()
        guard let day = date ?? prices.dates.last else { throw PipelineError(.noMarketData, detail: "\(settings.pricesFile) has no dates") }
        let dataset = try MarketDataset(prices: prices)
        let daily = DailyRun(configuration: DailyRun.Configuration(
            costs: settings.costs, initialCash: settings.initialCash, cashBuffer: settings.cashBuffer,
            maximumOrderValue: settings.maximumOrderValue, maximumTurnover: settings.maximumTurnover,
            kinds: Dictionary(uniqueKeysWithValues: settings.etfs.map { ($0, InstrumentKind.etf) })))
        func run<S: Strategy>(_ strategy: S) throws -> DailyRun.Outcome {
            var state = strategy.initialState()
            return try daily.run(strategy, state: &state, dataset: dataset, on: day, store: store)
        }
        switch settings.strategy {
        case .dualMomentumRiskParity: return try run(riskParityStrategy)
        case .dualMomentumEqual: return try run(equalWeightStrategy)
        }
    }

    /// A backtest of the configured strategy on the configured prices and costs.
    func backtest(from start: TradingDate?, through end: TradingDate?, schedule: RebalanceSchedule, benchmark: Symbol?) throws -> BacktestResult {
        let dataset = try MarketDataset(prices: try loadPrices())
        var configuration = BacktestConfiguration(initialCapital: settings.initialCash, schedule: schedule, costs: settings.costs,
                                                  cashBuffer: settings.cashBuffer)
        configuration.benchmark = benchmark
        let backtester = Backtester(configuration: configuration)
        switch settings.strategy {
        case .dualMomentumRiskParity: return try backtester.run(riskParityStrategy, on: dataset, from: start, through: end)
        case .dualMomentumEqual: return try backtester.run(equalWeightStrategy, on: dataset, from: start, through: end)
        }
    }

    private var selector: DualMomentum {
        DualMomentum(risky: settings.risky, safe: settings.safe, lookback: settings.lookback, topCount: settings.topCount)
    }

    private var riskParityStrategy: ComposedStrategy<DualMomentum, RiskParityWeighting> {
        ComposedStrategy(name: "dual momentum, risk parity", selector: selector,
                         weighting: RiskParityWeighting(estimator: LedoitWolf(), lookback: settings.covarianceLookback))
    }

    private var equalWeightStrategy: ComposedStrategy<DualMomentum, EqualWeighting> {
        ComposedStrategy(name: "dual momentum, equal weight", selector: selector, weighting: EqualWeighting())
    }
}
