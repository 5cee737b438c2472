import Backtest
import ClassicStrategies
import Covariance
import Execution
import Alerts
import Foundation
import KISBroker
import KISREST
import MLFactor
import Pipeline
import QuantCore
import Reporting
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

    /// The data files as they are now (re-read for every run: the operator or a data job
    /// updates them between runs).
    func loadData() throws -> BotData { try BotData.load(settings) }

    /// What one `run` produced besides the day's outcome.
    struct Published: Sendable {
        /// The report file written.
        var report: String?
        /// What the alert outbox did: channels queued, and the flush.
        var alerts: String
    }

    /// Runs (or resumes, or reports) `date`, or the price file's last date.
    func run(on date: TradingDate?) throws -> DailyRun.Outcome {
        try run(on: date, data: try loadData())
    }

    private func run(on date: TradingDate?, data: BotData, fillsOnPaper: Bool = true) throws -> DailyRun.Outcome {
        guard let day = date ?? data.prices.dates.last else { throw PipelineError(.noMarketData, detail: "\(settings.pricesFile) has no dates") }
        let dataset = try data.dataset()
        var configuration = DailyRun.Configuration(
            costs: settings.costs, initialCash: settings.initialCash, cashBuffer: settings.cashBuffer,
            maximumOrderValue: settings.maximumOrderValue, maximumTurnover: settings.maximumTurnover,
            kinds: Dictionary(uniqueKeysWithValues: settings.etfs.map { ($0, InstrumentKind.etf) }))
        configuration.fillsOrdersOnPaper = fillsOnPaper
        let daily = DailyRun(configuration: configuration)
        let universe = universe(data)
        func run<S: Strategy>(_ strategy: S) throws -> DailyRun.Outcome {
            var state = strategy.initialState()
            return try daily.run(strategy, state: &state, dataset: dataset, on: day, store: store, universe: universe)
        }
        return try run(try strategy(data))
    }

    /// The whole daily pipeline: the run, then the report (`report.directory`) and the alert
    /// with the report attached, queued in the store's outbox and flushed to every configured
    /// channel (a failed delivery stays queued and is retried by the next flush).
    ///
    /// With `live` (and `broker.mode: live`), the orders go to KIS through KISBroker: the
    /// broker's holdings are reconciled with the store first, the pipeline stops at `ordered`,
    /// the live broker executes (kill switch, no double sends), and the pipeline completes.
    func runAndPublish(on date: TradingDate?, live: Bool = false) async throws -> (DailyRun.Outcome, Published) {
        if live != (settings.live != nil) {
            throw BotDataError(file: "broker.mode", detail: live
                ? "--live needs broker.mode = live in the configuration (with kis.account and KIS credentials)"
                : "broker.mode is live: pass --live to `quant-bot run` to send orders to KIS (the daemon runs the paper pipeline only)")
        }
        let data = try loadData()
        var reconciliation: String?
        let outcome: DailyRun.Outcome
        if let liveSettings = settings.live, let kis = settings.kis {
            let broker = liveBroker(liveSettings, kis)
            guard let day = date ?? data.prices.dates.last else { throw PipelineError(.noMarketData, detail: "\(settings.pricesFile) has no dates") }
            let status = try store.run(on: day)?.status
            if status == nil || status == .started {
                reconciliation = try await broker.reconcile(store: store, on: day, adoptBroker: liveSettings.adoptBrokerPositions).summary
            }
            let ordered = try run(on: day, data: data, fillsOnPaper: false)
            if ordered.run.status == .ordered { try await broker.execute(on: day, store: store) }
            outcome = try run(on: day, data: data, fillsOnPaper: false)
        } else {
            outcome = try run(on: date, data: data)
        }
        let day = outcome.run.date
        let previous = try previousWeights(before: day)
        let start = data.prices.index(of: day).map { data.prices.dates[max(0, $0 - settings.reportLookbackDays)] }
        let record = try backtest(data, from: start, through: day, schedule: .monthEnd, benchmark: nil)
        let title = "QuantKit 일일 리포트 — \(outcome.run.strategy)"
        let input = try BotReport.input(
            title: title, record: record, benchmark: record.benchmarkEquity == nil ? nil : data.benchmark?.assets.first,
            outcome: outcome, previous: previous, prices: data.prices, names: data.names,
            covarianceLookback: settings.covarianceLookback,
            footer: "Performance: the configured strategy's backtest over the last \(settings.reportLookbackDays) trading days; holdings and orders: the account."
                + (reconciliation.map { " Start-of-day reconciliation with KIS: \($0)." } ?? ""))
        try FileManager.default.createDirectory(atPath: settings.reportDirectory, withIntermediateDirectories: true)
        let reportPath = settings.reportDirectory + "/report-\(day).html"
        try DailyReport().write(input, plotly: settings.plotlyJS.map { .inline(fileAt: $0) } ?? .link("plotly.min.js"), to: reportPath)

        let notifiers = BotAlerts.notifiers(settings)
        guard !notifiers.isEmpty else { return (outcome, Published(report: reportPath, alerts: "no alert channel configured")) }
        let email = try ReportEmail().render(input)
        let alert = Alert(id: "daily-report-\(day)", level: .info, subject: email.subject, body: email.text, htmlBody: email.html,
                          attachments: [try AlertAttachment(contentsOf: reportPath)], deduplicationKey: "daily-report/\(day)")
        let outbox = AlertOutbox(store: StoreOutbox(store), notifiers: notifiers,
                                 policy: AlertOutbox.RetryPolicy(initialDelay: settings.alertRetryDelay))
        let submission = try await outbox.submit(alert)
        let flush = try await outbox.flush()
        return (outcome, Published(report: reportPath, alerts: BotAlerts.describe(submission, flush)))
    }

    /// The live broker of the configuration, with orders enabled in its REST client.
    private func liveBroker(_ live: BotConfiguration.LiveTrading, _ kis: BotConfiguration.KISAccess) -> KISLiveBroker {
        KISLiveBroker(client: kis.restClient(account: live.account, ordersEnabled: true), settings: .init(killSwitch: KillSwitch(path: live.killSwitch),
                                                             fillTimeout: .milliseconds(Int(live.fillTimeout * 1000)), costs: settings.costs))
    }

    /// The targets of the last completed run before `day` (empty before the first run).
    private func previousWeights(before day: TradingDate) throws -> [Symbol: Double] {
        guard let last = try store.runs().last(where: { $0.status == .completed && $0.date < day }) else { return [:] }
        let target = try store.targets(on: last.date)
        return Dictionary(uniqueKeysWithValues: zip(target.symbols, target.weights).map { ($0, $1) })
    }

    /// A backtest of the configured strategy on the configured data and costs; delisted stocks
    /// (from the securities file) are closed at their last price, and `benchmark` is a symbol of
    /// the price file or, when nil, the benchmark file's series.
    func backtest(from start: TradingDate?, through end: TradingDate?, schedule: RebalanceSchedule, benchmark: Symbol?,
                  showsProgress: Bool = false) throws -> BacktestResult {
        try backtest(try loadData(), from: start, through: end, schedule: schedule, benchmark: benchmark, showsProgress: showsProgress)
    }

    private func backtest(_ data: BotData, from start: TradingDate?, through end: TradingDate?, schedule: RebalanceSchedule,
                          benchmark: Symbol?, showsProgress: Bool = false) throws -> BacktestResult {
        var prices = data.prices
        var benchmarkSymbol = benchmark
        if benchmarkSymbol == nil, let series = data.benchmark, let symbol = series.assets.first {
            if prices.index(of: symbol) == nil { prices = try Self.adding(series, to: prices) }
            benchmarkSymbol = symbol
        }
        let dataset = try MarketDataset(prices: prices, volumes: try data.volumes?.aligned(toAssets: prices.assets),
                                        panels: data.marketCaps.map { ["marketCap": $0] } ?? [:])
        var configuration = BacktestConfiguration(initialCapital: settings.initialCash, schedule: schedule, costs: settings.costs,
                                                  cashBuffer: settings.cashBuffer)
        configuration.benchmark = benchmarkSymbol
        configuration.delistings = data.delistings
        let backtester = Backtester(configuration: configuration)
        let candidates = universe(data)
        let excluded: Set<Symbol> = benchmarkSymbol.map { data.prices.index(of: $0) == nil ? [$0] : [] } ?? []
        func run<S: Strategy>(_ strategy: S) throws -> BacktestResult {
            let universe: (PointInTimeView) -> [Symbol] = { view in candidates(view).filter { !excluded.contains($0) } }
            guard showsProgress, let first = start ?? dataset.prices.dates.first, let last = end ?? dataset.prices.dates.last else {
                return try backtester.run(strategy, on: dataset, from: start, through: end, universe: universe)
            }
            return try backtester.run(ProgressReporting(wrapped: strategy, first: first, last: last), on: dataset, from: start, through: end,
                                      universe: universe)
        }
        return try run(try strategy(data))
    }

    /// The configured strategy.
    ///
    /// - Throws: `StrategyError` (`.missingData`) when a stock strategy needs market caps that
    ///   neither `data.marketCaps` nor `sharesOutstanding` in the fundamentals provide.
    func strategy(_ data: BotData) throws -> any Strategy {
        let s = settings
        if s.strategy.needsFundamentals && data.marketCaps == nil {
            throw StrategyError(.missingData, detail: "strategy \(s.strategy.rawValue) needs market caps: set data.marketCaps, "
                + "or give sharesOutstanding rows in \(s.fundamentalsFile ?? "data.fundamentals")")
        }
        switch s.strategy {
        case .dualMomentumRiskParity, .dualMomentumEqual:
            let selector = DualMomentum(risky: s.risky, safe: s.safe, lookback: s.lookback, topCount: s.topCount)
            return s.strategy == .dualMomentumEqual
                ? ComposedStrategy(name: "dual momentum, equal weight", selector: selector, weighting: EqualWeighting())
                : ComposedStrategy(name: "dual momentum, risk parity", selector: selector, weighting: riskParity)
        case .threeFactor:
            let selector = MLFactorSelector<RidgeModel>(model: nil, features: [], fundamentals: data.fundamentals, topN: s.topN,
                                                        minimumPrice: s.minimumPrice, minimumTradedValue: s.minimumTradedValue)
            return composed(selector, name: "three-factor top \(s.topN)")
        case .momentum:
            return composed(MomentumFilter(topN: s.topN, minimumPrice: s.minimumPrice), name: "momentum top \(s.topN)")
        case .riskParity:
            return composed(FixedUniverse(s.assets), name: "\(s.assets.map(\.code).joined(separator: ", "))")
        case .mlFactor:
            switch s.model {
            case .gradientBoosting: return retraining(GradientBoostingRegressor(iterations: 100), data)
            case .ridge: return retraining(RidgeRegression(alpha: 1), data)
            case .randomForest: return retraining(RandomForestRegressor(trees: 100, maximumDepth: 6), data)
            }
        }
    }

    /// The universe of the configured strategy: all priced assets for dual momentum, the listed
    /// stocks for a stock strategy.
    private func universe(_ data: BotData) -> @Sendable (PointInTimeView) -> [Symbol] {
        if settings.strategy.isDualMomentum || settings.strategy == .riskParity { return { view in view.assets.filter { view.isTrading($0) } } }
        return { view in data.stockUniverse(view) }
    }

    private var riskParity: RiskParityWeighting {
        RiskParityWeighting(estimator: LedoitWolf(), lookback: settings.covarianceLookback)
    }

    private func composed<Selector: UniverseSelector>(_ selector: Selector, name: String) -> any Strategy {
        switch settings.weighting {
        case .riskParity: ComposedStrategy(name: "\(name), risk parity", selector: selector, weighting: riskParity)
        case .equal: ComposedStrategy(name: "\(name), equal weight", selector: selector, weighting: EqualWeighting())
        }
    }

    private func retraining<R: Regressor>(_ regressor: R, _ data: BotData) -> any Strategy {
        let s = settings
        // The model learns from stocks only: the security master's (listed or delisted, so no
        // survivorship bias), or else the price file's own columns (not an appended benchmark).
        let trainingAssets = data.securities.map { master in master.listings.filter { $0.kind == .stock }.map(\.symbol) } ?? data.prices.assets
        func make<W: WeightingScheme>(_ weighting: W) -> any Strategy {
            RetrainingFactorStrategy(regressor: regressor, weighting: weighting, fundamentals: data.fundamentals,
                                     trainingAssets: trainingAssets, trainingMonths: s.trainingMonths, retrainEveryMonths: s.retrainEveryMonths,
                                     predictionWeight: s.predictionWeight, topN: s.topN, minimumPrice: s.minimumPrice,
                                     minimumTradedValue: s.minimumTradedValue)
        }
        switch s.weighting {
        case .riskParity: return make(riskParity)
        case .equal: return make(EqualWeighting())
        }
    }

    /// `prices` with the benchmark's single column added (on the price dates; missing dates NaN).
    private static func adding(_ benchmark: Panel, to prices: Panel) throws -> Panel {
        let aligned = try benchmark.aligned(to: prices.dates)
        let columns = (0..<prices.assetCount).map { j in (0..<prices.dateCount).map { prices[$0, j] } }
            + [(0..<prices.dateCount).map { aligned[$0, 0] }]
        return try Panel(dates: prices.dates, assets: prices.assets + benchmark.assets, columns: columns)
    }
}
