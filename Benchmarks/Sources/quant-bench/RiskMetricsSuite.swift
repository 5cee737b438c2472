import Foundation
import QuantCore
import RiskMetrics

/// The full statistic set (everything `quant metrics` prints, benchmark comparison included)
/// and 252-day rolling Sharpe and volatility over a panel, against quantstats and empyrical
/// on the same data.
struct RiskMetricsSuite {
    let days: Int
    let assets: Int
    /// How to run the Python peers, or `nil` to skip them.
    let peers: Peers.Settings?
    let window = 252

    /// One task's result.
    struct Row: Codable {
        let task: String
        let swift: Stopwatch.Timing
        let peer: String?
        let peerSeconds: Double?
        let speedupOverPeer: Double?
    }

    func run() throws -> [Row] {
        print("\n### RiskMetrics, \(assets) assets x \(days) days (rolling window \(window))\n")
        // Returns with a fat-ish tail and a market component, kept above -100%.
        var values = factorReturns(days: days, assets: assets + 1, seed: 7)
        for k in values.indices { values[k] = max(values[k], -0.5) }
        let start = TradingDate(year: 2014, month: 1, day: 2)!
        var dates: [TradingDate] = []
        var d = start
        while dates.count < days {
            if !d.isWeekend { dates.append(d) }
            d = d.adding(days: 1)
        }
        let symbols = (0..<assets).map { Symbol(String(format: "S%04d", $0)) }
        let panel = try Panel(dates: dates, assets: symbols, values: Array(values[0..<(days * assets)]))
        let benchmark = try ReturnSeries(Array(values[(days * assets)...]), dates: dates, asset: "BM")
        let series = try symbols.map { try ReturnSeries(panel: panel, asset: $0) }
        let conventions = PerformanceConventions.empyrical

        let stopwatch = Stopwatch(minimumRuns: 3, minimumSeconds: 1, maximumRuns: 50)
        let full = try stopwatch.time {
            for s in series {
                _ = try PerformanceSummary(s, conventions: conventions, confidence: 0.95)
                _ = try BenchmarkComparison(s, benchmark: benchmark, conventions: conventions)
                _ = try PeriodReturnTable(s)
            }
        }
        let rolling = try stopwatch.time {
            for s in series {
                _ = try s.rollingSharpe(window: window, conventions: conventions)
                _ = try s.rollingVolatility(window: window, conventions: conventions)
            }
        }

        var peerReport: PeerReport?
        if let peers {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bench-metrics.f64").path
            try writeRaw(values, to: file)
            defer { try? FileManager.default.removeItem(atPath: file) }
            peerReport = try Peers.run("risk_metrics_peers.py", ["--data", file, "--days", "\(days)", "--assets", "\(assets)", "--window", "\(window)"],
                                  settings: peers, as: PeerReport.self)
        }
        let table = Table(["task", "Swift", "peer", "peer time", "Swift speed-up"])
        var rows: [Row] = []
        for (task, timing, peerNames) in [("full statistic set", full, ["quantstats", "empyrical"]),
                                          ("rolling Sharpe + volatility", rolling, ["empyrical roll_*", "pandas rolling (vectorised)"])] {
            let available = peerNames.compactMap { n in peerReport?.results[n].map { (n, $0) } }
            if available.isEmpty {
                table.row([task, Format.seconds(timing.median), "", "", ""])
                rows.append(Row(task: task, swift: timing, peer: nil, peerSeconds: nil, speedupOverPeer: nil))
            }
            for (k, (name, entry)) in available.enumerated() {
                table.row([k == 0 ? task : "", k == 0 ? Format.seconds(timing.median) : "", name, Format.seconds(entry.seconds), Format.ratio(entry.seconds / timing.median)])
                rows.append(Row(task: task, swift: timing, peer: name, peerSeconds: entry.seconds, speedupOverPeer: entry.seconds / timing.median))
            }
        }
        if let peerReport { print("\npeers: " + peerReport.environment.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")) }
        return rows
    }
}
