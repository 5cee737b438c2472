import ArgumentParser
import COpenBLAS
import Foundation

/// `quant-bench`: QuantKit's speed and memory targets, each reported as a ratio against a
/// baseline measured in the same run (the hardware limit or the Python peer).
@main
struct QuantBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quant-bench",
        abstract: "Run QuantKit's benchmarks; print Markdown tables and write JSON results."
    )

    enum Suite: String, CaseIterable, ExpressibleByArgument {
        case covariance, riskMetrics = "risk-metrics", report, riskParity = "risk-parity", ml, bot
    }

    @Argument(help: "Suites to run: \(Suite.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var suites: [Suite] = Suite.allCases

    @Option(help: "BLAS threads for Swift and the peers alike.")
    var threads: Int = 1

    @Flag(help: "Small sizes only (a smoke run of the harness, not the reported figures).")
    var quick = false

    @Flag(name: .customLong("no-peers"), help: "Skip the Python peers (ratios against the hardware baseline only).")
    var noPeers = false

    @Flag(name: .customLong("peers-same-kernel"), help: "Run the peers on the BLAS kernel Swift's OpenBLAS uses (OPENBLAS_CORETYPE kept) instead of their own best.")
    var peersSameKernel = false

    @Flag(name: .customLong("skip-slow-peers"), help: "risk-parity: time only riskparityportfolio (skip skfolio, Riskfolio-Lib and the 120 s SLSQP).")
    var skipSlowPeers = false

    @Option(name: .customLong("assets"), help: "risk-parity: the sizes to run, repeatable (default 20, 100, 500 and 2000).")
    var riskParitySizes: [Int] = []

    @Option(help: "risk-parity: rounds of riskparityportfolio-then-Swift timing at each size, each cell keeping its fastest round (slow peers run in the first only).")
    var rounds: Int = 1

    @Option(help: "Folder for the JSON results.")
    var output: String = "out/bench"

    func run() throws {
        openblas_set_num_threads(Int32(threads))
        let core = openblas_get_corename().map { String(cString: $0) } ?? "?"
        print("# QuantKit benchmarks\n")
        print("BLAS: OpenBLAS (Debian), kernel \(core), \(openblas_get_num_threads()) thread(s); peers pinned to the same count. \(ProcessInfo.processInfo.activeProcessorCount) cores.")
        let peers = noPeers ? nil : Peers.Settings(threads: threads, sameKernel: peersSameKernel)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for suite in suites {
            let data: Data
            switch suite {
            case .covariance:
                let sizes = quick ? [(days: 250, assets: 50)] : [(days: 1250, assets: 500), (days: 2500, assets: 2000)]
                data = try encoder.encode(try CovarianceSuite(sizes: sizes, peers: peers).run())
            case .riskMetrics:
                let size = quick ? (days: 600, assets: 20) : (days: 2520, assets: 500)
                data = try encoder.encode(try RiskMetricsSuite(days: size.days, assets: size.assets, peers: peers).run())
            case .report:
                let size = quick ? (days: 500, holdings: 20) : (days: 2520, holdings: 200)
                data = try encoder.encode(try ReportSuite(days: size.days, holdings: size.holdings).run())
            case .riskParity:
                data = try encoder.encode(try RiskParitySuite(sizes: !riskParitySizes.isEmpty ? riskParitySizes : quick ? [20, 100] : [20, 100, 500, 2000], peers: peers, skipSlowPeers: skipSlowPeers, rounds: max(1, rounds)).run())
            case .ml:
                let size = quick ? (months: 24, stocks: 300, trainMonths: 18) : (months: 120, stocks: 2000, trainMonths: 108)
                data = try encoder.encode(try MLSuite(months: size.months, stocks: size.stocks, trainMonths: size.trainMonths, peers: peers).run())
            case .bot:
                let size = quick ? (stocks: 60, years: 5) : (stocks: 500, years: 10)
                data = try encoder.encode(try BotSuite(stocks: size.stocks, years: size.years).run())
            }
            try data.write(to: URL(fileURLWithPath: output).appendingPathComponent("\(suite.rawValue).json"))
        }
        print("\nJSON results in \(output)/")
    }
}
