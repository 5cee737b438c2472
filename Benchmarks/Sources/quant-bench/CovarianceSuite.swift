import COpenBLAS
import Covariance
import Foundation
import LinearAlgebra
import QuantCore

/// Covariance estimators against one raw `dsyrk` (the hardware limit for `XᵀX`) measured in
/// the same run, and against numpy / scikit-learn / pandas on the same data.
struct CovarianceSuite {
    let sizes: [(days: Int, assets: Int)]
    /// How to run the Python peers, or `nil` to skip them.
    let peers: Peers.Settings?
    let halfLife = 63.0

    /// One estimator's result at one size.
    struct Row: Codable {
        let days: Int, assets: Int, estimator: String
        let swift: Stopwatch.Timing
        let ratioToDsyrk: Double
        let peakBytes: Int?
        let budgetBytes: Int?
        let peer: String?
        let peerSeconds: Double?
        let speedupOverPeer: Double?
        let shrinkage: Double?
        let peerShrinkage: Double?
    }

    func run() throws -> [Row] {
        var rows: [Row] = []
        for size in sizes {
            print("\n### Covariance, T = \(size.days) days x N = \(size.assets) assets\n")
            rows += try run(days: size.days, assets: size.assets)
        }
        return rows
    }

    private func run(days: Int, assets: Int) throws -> [Row] {
        let data = factorReturns(days: days, assets: assets)
        let start = TradingDate(year: 2000, month: 1, day: 3)!
        let panel = try Panel(dates: (0..<days).map { start.adding(days: $0) }, assets: (0..<assets).map { Symbol(String(format: "A%04d", $0)) }, values: data)

        // The baseline: C = XᵀX by one dsyrk into a preallocated matrix.
        var gram = [Double](repeating: 0, count: assets * assets)
        let stopwatch = Stopwatch(minimumRuns: 5, minimumSeconds: 1, maximumRuns: 100)
        let dsyrk = data.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { c in
                stopwatch.time {
                    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(assets), Int32(days), 1, x.baseAddress, Int32(days), 0, c.baseAddress, Int32(assets))
                }
            }
        }

        var peerReport: PeerReport?
        if let peers {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bench-\(days)x\(assets).f64").path
            try writeRaw(data, to: file)
            defer { try? FileManager.default.removeItem(atPath: file) }
            var arguments = ["--data", file, "--days", "\(days)", "--assets", "\(assets)", "--half-life", "\(halfLife)"]
            if assets <= 500 { arguments.append("--pandas-ewm") }
            peerReport = try Peers.run("covariance_peers.py", arguments, settings: peers, as: PeerReport.self)
        }

        let budget = (days * assets + 3 * assets * assets) * MemoryLayout<Double>.size
        let cases: [(String, any CovarianceEstimator, [String], Bool)] = [
            ("sample", SampleCovariance(), ["numpy.cov"], true),
            ("ledoit-wolf", LedoitWolf(), ["sklearn.LedoitWolf(store_precision=False)", "sklearn.LedoitWolf()"], true),
            ("oas", OracleApproximatingShrinkage(), ["sklearn.OAS(store_precision=False)", "sklearn.OAS()"], true),
            ("ewm", ExponentiallyWeightedCovariance(halfLife: halfLife), ["pandas ewm(halflife).cov()", "numpy EWM formula"], true),
            ("constant-correlation", ConstantCorrelationShrinkage(), [], false),
            ("nonlinear", NonlinearShrinkage(), [], false),
            ("denoised", DenoisedCovariance(), [], false),
        ]
        let table = Table(["estimator", "Swift", "/ dsyrk", "peak memory / budget", "peer", "peer time", "Swift speed-up", "shrinkage Swift / peer"])
        table.row(["dsyrk (XᵀX, baseline)", Format.seconds(dsyrk.median), "1.00x", "", "", "", "", ""])
        var rows: [Row] = []
        for (name, estimator, peerNames, budgeted) in cases {
            var estimate: CovarianceEstimate?
            let timing = try stopwatch.time { estimate = try estimator.estimate(from: panel) }
            let peak = budgeted ? try PeakMemory.measure { _ = try estimator.estimate(from: panel) } : nil
            let memory = peak.map { "\(Format.mebibytes($0)) / \(Format.mebibytes(budget))" } ?? ""
            let available = peerNames.compactMap { n in peerReport?.results[n].map { (n, $0) } }
            if available.isEmpty {
                table.row([name, Format.seconds(timing.median), Format.ratio(timing.median / dsyrk.median), memory, "", "", "", estimate?.shrinkage.map { String(format: "%.6f", $0) } ?? ""])
                rows.append(Row(days: days, assets: assets, estimator: name, swift: timing, ratioToDsyrk: timing.median / dsyrk.median,
                                peakBytes: peak, budgetBytes: budgeted ? budget : nil, peer: nil, peerSeconds: nil, speedupOverPeer: nil,
                                shrinkage: estimate?.shrinkage, peerShrinkage: nil))
            }
            for (k, (peerName, entry)) in available.enumerated() {
                let check = [estimate?.shrinkage, entry.check].map { $0.map { String(format: "%.6f", $0) } ?? "-" }.joined(separator: " / ")
                table.row([k == 0 ? name : "", k == 0 ? Format.seconds(timing.median) : "", k == 0 ? Format.ratio(timing.median / dsyrk.median) : "",
                           k == 0 ? memory : "", peerName, Format.seconds(entry.seconds) + (entry.runs == 1 ? " (1 run)" : ""),
                           Format.ratio(entry.seconds / timing.median), entry.check == nil ? "" : check])
                rows.append(Row(days: days, assets: assets, estimator: name, swift: timing, ratioToDsyrk: timing.median / dsyrk.median,
                                peakBytes: peak, budgetBytes: budgeted ? budget : nil, peer: peerName, peerSeconds: entry.seconds,
                                speedupOverPeer: entry.seconds / timing.median, shrinkage: estimate?.shrinkage, peerShrinkage: entry.check))
            }
        }
        if let peerReport { print("\npeers: " + peerReport.environment.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")) }
        return rows
    }
}
