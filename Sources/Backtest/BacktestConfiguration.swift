public import Execution
public import QuantCore
public import StrategyKit

/// How a backtest trades: capital, schedule, costs, lots, cash buffer and execution timing.
///
/// ```swift
/// var configuration = BacktestConfiguration(initialCapital: 100_000_000)   // ₩100M
/// configuration.schedule = .monthEnd
/// configuration.costs = .krx
/// configuration.rebalancing = RebalancingRule(driftThreshold: 0.02)
/// ```
public struct BacktestConfiguration: Sendable, Hashable {
    /// Starting cash, in won.
    public var initialCapital: Double
    /// When the strategy decides.
    public var schedule: RebalanceSchedule
    /// Commission, sell tax and slippage.
    public var costs: TradingCosts
    /// Shares per lot (KRX trades stocks and ETFs in single shares: 1).
    public var lotSize: Int
    /// Fraction of equity kept in cash at every rebalance, on top of the strategy's own cash.
    public var cashBuffer: Double
    /// Trading dates between a decision (on a close) and its execution (at a close): 1, the
    /// default, fills at the next trading date's close; 0 fills at the decision's own close,
    /// which assumes the decision could be computed and traded at the same price.
    public var executionLag: Int
    /// Whether a new target is traded and how far it may move at once.
    public var rebalancing: RebalancingRule
    /// Delisting dates: a position still held on its symbol's delisting date is closed at the
    /// last traded price (the proceeds become cash) instead of being carried at a stale price.
    public var delistings: [Symbol: TradingDate]
    /// A symbol of the price panel to compare against (e.g. the KOSPI 200 ETF), or `nil`.
    public var benchmark: Symbol?

    /// Creates a configuration.
    public init(initialCapital: Double = 100_000_000, schedule: RebalanceSchedule = .monthEnd, costs: TradingCosts = .krx,
                lotSize: Int = 1, cashBuffer: Double = 0, executionLag: Int = 1, rebalancing: RebalancingRule = RebalancingRule(),
                delistings: [Symbol: TradingDate] = [:], benchmark: Symbol? = nil) {
        self.initialCapital = initialCapital
        self.schedule = schedule
        self.costs = costs
        self.lotSize = lotSize
        self.cashBuffer = cashBuffer
        self.executionLag = executionLag
        self.rebalancing = rebalancing
        self.delistings = delistings
        self.benchmark = benchmark
    }

    /// - Throws: ``BacktestError`` (`.invalidConfiguration`) naming the first parameter out of range.
    func validate() throws {
        guard initialCapital.isFinite, initialCapital > 0 else {
            throw BacktestError(.invalidConfiguration, detail: "initial capital \(initialCapital) must be positive")
        }
        guard lotSize >= 1 else { throw BacktestError(.invalidConfiguration, detail: "lot size \(lotSize) must be at least 1") }
        guard cashBuffer.isFinite, cashBuffer >= 0, cashBuffer < 1 else {
            throw BacktestError(.invalidConfiguration, detail: "cash buffer \(cashBuffer) must be in [0, 1)")
        }
        guard executionLag >= 0 else { throw BacktestError(.invalidConfiguration, detail: "execution lag \(executionLag) must not be negative") }
        if let bad = costs.invalidRate {
            throw BacktestError(.invalidConfiguration, detail: "\(bad.name) \(bad.value) must be in [0, 1)")
        }
        try schedule.validate()
    }
}
