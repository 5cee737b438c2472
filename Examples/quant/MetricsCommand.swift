import ArgumentParser
import Foundation
import QuantCore
import RiskMetrics

/// `quant metrics`: performance and risk statistics of each asset's return series.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Performance and risk statistics per asset (empyrical conventions); JSON on stdout.",
        discussion: "Every key and its formula is documented in Docs/CLI.md under 'quant metrics'."
    )

    @Option(name: .customLong("returns"), help: "Returns CSV: header 'date,<asset>,...', simple returns, empty cell = missing.")
    var returnsFile: String

    @Option(name: .customLong("benchmark"), help: "Benchmark returns CSV in the same layout, with exactly one asset column.")
    var benchmarkFile: String?

    @OptionGroup var options: ConventionOptions

    func run() throws {
        do {
            print(try report())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The JSON document.
    func report() throws -> String {
        let panel = try RiskMetricsFiles.readPanel(returnsFile)
        try panel.validateNoInfinities()
        let conventions = options.conventions
        var benchmark: ReturnSeries?
        if let benchmarkFile {
            let b = try RiskMetricsFiles.readPanel(benchmarkFile)
            guard b.assetCount == 1 else {
                throw RiskMetricsFiles.FileError(file: benchmarkFile, line: 1, column: nil, message: "a benchmark file has exactly one asset column, found \(b.assetCount)")
            }
            benchmark = try ReturnSeries(panel: b, asset: b.assets[0])
        }
        var metrics = [(String, String)]()
        for asset in panel.assets {
            let series = try ReturnSeries(panel: panel, asset: asset)
            let s = try PerformanceSummary(series, conventions: conventions, confidence: options.confidence)
            let dd = s.drawdown
            var fields: [(String, String)] = [
                ("observations", "\(s.observations)"),
                ("missing", "\(s.missing)"),
                ("totalReturn", JSONText.number(s.totalReturn)),
                ("cagr", JSONText.number(s.cagr)),
                ("volatility", JSONText.number(s.volatility)),
                ("sharpe", JSONText.number(s.sharpe)),
                ("sortino", JSONText.number(s.sortino)),
                ("calmar", JSONText.number(s.calmar)),
                ("omega", JSONText.number(s.omega)),
                ("maxDrawdown", JSONText.number(dd.maxDrawdown)),
                ("maxDrawdownPeak", dd.peakDate.map { JSONText.string($0.description) } ?? "null"),
                ("maxDrawdownTrough", dd.troughDate.map { JSONText.string($0.description) } ?? "null"),
                ("maxDrawdownRecovery", dd.recoveryDate.map { JSONText.string($0.description) } ?? "null"),
                ("longestDrawdown", "\(dd.longestDuration)"),
                ("ulcerIndex", JSONText.number(dd.ulcerIndex)),
                ("varHistorical", JSONText.number(s.tailRisk.historicalVaR)),
                ("cvarHistorical", JSONText.number(s.tailRisk.historicalCVaR)),
                ("varGaussian", JSONText.number(s.tailRisk.gaussianVaR)),
                ("cvarGaussian", JSONText.number(s.tailRisk.gaussianCVaR)),
                ("varCornishFisher", JSONText.number(s.tailRisk.cornishFisherVaR)),
                ("skewness", JSONText.number(s.skewness)),
                ("kurtosis", JSONText.number(s.kurtosis)),
                ("hitRate", JSONText.number(s.hitRate)),
                ("best", JSONText.number(s.best)),
                ("worst", JSONText.number(s.worst)),
                ("tailRatio", JSONText.number(s.tailRatio)),
            ]
            if let benchmark {
                let v = try BenchmarkComparison(series, benchmark: benchmark, conventions: conventions)
                fields += [
                    ("benchmarkObservations", "\(v.observations)"),
                    ("beta", JSONText.number(v.beta)),
                    ("alpha", JSONText.number(v.alpha)),
                    ("correlation", JSONText.number(v.correlation)),
                    ("trackingError", JSONText.number(v.trackingError)),
                    ("informationRatio", JSONText.number(v.informationRatio)),
                    ("upCapture", JSONText.number(v.upCapture)),
                    ("downCapture", JSONText.number(v.downCapture)),
                ]
            }
            metrics.append((asset.code, JSONText.object(fields)))
        }
        return JSONText.object([
            ("assets", JSONText.array(panel.assets.map { JSONText.string($0.code) })),
            ("conventions", JSONText.object([
                ("periodsPerYear", JSONText.number(options.periodsPerYear)),
                ("riskFree", JSONText.number(options.riskFree)),
                ("periodRiskFree", JSONText.number(conventions.periodRiskFreeRate)),
                ("confidence", JSONText.number(options.confidence)),
                ("ddof", "\(conventions.ddof)"),
            ])),
            ("metrics", JSONText.object(metrics)),
        ])
    }
}
