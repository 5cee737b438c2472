import Foundation
public import LinearAlgebra
public import QuantCore
public import Reporting
public import RiskMetrics

/// Turns a portfolio's return series (and, when known, its holdings, benchmark and covariance)
/// into the daily report's input, with RiskMetrics computing every figure.
///
/// ```swift
/// let builder = PortfolioReportBuilder(title: "QuantKit 일일 리포트")
/// var input = try builder.input(series: returns, holdings: [("069500", 0.4), ("153130", 0.6)], benchmark: kospi,
///                               covariance: (assets, sigma))
/// input.orders = todaysOrders
/// try DailyReport().write(input, plotly: .inline(fileAt: plotlyPath), to: "report.html")
/// ```
public struct PortfolioReportBuilder: Sendable {
    /// The report title.
    public var title: String
    /// Periods per year, risk-free rate and ddof for every statistic.
    public var conventions: PerformanceConventions
    /// VaR/CVaR confidence level.
    public var confidence: Double
    /// Window of the rolling Sharpe and volatility chart (omitted when the series is shorter).
    public var rollingWindow: Int
    /// Display names of symbols (e.g. `"KODEX 200"`); symbols without one show their code.
    public var names: [Symbol: String]

    /// Creates a builder.
    public init(title: String, conventions: PerformanceConventions = .empyrical, confidence: Double = 0.95,
                rollingWindow: Int = 252, names: [Symbol: String] = [:]) {
        self.title = title
        self.conventions = conventions
        self.confidence = confidence
        self.rollingWindow = rollingWindow
        self.names = names
    }

    /// The report input.
    ///
    /// - Parameters:
    ///   - series: Portfolio returns, dated.
    ///   - holdings: The held assets and weights (shown in the holdings table).
    ///   - benchmark: Benchmark returns, aligned to the portfolio by date.
    ///   - covariance: The holdings' covariance with its labels: adds risk contributions,
    ///     diversification ratio, effective number of bets and the correlation heatmap.
    /// - Throws: `RiskMetricsError` for an unusable series or a holding missing from the covariance.
    public func input(series: ReturnSeries, holdings: [(asset: Symbol, weight: Double)], benchmark: ReturnSeries?,
               covariance: (assets: [Symbol], matrix: Matrix)?) throws -> DailyReportInput {
        guard let dates = series.dates, let asOf = dates.last else {
            throw RiskMetricsError(.missingDates, asset: series.asset, detail: "the report needs a dated series")
        }
        let summary = try PerformanceSummary(series, conventions: conventions, confidence: confidence)
        var input = DailyReportInput(title: title, asOf: asOf, portfolio: try DatedSeries(name: "Portfolio", dates: dates, values: wealth(series)))
        input.drawdown = try DatedSeries(name: "Drawdown", dates: dates, values: series.drawdowns())
        if let benchmark, let benchmarkDates = benchmark.dates {
            let aligned = try alignedWealth(benchmark, dates: benchmarkDates, to: dates)
            input.benchmark = try DatedSeries(name: benchmark.asset?.code ?? "Benchmark", dates: aligned.dates, values: aligned.values)
        }
        let table = try PeriodReturnTable(series)
        input.headline = HeadlineFigures(
            day: series.values.last,
            monthToDate: table.monthly.last?.value,
            yearToDate: table.yearly.last?.value,
            volatility: summary.volatility,
            sharpe: summary.sharpe,
            maxDrawdown: summary.drawdown.maxDrawdown)
        input.monthlyReturns = try monthlyTable(table)
        if series.count >= rollingWindow {
            let sharpe = try series.rollingSharpe(window: rollingWindow, conventions: conventions)
            let volatility = try series.rollingVolatility(window: rollingWindow, conventions: conventions)
            let rollDates = Array(dates[(rollingWindow - 1)...])
            input.rolling = RollingFigures(
                window: rollingWindow,
                sharpe: try DatedSeries(name: "Sharpe", dates: rollDates, values: sharpe.map { $0 ?? .nan }),
                volatility: try DatedSeries(name: "Volatility", dates: rollDates, values: volatility))
        }
        var risk = RiskFigures(confidence: confidence, valueAtRisk: summary.tailRisk.historicalVaR,
                               conditionalValueAtRisk: summary.tailRisk.historicalCVaR)
        var rows = holdings.map { HoldingRow(symbol: $0.asset, name: names[$0.asset] ?? $0.asset.code, weight: $0.weight) }
        if let covariance {
            let indices = try holdings.map { holding in
                guard let k = covariance.assets.firstIndex(of: holding.asset) else {
                    throw RiskMetricsError(.labelMismatch, asset: holding.asset, detail: "held asset is not in the covariance matrix")
                }
                return k
            }
            let sub = Matrix(rows: indices.count, columns: indices.count) { i, j in covariance.matrix[indices[i], indices[j]] }
            let structure = try PortfolioStructure(weights: holdings.map(\.weight), covariance: sub, assets: holdings.map(\.asset))
            for k in rows.indices { rows[k].riskContribution = structure.riskContributionFractions[k] }
            risk.diversificationRatio = structure.diversificationRatio
            risk.effectiveNumberOfBets = structure.effectiveNumberOfBets
            if holdings.count > 1 {
                input.correlation = try CorrelationTable(labels: holdings.map { names[$0.asset] ?? $0.asset.code }, rows: (0..<sub.rows).map { i in
                    (0..<sub.columns).map { j in sub[i, j] / (sub[i, i] * sub[j, j]).squareRoot() }
                })
            }
        }
        input.holdings = rows
        input.risk = risk
        input.footer = "Generated by QuantKit from \(series.count) returns (\(series.missingCount) missing left out)."
        return input
    }

    /// Growth of 1 after each return.
    private func wealth(_ series: ReturnSeries) -> [Double] {
        var w = 1.0
        return series.values.map { r in
            w *= series.kind == .simple ? 1 + r : exp(r)
            return w
        }
    }

    /// The benchmark's growth of 1 over the portfolio's dates it has returns for.
    private func alignedWealth(_ benchmark: ReturnSeries, dates benchmarkDates: [TradingDate],
                               to dates: [TradingDate]) throws -> (dates: [TradingDate], values: [Double]) {
        let byDate = Dictionary(uniqueKeysWithValues: zip(benchmarkDates, benchmark.values))
        var outDates = [TradingDate](), values = [Double](), w = 1.0
        for date in dates {
            guard let r = byDate[date] else { continue }
            w *= benchmark.kind == .simple ? 1 + r : exp(r)
            outDates.append(date)
            values.append(w)
        }
        guard !outDates.isEmpty else {
            throw RiskMetricsError(.labelMismatch, asset: benchmark.asset, detail: "the benchmark shares no date with the portfolio")
        }
        return (outDates, values)
    }

    /// Years x 12 months, NaN where a month has no return.
    private func monthlyTable(_ table: PeriodReturnTable) throws -> MonthlyReturnTable {
        let years = table.yearly.map(\.year)
        var monthly = [[Double]](repeating: [Double](repeating: .nan, count: 12), count: years.count)
        let row = Dictionary(uniqueKeysWithValues: years.enumerated().map { ($1, $0) })
        for m in table.monthly { if let k = row[m.year] { monthly[k][m.month - 1] = m.value } }
        return try MonthlyReturnTable(years: years, monthly: monthly, yearly: table.yearly.map(\.value))
    }
}
