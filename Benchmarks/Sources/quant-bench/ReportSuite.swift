import Foundation
import QuantCore
import Reporting

/// The full daily report (every section, every chart) against the time to serialize its
/// data alone with `JSONEncoder`, plus the size of the HTML without inlined plotly.js.
struct ReportSuite {
    let days: Int
    let holdings: Int

    /// The suite's result.
    struct Result: Codable {
        let days: Int, holdings: Int
        let render: Stopwatch.Timing
        let serializeData: Stopwatch.Timing
        let ratio: Double
        let htmlBytes: Int
    }

    /// The input's numbers as plain Codable values: what any report must at least write out.
    private struct RawData: Encodable {
        let dates: [String]
        let wealth: [Double], benchmark: [Double], drawdown: [Double]
        let rollingSharpe: [Double], rollingVolatility: [Double]
        let weights: [Double], riskContributions: [Double], names: [String]
        let monthly: [[Double]]
        let correlation: [[Double]]
        let ic: [Double]
    }

    func run() throws -> Result {
        print("\n### Daily report, \(days) days x \(holdings) holdings, all charts\n")
        var rng = SplitMix64(seed: 11)
        var dates: [TradingDate] = []
        var d = TradingDate(year: 2015, month: 1, day: 2)!
        while dates.count < days {
            if !d.isWeekend { dates.append(d) }
            d = d.adding(days: 1)
        }
        var wealth: [Double] = [], bench: [Double] = [], drawdown: [Double] = []
        var w = 1.0, b = 1.0, peak = 1.0
        for _ in 0..<days {
            w *= 1 + 0.0004 + 0.01 * rng.normal()
            b *= 1 + 0.0003 + 0.011 * rng.normal()
            peak = max(peak, w)
            wealth.append(w); bench.append(b); drawdown.append(w / peak - 1)
        }
        var input = DailyReportInput(title: "QuantKit 일일 리포트", asOf: dates[days - 1], portfolio: try DatedSeries(name: "Portfolio", dates: dates, values: wealth))
        input.benchmark = try DatedSeries(name: "KOSPI 200", dates: dates, values: bench)
        input.drawdown = try DatedSeries(name: "Drawdown", dates: dates, values: drawdown)
        input.headline = HeadlineFigures(day: 0.004, monthToDate: 0.01, yearToDate: 0.05, volatility: 0.16, sharpe: 0.9, maxDrawdown: -0.2)
        let weights = (0..<holdings).map { _ in 0.5 + rng.uniform() }
        let total = weights.reduce(0, +)
        input.holdings = (0..<holdings).map { k in
            HoldingRow(symbol: Symbol(String(format: "%06d", 100_000 + k)), name: "종목 \(k)", weight: weights[k] / total,
                       riskContribution: weights[k] / total, marketValue: 1_000_000 * weights[k])
        }
        input.risk = RiskFigures(confidence: 0.95, valueAtRisk: -0.02, conditionalValueAtRisk: -0.03, diversificationRatio: 1.5, effectiveNumberOfBets: 120)
        let years = Array(Set(dates.map(\.year))).sorted()
        let monthly = years.map { _ in (0..<12).map { _ in 0.03 * rng.normal() } }
        input.monthlyReturns = try MonthlyReturnTable(years: years, monthly: monthly, yearly: years.map { _ in 0.1 * rng.normal() })
        let rollDates = Array(dates[251...])
        let rollingSharpe = rollDates.map { _ in rng.normal() }, rollingVolatility = rollDates.map { _ in 0.15 + 0.01 * rng.normal() }
        input.rolling = RollingFigures(window: 252, sharpe: try DatedSeries(name: "Sharpe", dates: rollDates, values: rollingSharpe),
                                       volatility: try DatedSeries(name: "Volatility", dates: rollDates, values: rollingVolatility))
        let correlation = (0..<holdings).map { i in (0..<holdings).map { j in i == j ? 1 : 0.3 + 0.2 * sin(Double(i * j)) } }
        input.correlation = try CorrelationTable(labels: input.holdings.map(\.name), rows: correlation)
        let icDates = stride(from: 21, to: days, by: 21).map { dates[$0] }
        let ic = icDates.map { _ in 0.05 * rng.normal() }
        input.model = ModelDiagnostics(meanIC: 0.03, meanRankIC: 0.04, icSeries: try DatedSeries(name: "IC", dates: icDates, values: ic), rankICSeries: nil)

        let report = try DailyReport()
        var html = ""
        let stopwatch = Stopwatch(minimumRuns: 10, minimumSeconds: 2, maximumRuns: 100)
        let render = try stopwatch.time { html = try report.render(input, plotly: .link("plotly.min.js")) }
        let raw = RawData(dates: dates.map(\.description), wealth: wealth, benchmark: bench, drawdown: drawdown,
                          rollingSharpe: rollingSharpe, rollingVolatility: rollingVolatility,
                          weights: input.holdings.map(\.weight), riskContributions: input.holdings.map { $0.riskContribution ?? 0 },
                          names: input.holdings.map(\.name), monthly: monthly, correlation: correlation, ic: ic)
        let encoder = JSONEncoder()
        let serialize = try stopwatch.time { _ = try encoder.encode(raw) }
        let charts = report.charts(for: input).count
        let table = Table(["work", "time", "ratio", "output"])
        table.row(["serialize the data alone (JSONEncoder)", Format.seconds(serialize.median), "1.00x", Format.mebibytes(try encoder.encode(raw).count)])
        table.row(["full report (\(charts) charts, all sections)", Format.seconds(render.median), Format.ratio(render.median / serialize.median),
                   "\(Format.mebibytes(html.utf8.count)) HTML without plotly.js"])
        return Result(days: days, holdings: holdings, render: render, serializeData: serialize, ratio: render.median / serialize.median, htmlBytes: html.utf8.count)
    }
}
