public import QuantCore
public import RiskMetrics
public import StrategyKit

/// What a backtest produced: the daily equity curve, every fill, every decision, and the
/// RiskMetrics statistics of the strategy (and its benchmark).
public struct BacktestResult: Sendable {
    /// One decision date and what came of it.
    public struct Rebalance: Sendable {
        /// The date the strategy decided on (its data stopped there).
        public let decisionDate: TradingDate
        /// The date the trades filled, or `nil` when the period ended first or nothing traded.
        public let executionDate: TradingDate?
        /// The strategy's target.
        public let target: PortfolioWeights
        /// Whether the rebalancing rule let it trade, and why.
        public let traded: Bool
        /// The rebalancing rule's reason.
        public let reason: String
        /// One-way turnover of the fills: `Σ |trade value| / (2 · equity)` before trading.
        public let turnover: Double
        /// The strategy's diagnostics.
        public let diagnostics: StrategyDiagnostics
    }

    /// A decision date on which the strategy threw; the backtest kept the holdings.
    public struct SkippedDecision: Sendable, Hashable {
        /// The decision date.
        public let date: TradingDate
        /// The error's description.
        public let message: String
    }

    /// The trading dates of the backtest.
    public let dates: [TradingDate]
    /// Equity (cash plus positions at the last traded price) at each date's close, in won.
    public let equity: [Double]
    /// Every fill, in execution order.
    public let trades: [Trade]
    /// Every decision.
    public let rebalances: [Rebalance]
    /// Decisions that failed.
    public let skipped: [SkippedDecision]
    /// Shares held at the end, by symbol.
    public let finalPositions: [Symbol: Int]
    /// Cash at the end, in won.
    public let finalCash: Double
    /// Benchmark equity scaled to the same starting capital, when a benchmark was configured.
    public let benchmarkEquity: [Double]?

    /// Daily simple returns of the equity curve (one fewer than ``dates``), dated from the
    /// second date on.
    public func returns() throws -> ReturnSeries {
        try ReturnSeries(Self.simpleReturns(equity), dates: Array(dates.dropFirst()), asset: "backtest")
    }

    /// The strategy's statistics (RiskMetrics conventions given).
    ///
    /// - Throws: ``RiskMetricsError`` when the curve is too short or flat for a statistic.
    public func summary(conventions: PerformanceConventions = .empyrical, confidence: Double = 0.95) throws -> PerformanceSummary {
        try PerformanceSummary(try returns(), conventions: conventions, confidence: confidence)
    }

    /// The strategy against its benchmark, or `nil` without one.
    public func benchmarkComparison(conventions: PerformanceConventions = .empyrical) throws -> BenchmarkComparison? {
        guard let benchmarkEquity else { return nil }
        let benchmark = try ReturnSeries(Self.simpleReturns(benchmarkEquity), dates: Array(dates.dropFirst()), asset: "benchmark")
        return try BenchmarkComparison(try returns(), benchmark: benchmark, conventions: conventions)
    }

    /// Total commission and tax paid, in won.
    public var totalCosts: Double { trades.reduce(0) { $0 + $1.commission + $1.tax } }

    /// Average one-way turnover per executed rebalance.
    public var averageTurnover: Double {
        let executed = rebalances.filter { $0.executionDate != nil && $0.traded }
        return executed.isEmpty ? 0 : executed.reduce(0) { $0 + $1.turnover } / Double(executed.count)
    }

    static func simpleReturns(_ values: [Double]) -> [Double] {
        zip(values.dropFirst(), values).map { $0 / $1 - 1 }
    }
}
