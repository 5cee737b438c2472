// swift-tools-version:6.1
//
// Benchmarks for QuantKit, kept in their own package so the root build never builds them.
// Run: swift run --package-path Benchmarks -c release kis-stream-benchmark

import PackageDescription

let package = Package(
    name: "QuantKitBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "QuantKit", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "kis-stream-benchmark",
            dependencies: [
                .product(name: "KISStream", package: "QuantKit"),
                .product(name: "KISSimulator", package: "QuantKit"),
                .product(name: "QuantCore", package: "QuantKit"),
            ]
        ),
    ]
)
