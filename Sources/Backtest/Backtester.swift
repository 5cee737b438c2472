public import QuantCore
public import StrategyKit

/// A daily, close-to-close simulation of a ``Strategy`` on a ``MarketDataset``.
///
/// Each trading date, in this order: prices update to the date's close; positions in
/// delisted symbols (``BacktestConfiguration/delistings``) are closed at their last traded
/// price; orders decided ``BacktestConfiguration/executionLag`` dates earlier fill at the
/// close with slippage, commission and sell tax (sells first, then buys, scaled down to the
/// cash available, in whole lots); on a decision date the strategy receives a point-in-time
/// view ending at the close and returns target weights, which the rebalancing rule accepts,
/// caps or declines; finally equity is marked at each position's last traded price.
///
/// The strategy sees the data only through ``PointInTimeView``, so nothing it decides can
/// depend on prices after its decision date. A strategy that throws on a date is recorded in
/// ``BacktestResult/skipped`` and the holdings are kept. Fills use the dataset's prices as
/// given: pass dividend- and split-adjusted prices to include corporate actions.
///
/// ```swift
/// let backtester = Backtester(configuration: BacktestConfiguration(schedule: .monthEnd, costs: .krx))
/// let result = try backtester.run(strategy, on: dataset)
/// let stats = try result.summary()                 // CAGR, Sharpe, max drawdown, ...
/// ```
public struct Backtester: Sendable {
    /// How to trade.
    public var configuration: BacktestConfiguration

    /// Creates a backtester.
    public init(configuration: BacktestConfiguration = BacktestConfiguration()) {
        self.configuration = configuration
    }

    /// The default universe: every asset with a price on the decision date.
    public static func tradingUniverse(_ view: PointInTimeView) -> [Symbol] {
        view.assets.filter { view.isTrading($0) }
    }

    /// Runs the strategy over the dataset's dates from `start` through `end` (inclusive;
    /// default the whole history).
    ///
    /// - Parameters:
    ///   - strategy: The strategy; its state is carried from decision to decision.
    ///   - dataset: Prices to decide on and fill at (and any panels the strategy reads).
    ///   - start: The first date (the nearest trading date on or after it).
    ///   - end: The last date (the nearest trading date on or before it).
    ///   - universe: The candidates handed to the strategy on each decision date.
    /// - Throws: ``BacktestError``: `.invalidConfiguration`, `.emptyPeriod` for fewer than two
    ///   dates, `.invalidData` naming the symbol and date of a non-positive or infinite price or
    ///   a benchmark without a price on the first date.
    public func run<S: Strategy>(_ strategy: S, on dataset: MarketDataset, from start: TradingDate? = nil, through end: TradingDate? = nil,
                                 universe: (PointInTimeView) -> [Symbol] = Backtester.tradingUniverse) throws -> BacktestResult {
        try configuration.validate()
        let prices = dataset.prices
        let dates = prices.dates
        let first = start.map { prices.insertionIndex(of: $0) } ?? 0
        let last = end.map { prices.insertionIndex(of: $0.adding(days: 1)) - 1 } ?? dates.count - 1
        guard first < dates.count, last - first >= 1 else {
            throw BacktestError(.emptyPeriod, detail: "the period holds \(max(0, last - first + 1)) trading dates; at least 2 are needed")
        }
        var ledger = Ledger(prices: prices, configuration: configuration)
        try ledger.validatePrices(from: first, through: last)
        ledger.seedPrices(before: first)

        var state = strategy.initialState()
        var equity: [Double] = []
        var pending: [Int: Int] = [:]          // execution index -> index into records
        var records: [RebalanceRecord] = []
        var skipped: [BacktestResult.SkippedDecision] = []
        equity.reserveCapacity(last - first + 1)

        for t in first...last {
            ledger.advance(to: t)
            ledger.closeDelisted(on: t)
            if let k = pending.removeValue(forKey: t) {
                records[k].turnover = ledger.execute(records[k].target, on: t)
                records[k].executionDate = dates[t]
            }
            if configuration.schedule.isDecisionDate(t, in: dates, start: first) {
                let view = try dataset.view(asOf: dates[t])
                let context = StrategyContext(universe: universe(view), view: view, currentWeights: ledger.currentWeights())
                do {
                    let decision = try strategy.decide(context, state: &state)
                    var record = RebalanceRecord(decisionDate: dates[t], target: decision.target, diagnostics: decision.diagnostics)
                    if decision.rebalance {
                        let (target, trade, reason) = try configuration.rebalancing.apply(target: decision.target, current: context.currentWeights)
                        record.target = target
                        record.traded = trade
                        record.reason = reason
                    } else {
                        record.reason = "the strategy kept its holdings"
                    }
                    records.append(record)
                    let execution = t + configuration.executionLag
                    if record.traded && execution <= last {
                        if execution == t {
                            records[records.count - 1].turnover = ledger.execute(record.target, on: t)
                            records[records.count - 1].executionDate = dates[t]
                        } else {
                            pending[execution] = records.count - 1   // a later decision for the same date replaces it
                        }
                    }
                } catch {
                    skipped.append(BacktestResult.SkippedDecision(date: dates[t], message: "\(error)"))
                }
            }
            equity.append(ledger.equity())
        }
        return BacktestResult(
            dates: Array(dates[first...last]), equity: equity, trades: ledger.trades,
            rebalances: records.map(\.value), skipped: skipped, finalPositions: ledger.positionsBySymbol, finalCash: ledger.cash,
            benchmarkEquity: try benchmarkEquity(prices, first: first, last: last))
    }

    /// The benchmark's price path scaled to the initial capital.
    private func benchmarkEquity(_ prices: Panel, first: Int, last: Int) throws -> [Double]? {
        guard let symbol = configuration.benchmark else { return nil }
        guard let column = prices.column(for: symbol) else {
            throw BacktestError(.invalidData, symbol: symbol, detail: "the benchmark is not a column of the price panel")
        }
        guard let base = column[..<(first + 1)].last(where: { !$0.isNaN }) else {
            throw BacktestError(.invalidData, symbol: symbol, date: prices.dates[first], detail: "the benchmark has no price on or before the first date")
        }
        var level = base
        return (first...last).map { t in
            if !column[t].isNaN { level = column[t] }
            return configuration.initialCapital * level / base
        }
    }
}

/// A decision being filled in as it executes.
struct RebalanceRecord {
    var decisionDate: TradingDate
    var target: PortfolioWeights
    var diagnostics: StrategyDiagnostics
    var traded = false
    var reason = ""
    var executionDate: TradingDate?
    var turnover = 0.0

    init(decisionDate: TradingDate, target: PortfolioWeights, diagnostics: StrategyDiagnostics) {
        self.decisionDate = decisionDate
        self.target = target
        self.diagnostics = diagnostics
    }

    var value: BacktestResult.Rebalance {
        BacktestResult.Rebalance(decisionDate: decisionDate, executionDate: executionDate, target: target, traded: traded,
                                 reason: reason, turnover: turnover, diagnostics: diagnostics)
    }
}
