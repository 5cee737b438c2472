public import Execution
public import Foundation
public import QuantCore
public import Store
public import StrategyKit

/// One trading day of the bot, from data to persisted fills, safe to repeat and to kill.
///
/// The stages, each persisted before the next begins, so a run killed anywhere resumes where it
/// stopped (``Store/RunStatus``) and a completed day is never traded twice:
///
/// 1. **decide** — the strategy sees a point-in-time view ending at the date's close and
///    returns its target weights (stored);
/// 2. **plan and check** — ``Execution/OrderPlanner`` turns them into KRX orders against the
///    stored account, ``Execution/PreTradeCheck`` stops what breaks a rule (both stored);
/// 3. **execute** — the planned orders fill in the ``Execution/PaperAccount`` at the date's
///    closes (fills, positions and cash stored in one transaction);
/// 4. **complete** — the summary is stored and the run marked completed.
///
/// ```swift
/// let store = try TradingStore(path: "quant.sqlite")
/// var state = strategy.initialState()
/// let outcome = try DailyRun(configuration: .init(costs: .krx)).run(strategy, state: &state, dataset: data, on: today, store: store)
/// outcome.orders; outcome.account.cash; outcome.timings
/// ```
public struct DailyRun: Sendable {
    /// How the day trades.
    public struct Configuration: Sendable {
        /// Turns targets into orders.
        public var planner: OrderPlanner
        /// Stops orders that break a rule.
        public var check: PreTradeCheck
        /// Costs the paper account charges.
        public var costs: TradingCosts
        /// Cash for a store that has no account yet, in won.
        public var initialCash: Double
        /// Instrument kind by symbol (stocks when absent): it sets the tick grid.
        public var kinds: [Symbol: InstrumentKind]
        /// Symbols halted today.
        public var halted: Set<Symbol>
        /// Whether the run fills its orders in the paper account (the default). `false` stops the
        /// run at `ordered`: a live broker adapter executes the planned orders, records the
        /// execution in the store (`recordExecution`), and a second call completes the day.
        public var fillsOrdersOnPaper: Bool = true

        /// Creates a configuration; the planner and check use `costs`.
        public init(costs: TradingCosts = .krx, initialCash: Double = 100_000_000, cashBuffer: Double = 0.005,
                    maximumOrderValue: Double = .infinity, maximumTurnover: Double = 1,
                    kinds: [Symbol: InstrumentKind] = [:], halted: Set<Symbol> = []) {
            self.planner = OrderPlanner(cashBuffer: cashBuffer, costs: costs)
            self.check = PreTradeCheck(maximumOrderValue: maximumOrderValue, maximumTurnover: maximumTurnover, costs: costs)
            self.costs = costs
            self.initialCash = initialCash
            self.kinds = kinds
            self.halted = halted
        }
    }

    /// What the day produced.
    public struct Outcome: Sendable {
        /// The run as stored at the end.
        public let run: RunRecord
        /// The target weights stored for the day.
        public let target: PortfolioWeights
        /// Every order stored for the day, with its outcome.
        public let orders: [StoredOrder]
        /// The account after the day.
        public let account: PaperAccount
        /// Account value at the day's closes, in won.
        public let equity: Double
        /// The stage the run was found at, when it resumed an earlier attempt (`nil` for a fresh day).
        public let resumedFrom: RunStatus?
        /// Seconds per stage of this attempt.
        public let timings: StageTimings
    }

    /// How the day trades.
    public var configuration: Configuration

    /// Creates the run.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Runs (or resumes, or reports) the day `date`.
    ///
    /// - Throws: ``PipelineError`` naming the date when the dataset has no close for it;
    ///   the strategy's error (nothing is stored for the day beyond its start); `StoreError`,
    ///   `ExecutionError`.
    /// - Parameter universe: The candidates handed to the strategy (default: every asset with a
    ///   price on the date; a stock strategy passes the listed stocks of a security master).
    public func run<S: Strategy>(_ strategy: S, state: inout S.State, dataset: MarketDataset, on date: TradingDate,
                                 store: TradingStore, at now: Date = Date(),
                                 universe: (PointInTimeView) -> [Symbol] = { view in view.assets.filter { view.isTrading($0) } }) throws -> Outcome {
        var timings = StageTimings()
        let prices = dataset.prices
        guard let t = prices.index(of: date) else {
            throw PipelineError(.noMarketData, date: date, detail: "the price data has no row for the run date")
        }
        let existing = try store.run(on: date)
        let resumedFrom = existing?.status
        var run = try store.beginRun(on: date, strategy: strategy.name, at: now)
        let quotes = self.quotes(prices, at: t)
        let closes = quotes.mapValues(\.price)

        if run.status == .started {
            let stored = try store.account()
            let account = stored?.account ?? PaperAccount(cash: configuration.initialCash)
            let view = try dataset.view(asOf: date)
            let current = account.weights(at: closes)
            let decision = try timings.measure("decide") {
                try strategy.decide(StrategyContext(universe: universe(view), view: view, currentWeights: current), state: &state)
            }
            let target = decision.rebalance ? decision.target : current
            try timings.measure("plan and check") {
                try store.recordTargets(target, on: date)
                let plan = try configuration.planner.plan(target: target, holdings: account.positions, cash: account.cash, quotes: quotes)
                let verdict = configuration.check.review(plan.orders, holdings: account.positions, cash: account.cash, equity: plan.equity, quotes: quotes)
                if stored == nil { try store.saveAccount(account, asOf: date) }
                _ = try store.recordOrders(verdict.accepted, rejected: verdict.rejected, on: date)
            }
            run = try store.run(on: date) ?? run
        }
        if run.status == .ordered && configuration.fillsOrdersOnPaper {
            try timings.measure("execute") {
                guard var account = try store.account()?.account else {
                    throw PipelineError(.inconsistentStore, date: date, detail: "orders are stored but the account is not")
                }
                let planned = try store.orders(on: date).filter { $0.status == .planned }.map(\.order)
                let report = account.execute(planned, at: closes, on: date, costs: configuration.costs)
                try store.recordExecution(report, account: account, on: date)
            }
            run = try store.run(on: date) ?? run
        }
        guard let (account, _) = try store.account() else {
            throw PipelineError(.inconsistentStore, date: date, detail: "the run is \(run.status.rawValue) but no account is stored")
        }
        let equity = account.value(at: closes)
        let orders = try store.orders(on: date)
        if run.status == .executed {
            try timings.measure("complete") {
                let filled = orders.filter { $0.status == .filled }.count
                let summary = #"{"date":"\#(date)","strategy":"\#(strategy.name)","orders":\#(orders.count),"filled":\#(filled),"cash":\#(account.cash),"equity":\#(equity)}"#
                try store.completeRun(on: date, summary: summary, at: now)
            }
            run = try store.run(on: date) ?? run
        }
        return Outcome(run: run, target: try store.targets(on: date), orders: orders, account: account, equity: equity,
                       resumedFrom: resumedFrom, timings: timings)
    }

    /// Quotes at date index `t`: the close, the previous close as the band's base, the kind, halts.
    func quotes(_ prices: Panel, at t: Int) -> [Symbol: Quote] {
        var out: [Symbol: Quote] = [:]
        for (j, symbol) in prices.assets.enumerated() {
            let close = prices[t, j]
            guard close.isFinite, close > 0 else { continue }
            var previous = close
            var k = t - 1
            while k >= 0 {
                let p = prices[k, j]
                if p.isFinite, p > 0 { previous = p; break }
                k -= 1
            }
            out[symbol] = Quote(price: close, previousClose: previous, kind: configuration.kinds[symbol] ?? .stock,
                                halted: configuration.halted.contains(symbol))
        }
        return out
    }
}
