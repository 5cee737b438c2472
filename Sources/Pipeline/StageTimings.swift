import Foundation

/// Wall-clock seconds per named stage, in the order the stages ran.
public struct StageTimings: Sendable, Hashable, Codable {
    /// `(stage, seconds)` in order.
    public private(set) var stages: [Stage] = []

    /// One timed stage.
    public struct Stage: Sendable, Hashable, Codable {
        /// The stage's name.
        public let name: String
        /// How long it took.
        public let seconds: Double
    }

    /// An empty record.
    public init() {}

    /// Runs `body`, recording its duration under `name`.
    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stages.append(Stage(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try body()
    }

    /// Runs the asynchronous `body`, recording its duration under `name`.
    public mutating func measure<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stages.append(Stage(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try await body()
    }

    /// The sum of every stage.
    public var total: Double { stages.reduce(0) { $0 + $1.seconds } }
}
