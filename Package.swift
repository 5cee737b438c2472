// swift-tools-version:6.1
//
// QuantKit: reusable quant modules for Swift and the Korean-equity trading bot built from them.
// Every library target is its own product, so a user can depend on exactly one module
// (`.product(name: "RiskParity", package: "QuantKit")`). Docs/Architecture.md draws the graph.

import PackageDescription

/// Settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    // SE-0335: spell existential types `any P`.
    .enableUpcomingFeature("ExistentialAny"),
    // SE-0409: imports are internal unless marked `public`, so no C type leaks into an API.
    .enableUpcomingFeature("InternalImportsByDefault"),
    // SE-0444: a file sees only the members of modules it imports itself.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

/// The public library modules and their direct dependencies, lowest layer first.
let libraries: [(name: String, dependencies: [Target.Dependency])] = [
    ("LinearAlgebra", ["CLinearAlgebra"]),
    ("QuantCore", []),
    ("PortfolioRisk", ["LinearAlgebra"]),
    ("SampleData", ["QuantCore"]),
    ("StrategyKit", ["QuantCore"]),
    ("Covariance", ["LinearAlgebra", "QuantCore"]),
    ("RiskParity", ["Covariance", "PortfolioRisk", "StrategyKit", "LinearAlgebra", "QuantCore", "CLinearAlgebra"]),
    ("RiskMetrics", ["PortfolioRisk", "LinearAlgebra", "QuantCore"]),
    ("ClassicStrategies", ["StrategyKit", "QuantCore"]),
    ("Execution", ["StrategyKit", "QuantCore"]),
    ("Backtest", ["Execution", "StrategyKit", "RiskMetrics", "QuantCore"]),
    ("Store", ["Execution", "StrategyKit", "QuantCore", "Alerts", .product(name: "GRDB", package: "GRDB.swift")]),
    ("Pipeline", ["Store", "Execution", "StrategyKit", "RiskMetrics", "Reporting", "LinearAlgebra", "QuantCore"]),
    ("MLFactor", ["StrategyKit", "LinearAlgebra", "QuantCore"]),
    ("Reporting", ["QuantCore", .product(name: "Mustache", package: "swift-mustache")]),
    ("Alerts", [
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
    ]),
    ("KISREST", [
        "QuantCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
    ]),
    ("KISStream", [
        "KISREST", "QuantCore", .product(name: "WSClient", package: "swift-websocket"), .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Crypto", package: "swift-crypto"),
    ]),
    ("KISBroker", ["Execution", "Store", "KISREST", "QuantCore"]),
    ("KISSimulator", [
        "KISStream", "KISREST", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Crypto", package: "swift-crypto"),
    ]),
]

/// Resources of library targets (copied as folders, found beside the executable at run time).
let libraryResources: [String: [Resource]] = [
    "Reporting": [.copy("Templates")],
]

/// Test targets: one per library module, plus the examples' end-to-end tests.
let testTargets: [(name: String, dependencies: [Target.Dependency], resources: [Resource])] = [
    ("LinearAlgebraTests", ["LinearAlgebra", "QuantTestSupport"], [.copy("Fixtures")]),
    ("QuantCoreTests", ["QuantCore", "QuantTestSupport"], []),
    ("PortfolioRiskTests", ["PortfolioRisk", "QuantTestSupport"], []),
    ("SampleDataTests", ["SampleData", "QuantCore"], []),
    ("StrategyKitTests", ["StrategyKit", "QuantCore"], []),
    ("CovarianceTests", ["Covariance", "QuantTestSupport"], [.copy("Fixtures")]),
    ("RiskParityTests", ["RiskParity", "QuantTestSupport", "CLinearAlgebra"], [.copy("Fixtures")]),
    ("RiskMetricsTests", ["RiskMetrics", "QuantTestSupport"], [.copy("Fixtures")]),
    ("ClassicStrategiesTests", ["ClassicStrategies", "QuantTestSupport"], []),
    ("ExecutionTests", ["Execution", "QuantTestSupport"], []),
    ("BacktestTests", ["Backtest", "Execution", "SampleData", "RiskMetrics", "QuantTestSupport"], []),
    ("StoreTests", ["Store", "Execution", "StrategyKit", "QuantCore", "Alerts"], []),
    ("PipelineTests", ["Pipeline", "Store", "Execution", "StrategyKit", "QuantCore"], []),
    ("ReportingTests", ["Reporting", "QuantTestSupport"], [.copy("Fixtures")]),
    ("MLFactorTests", ["MLFactor", "QuantTestSupport", "LinearAlgebra", "QuantCore", "SampleData", "StrategyKit"], [.copy("Fixtures")]),
    ("AlertsTests", ["Alerts", "QuantTestSupport"], []),
    ("KISRESTTests", ["KISREST", "KISSimulator", "QuantCore"], []),
    ("KISBrokerTests", ["KISBroker", "KISREST", "KISSimulator", "Store", "Execution", "QuantCore"], []),
    ("KISStreamTests", ["KISStream", "KISSimulator"], []),
    ("ExamplesTests", ["QuantTestSupport", "Store", "Execution", "StrategyKit", "QuantCore"], []),
]

let package = Package(
    name: "QuantKit",
    platforms: [.macOS(.v14)],
    products: libraries.map { .library(name: $0.name, targets: [$0.name]) } + [
        .executable(name: "quant", targets: ["quant"]),
        .executable(name: "quant-bot", targets: ["quant-bot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapack-dev"])]
        ),
    ]
    // MARK: - Public modules
    + libraries.map {
        .target(
            name: $0.name, dependencies: $0.dependencies, exclude: ["README.md"],
            resources: libraryResources[$0.name], swiftSettings: swiftSettings)
    }
    // MARK: - Test support (not a product)
    + [
        .target(name: "QuantTestSupport", dependencies: ["LinearAlgebra", "QuantCore"], swiftSettings: swiftSettings),
    ]
    // MARK: - Examples
    + [
        .executableTarget(
            name: "quant",
            dependencies: [
                argumentParser, "QuantCore", "LinearAlgebra", "PortfolioRisk", "Covariance",
                "RiskParity", "RiskMetrics", "SampleData", "Reporting", "Alerts", "Pipeline", "MLFactor", "KISStream", "KISSimulator",
            ],
            path: "Examples/quant",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "quant-bot",
            dependencies: [
                argumentParser, "QuantCore", "SampleData", "StrategyKit", "ClassicStrategies", "MLFactor", "Covariance", "RiskParity",
                "RiskMetrics", "Execution", "Backtest", "Store", "Pipeline", "Reporting", "Alerts", "KISStream", "KISSimulator", "KISREST", "KISBroker",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/quant-bot",
            swiftSettings: swiftSettings
        ),
    ]
    // MARK: - Tests
    + testTargets.map {
        .testTarget(name: $0.name, dependencies: $0.dependencies, resources: $0.resources, swiftSettings: swiftSettings)
    }
)
