import ArgumentParser
import Foundation
import LinearAlgebra
import QuantCore
import Reporting
import Pipeline
import RiskMetrics

/// `quant report`: the daily HTML report of a portfolio return series.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the daily HTML report (Plotly charts) for a portfolio return series.",
        discussion: """
            The portfolio is the single column of --returns, or, with several columns, the \
            --weights held constant and rebalanced every period. Sections without input are \
            omitted. See Docs/CLI.md.
            """
    )

    @Option(name: .customLong("returns"), help: "Returns CSV: header 'date,<asset>,...', simple returns, empty cell = missing.")
    var returnsFile: String

    @Option(name: .customLong("benchmark"), help: "Benchmark returns CSV with exactly one asset column.")
    var benchmarkFile: String?

    @Option(name: .customLong("weights"), help: "Weights CSV 'asset,weight' (required when --returns has several columns).")
    var weightsFile: String?

    @Option(name: .customLong("covariance"), help: "Square-matrix CSV of the holdings' covariance (risk contributions, diversification, correlation).")
    var covarianceFile: String?

    @Option(help: "The HTML file to write.")
    var output: String

    @Option(name: .customLong("plotly-js"), help: "A local plotly.min.js to embed inline (offline report); otherwise the report links 'plotly.min.js' beside it.")
    var plotlyJS: String?

    @Option(help: "The report title (UTF-8; Korean text is fine).")
    var title: String = "QuantKit daily report"

    @OptionGroup var options: ConventionOptions

    @Option(name: .customLong("rolling-window"), help: "Window of the rolling Sharpe and volatility chart, in periods.")
    var rollingWindow: Int = 252

    func validate() throws {
        guard rollingWindow >= 2 else { throw ValidationError("--rolling-window must be at least 2") }
    }

    func run() throws {
        do {
            let input = try makeInput()
            let plotly: PlotlyScript = plotlyJS.map { .inline(fileAt: $0) } ?? .link("plotly.min.js")
            try DailyReport().write(input, plotly: plotly, to: output)
            FileHandle.standardError.write(Data("wrote \(output)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Reads the files and assembles every section they support.
    func makeInput() throws -> DailyReportInput {
        let panel = try RiskMetricsFiles.readPanel(returnsFile)
        try panel.validateNoInfinities()
        let weights = try weightsFile.map { try RiskMetricsFiles.readWeights($0) }
        let portfolio = try PortfolioReturns(panel: panel, weights: weights, file: returnsFile)
        var benchmark: ReturnSeries?
        if let benchmarkFile {
            let b = try RiskMetricsFiles.readPanel(benchmarkFile)
            guard b.assetCount == 1 else {
                throw RiskMetricsFiles.FileError(file: benchmarkFile, line: 1, column: nil,
                                                 message: "a benchmark file has exactly one asset column, found \(b.assetCount)")
            }
            benchmark = try ReturnSeries(panel: b, asset: b.assets[0])
        }
        let covariance = try covarianceFile.map { try RiskMetricsFiles.readSquareMatrix($0) }
        return try PortfolioReportBuilder(title: title, conventions: options.conventions, confidence: options.confidence, rollingWindow: rollingWindow)
            .input(series: portfolio.series, holdings: portfolio.holdings, benchmark: benchmark, covariance: covariance)
    }
}

/// The portfolio return series of a returns panel: its one column, or constant weights
/// rebalanced every period.
struct PortfolioReturns {
    /// The portfolio's returns; dates on which a held asset has no return are left out.
    let series: ReturnSeries
    /// The held assets and their weights (one asset of weight 1 for a single-column file).
    let holdings: [(asset: Symbol, weight: Double)]

    /// - Throws: `RiskMetricsFiles.FileError` when several columns come without weights, or a
    ///   weight names an asset the returns file lacks; `RiskMetricsError` for an unusable series.
    init(panel: Panel, weights: [(asset: Symbol, weight: Double)]?, file: String) throws {
        guard let weights else {
            guard panel.assetCount == 1 else {
                throw RiskMetricsFiles.FileError(file: file, line: 1, column: nil,
                                                 message: "\(panel.assetCount) asset columns: give --weights to form the portfolio, or a one-column file")
            }
            series = try ReturnSeries(panel: panel, asset: panel.assets[0])
            holdings = [(panel.assets[0], 1)]
            return
        }
        var columns = [[Double]]()
        for (asset, _) in weights {
            guard let column = panel.column(for: asset) else {
                throw RiskMetricsFiles.FileError(file: file, line: 1, column: nil, message: "weighted asset '\(asset)' is not a column of the returns file")
            }
            columns.append(column)
        }
        var values = [Double](repeating: 0, count: panel.dateCount)
        for t in values.indices {
            for (k, (_, w)) in weights.enumerated() where w != 0 {
                values[t] += w * columns[k][t]   // NaN when a held asset is missing: the date is left out
            }
        }
        series = try ReturnSeries.droppingMissing(values, dates: panel.dates, asset: "portfolio")
        holdings = weights
    }
}
