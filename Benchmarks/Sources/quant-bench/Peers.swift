import Foundation

/// Runs a Python peer script from `Benchmarks/peers/` and decodes the JSON it prints.
///
/// Peers run with the BLAS thread count of the Swift side (`OPENBLAS_NUM_THREADS`,
/// `OMP_NUM_THREADS`, `MKL_NUM_THREADS`) and without the `OPENBLAS_CORETYPE` /
/// `OPENBLAS_L2_SIZE` overrides this machine sets for Debian's older OpenBLAS: the wheels'
/// newer OpenBLAS needs neither and runs slower with them (`--peers-same-kernel` keeps them,
/// for a like-for-like kernel). Each peer reports the kernel it used (threadpoolctl), printed
/// with the results.
enum Peers {
    /// `Benchmarks/peers`, found from this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("peers")

    /// A peer script that failed, with what it printed.
    struct Failure: Error, CustomStringConvertible {
        let script: String
        let status: Int32
        let stderr: String
        var description: String { "peer \(script) exited \(status): \(stderr.suffix(2000))" }
    }

    /// Runs `script` with `arguments`; returns its stdout decoded as `T`.
    /// How peers run.
    struct Settings {
        /// BLAS threads, as on the Swift side.
        let threads: Int
        /// Keep this machine's `OPENBLAS_CORETYPE` (the kernel Swift's OpenBLAS runs) instead of
        /// letting the peers choose their own: a like-for-like kernel comparison.
        let sameKernel: Bool
    }

    static func run<T: Decodable>(_ script: String, _ arguments: [String], settings: Settings, as type: T.Type) throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder.appendingPathComponent(script).path] + arguments
        var environment = ProcessInfo.processInfo.environment
        if !settings.sameKernel {
            environment["OPENBLAS_CORETYPE"] = nil
            environment["OPENBLAS_L2_SIZE"] = nil
        }
        for key in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[key] = "\(settings.threads)" }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errReader = Thread { FileHandle.standardError.write(err.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(script: script, status: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
        }
        return try JSONDecoder().decode(T.self, from: data)
    }
}

/// What every peer script prints: timings by name, plus notes (kernel, versions).
struct PeerReport: Decodable {
    /// One timed peer call.
    struct Entry: Decodable {
        /// Median seconds.
        let seconds: Double
        /// Timed runs.
        let runs: Int
        /// A number to cross-check against Swift's (e.g. a shrinkage intensity), if any.
        let check: Double?
        /// How the peer was run (optional).
        let note: String?
    }

    /// Timings by peer name.
    let results: [String: Entry]
    /// Library versions and the BLAS kernel in use.
    let environment: [String: String]

    /// This report with each peer's entry replaced by `other`'s where that one is faster, and
    /// `other`'s peers added (rounds of the same peers: each keeps its fastest round).
    func keepingFaster(_ other: PeerReport) -> PeerReport {
        var merged = results
        for (name, entry) in other.results where merged[name].map({ entry.seconds < $0.seconds }) ?? true { merged[name] = entry }
        return PeerReport(results: merged, environment: environment.merging(other.environment) { a, _ in a })
    }
}
