import Backtest
import Covariance
import Execution
import Foundation
import Pipeline
import QuantCore
import Reporting
import RiskMetrics
import Store
import StrategyKit

/// The daily report of a run: the strategy's record (a backtest equity curve against its
/// benchmark), today's holdings with their risk contributions, target changes and orders.
/// `demo` and `run` both write it; `run` also mails it through the alert outbox.
enum BotReport {
    /// The report's input.
    ///
    /// - Parameters:
    ///   - record: The backtest whose returns make the performance section (with a benchmark
    ///     equity curve when it was run with one).
    ///   - previous: The weights held before the day (for the target-change table).
    static func input(title: String, record: BacktestResult, benchmark: Symbol?, outcome: DailyRun.Outcome, previous: [Symbol: Double],
                      prices: Panel, names: [Symbol: String], covarianceLookback: Int = 126, footer: String) throws -> DailyReportInput {
        let conventions = PerformanceConventions.empyrical
        let series = try record.returns()
        let holdings = zip(outcome.target.symbols, outcome.target.weights).map { (asset: $0, weight: $1) }
        var benchmarkSeries: ReturnSeries?
        if let equity = record.benchmarkEquity, let symbol = benchmark, equity.count == record.dates.count {
            benchmarkSeries = try ReturnSeries(zip(equity.dropFirst(), equity).map { $0 / $1 - 1 }, dates: Array(record.dates.dropFirst()), asset: symbol)
        }
        // Risk contributions from the holdings' recent covariance (Ledoit-Wolf), when there is history.
        var covariance: CovarianceEstimate?
        let held = holdings.map(\.asset).filter { prices.index(of: $0) != nil }
        if held.count == holdings.count, !held.isEmpty, let end = prices.index(of: outcome.run.date), end >= covarianceLookback {
            let window = try prices.rows((end - covarianceLookback)..<(end + 1)).selecting(assets: held).simpleReturns()
            covariance = try? LedoitWolf().estimate(from: window)
        }
        let builder = PortfolioReportBuilder(title: title, conventions: conventions, names: names)
        var input = try builder.input(series: series, holdings: holdings, benchmark: benchmarkSeries,
                                      covariance: covariance.map { ($0.assets, $0.matrix) })
        input.orders = outcome.orders.map { stored in
            OrderRow(symbol: stored.order.symbol, name: names[stored.order.symbol] ?? stored.order.symbol.code,
                     side: stored.order.side == .buy ? .buy : .sell, quantity: stored.order.quantity,
                     price: Double(stored.order.limitPrice), status: stored.status.rawValue)
        }
        let symbols = Set(previous.keys).union(holdings.map(\.asset)).sorted()
        input.targetChanges = symbols.map { s in
            TargetChange(symbol: s, name: names[s] ?? s.code, currentWeight: previous[s] ?? 0,
                         targetWeight: holdings.first { $0.asset == s }?.weight ?? 0)
        }
        input.footer = footer
        return input
    }
}
