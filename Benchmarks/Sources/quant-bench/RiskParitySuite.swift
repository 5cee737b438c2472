import Covariance
import Foundation
import LinearAlgebra
import QuantCore
import RiskParity

/// Equal risk contribution (`RiskBudgeting`) against riskparityportfolio, skfolio and scipy's
/// SLSQP on the same factor-model covariances, each with its achieved max relative
/// risk-contribution error `max_i |RC_i / (b_i σ_p) - 1|` computed by one formula for all.
struct RiskParitySuite {
    let sizes: [Int]
    /// How to run the Python peers, or `nil` to skip them.
    let peers: Peers.Settings?
    /// Time only riskparityportfolio (skfolio and SLSQP take minutes at N = 2000).
    var skipSlowPeers = false
    /// Rounds at each size, each timing riskparityportfolio and then Swift; every cell keeps its
    /// fastest round. Both sides are then measured in the same stretch of minutes, so that a slow
    /// phase of this shared machine (seen to last minutes) meets both. The slow peers run in the
    /// first round only.
    var rounds = 1

    /// One solver (Swift or a peer) at one size.
    struct Row: Codable {
        let assets: Int
        let solver: String
        let seconds: Double
        let runs: Int
        let maxRelativeError: Double
        /// For a peer: the Swift configuration it is compared with, its time and the ratio peer / Swift.
        let swiftCounterpart: String?
        let swiftSeconds: Double?
        let speedup: Double?
        let note: String?
    }

    /// A Swift configuration, timed at every size up to `largest`.
    struct Configuration {
        let name: String
        let tolerance: Double
        let checksDefiniteness: Bool
        var largest = Int.max
        var solver: RiskBudgeting { RiskBudgeting(tolerance: tolerance, repairsCovariance: checksDefiniteness) }
    }

    /// The default path (`RiskBudgeting()`, as `quant risk-parity` and `RiskParityWeighting` run it)
    /// at the peers' targets, plus the 1e-10 solve without the definiteness check for reference.
    /// 1e-14 is near the rounding floor of the metric (about n ulps); it is timed up to N = 100.
    static let configurations = [
        Configuration(name: "defaults (tol 1e-10)", tolerance: 1e-10, checksDefiniteness: true),
        Configuration(name: "defaults, tol 1e-8", tolerance: 1e-8, checksDefiniteness: true),
        Configuration(name: "defaults, tol 1e-12", tolerance: 1e-12, checksDefiniteness: true),
        Configuration(name: "defaults, tol 1e-14", tolerance: 1e-14, checksDefiniteness: true, largest: 100),
        Configuration(name: "tol 1e-10, no PD check", tolerance: 1e-10, checksDefiniteness: false),
    ]

    func run() throws -> [Row] {
        var rows: [Row] = []
        var environment: [String: String] = [:]
        for n in sizes {
            print("\n### Risk parity (ERC), N = \(n) assets\n")
            let (more, env) = try run(assets: n)
            rows += more
            environment.merge(env) { a, _ in a }
        }
        if !environment.isEmpty { print("\npeers: " + environment.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")) }
        return rows
    }

    /// The benchmark covariance: Ledoit-Wolf on `factorReturns` (three factors plus
    /// idiosyncratic noise), T = 1250 days (2500 for N above 1000); deterministic.
    static func covariance(assets: Int) throws -> Matrix {
        let days = assets > 1000 ? 2500 : 1250
        let data = factorReturns(days: days, assets: assets, seed: 20_261_203 &+ UInt64(assets))
        let start = TradingDate(year: 2000, month: 1, day: 3)!
        let panel = try Panel(dates: (0..<days).map { start.adding(days: $0) }, assets: (0..<assets).map { Symbol(String(format: "A%04d", $0)) }, values: data)
        return try LedoitWolf().estimate(from: panel).matrix
    }

    /// `max_i |w_i (Σw)_i / (b_i wᵀΣw) - 1|` with `b_i = 1/n`: the same formula as the peer script.
    static func maxRelativeError(_ w: [Double], _ sigma: Matrix) -> Double {
        guard let y = try? sigma.multiplied(by: w) else { return .nan }
        let n = w.count
        var total = 0.0
        for i in 0..<n { total += w[i] * y[i] }
        var worst = 0.0
        for i in 0..<n { worst = Swift.max(worst, abs(w[i] * y[i] / (total / Double(n)) - 1)) }
        return worst
    }

    private func run(assets n: Int) throws -> ([Row], [String: String]) {
        let sigma = try Self.covariance(assets: n)
        var peerReport: PeerReport?
        var timings: [String: (timing: Stopwatch.Timing, result: RiskParityResult?)] = [:]
        // As many runs as fill a second (the peer script does the same): a microsecond solve's
        // median then spans a second of machine time, not a millisecond's window. The second is
        // timed as five windows of 0.2 s and the lowest window median reported, on both sides.
        let stopwatch = Stopwatch(minimumRuns: 5, minimumSeconds: 1, maximumRuns: 200_000, warmUpSeconds: 0.5, windows: 5)
        // The covariance for the peer script, written once for every round.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bench-rp-\(n).f64").path
        if peers != nil { try writeRaw(sigma.storage, to: file) }
        defer { if peers != nil { try? FileManager.default.removeItem(atPath: file) } }
        for round in 0..<max(1, rounds) {
            if let peers {
                let skip = skipSlowPeers || round > 0 ? ["--skip", "skfolio,riskfolio,slsqp"] : []
                let report = try Peers.run("risk_parity_peers.py", ["--covariance", file, "--assets", "\(n)"] + skip, settings: peers, as: PeerReport.self)
                peerReport = peerReport.map { $0.keepingFaster(report) } ?? report
            }
            for configuration in Self.configurations where n <= configuration.largest {
                let solver = configuration.solver
                var result: RiskParityResult?
                let timing = try stopwatch.time { result = try solver.solve(covariance: sigma) }
                if let held = timings[configuration.name], held.timing.median <= timing.median { continue }
                timings[configuration.name] = (timing, result)
            }
        }

        var rows: [Row] = []
        var swift: [String: Row] = [:]
        let table = Table(["solver", "time", "runs", "max RC error", "Swift counterpart", "Swift time", "Swift speed-up", "note"])
        for configuration in Self.configurations where n <= configuration.largest {
            guard let (timing, result) = timings[configuration.name] else { continue }
            let error = result.map { Self.maxRelativeError($0.weights, sigma) } ?? .nan
            let note = result.map { "\($0.diagnostics.method), \($0.diagnostics.iterations) it" + ($0.diagnostics.converged ? "" : ", NOT converged") } ?? ""
            let row = Row(assets: n, solver: "Swift " + configuration.name, seconds: timing.median, runs: timing.runs, maxRelativeError: error,
                          swiftCounterpart: nil, swiftSeconds: nil, speedup: nil, note: note + String(format: ", best %.3g ms", timing.best * 1000))
            swift[configuration.name] = row
            rows.append(row)
            table.row([row.solver, Format.seconds(timing.median), "\(timing.runs)", String(format: "%.2e", error), "", "", "", row.note ?? ""])
        }
        for (name, entry) in (peerReport?.results ?? [:]).sorted(by: { $0.key < $1.key }) {
            // A peer run to a relative target is compared with Swift's default path at the same
            // tolerance (the peers check nothing, Swift still validates); the others with Swift's
            // defaults. A target Swift is not timed at has no counterpart.
            var counterpart = Self.configurations[0].name
            if let at = name.range(of: "@") {
                let target = Double(name[at.upperBound...])
                counterpart = Self.configurations.first(where: { $0.tolerance == target && $0.checksDefiniteness && n <= $0.largest })?.name ?? ""
            }
            let base = swift[counterpart]
            let row = Row(assets: n, solver: name, seconds: entry.seconds, runs: entry.runs, maxRelativeError: entry.check ?? .nan,
                          swiftCounterpart: base == nil ? nil : counterpart, swiftSeconds: base?.seconds,
                          speedup: base.map { entry.seconds / $0.seconds }, note: entry.note)
            rows.append(row)
            table.row([name, Format.seconds(entry.seconds), "\(entry.runs)", entry.check.map { String(format: "%.2e", $0) } ?? "-",
                       base == nil ? "" : counterpart, base.map { Format.seconds($0.seconds) } ?? "", row.speedup.map(Format.ratio) ?? "", entry.note ?? ""])
        }
        return (rows, peerReport?.environment ?? [:])
    }
}
