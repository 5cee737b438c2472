// swift-tools-version:6.1
//
// QuantKit's benchmarks: a separate package so that users' builds and the test build never
// compile benchmark code. One command runs them: `scripts/bench.sh` (see README.md here); the
// KISStream benchmark is its own executable: `swift run --package-path Benchmarks -c release kis-stream-benchmark`.

import PackageDescription

let quantKit: (String) -> Target.Dependency = { .product(name: $0, package: "QuantKit") }

let package = Package(
    name: "QuantKitBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "QuantKit", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS's thread control and the raw dsyrk baseline (not a QuantKit API).
        .systemLibrary(name: "COpenBLAS"),
        .executableTarget(
            name: "quant-bench",
            dependencies: [
                "COpenBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                quantKit("QuantCore"), quantKit("LinearAlgebra"), quantKit("Covariance"),
                quantKit("RiskMetrics"), quantKit("Reporting"), quantKit("RiskParity"), quantKit("MLFactor"),
                quantKit("SampleData"), quantKit("StrategyKit"), quantKit("Backtest"), quantKit("Execution"), quantKit("Store"), quantKit("Pipeline"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // KISStream: frame decoding rate and end-to-end latency against the simulator.
        .executableTarget(
            name: "kis-stream-benchmark",
            dependencies: [quantKit("KISStream"), quantKit("KISSimulator"), quantKit("QuantCore")]
        ),
    ]
)
