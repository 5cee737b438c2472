import Foundation
import LinearAlgebra
import QuantCore
import QuantTestSupport

/// A factor and forward-return panel written by `scripts/fixtures/ml_factor.py`, with the
/// scipy/numpy reference results.
struct EvaluationFixture: Decodable {
    struct Summary: Decodable {
        let mean, std, icir, tStat, hitRate: Double
        let dates: Int
    }
    struct Skipped: Decodable {
        let date: String
        let reason: String
        let assets: Int
    }
    struct Alphalens: Decodable {
        let version: String
        let dates: [String]
        let rankIc: [Double]
        let quantileReturns: [[Double]]
        let demeanedQuantileReturns: [[Double]]
    }
    struct Case: Decodable {
        let name: String
        let alphalens: Alphalens?
        let quantiles: Int
        let minAssets: Int
        let dates: [String]
        let assets: [String]
        let factor: [[Double?]]
        let forwardReturns: [[Double?]]
        let evaluatedDates: [String]
        let skipped: [Skipped]
        let ic: [Double]
        let rankIc: [Double]
        let quantileReturns: [[Double]]
        let longShort: [Double]
        let icSummary: Summary
        let rankIcSummary: Summary
        let quantileMeanReturns: [Double]
        let longShortMean: Double
        let cumulativeLongShort: [Double]

        func panel(_ rows: [[Double?]]) throws -> Panel {
            let columns = assets.indices.map { j in rows.map { $0[j] ?? .nan } }
            return try Panel(dates: dates.map { try TradingDate(parsing: $0) }, assets: assets.map { Symbol($0) }, columns: columns)
        }
    }
    let cases: [Case]

    static func load() throws -> EvaluationFixture { try Fixture.load(EvaluationFixture.self, named: "evaluation", in: .module) }
    static var caseNames: [String] { ["dense", "gappy", "ties", "deciles"] }
    static func named(_ name: String) throws -> Case {
        guard let c = try load().cases.first(where: { $0.name == name }) else { throw MissingCase(name: "evaluation/\(name)") }
        return c
    }
}

/// A regression data set with scikit-learn's `Ridge` solution.
struct RidgeFixture: Decodable {
    struct Case: Decodable {
        let name: String
        let alpha: Double
        let fitIntercept: Bool
        let x: [[Double]]
        let y: [Double]
        let intercept: Double
        let coefficients: [Double]
        let predictions: [Double]
        var features: Matrix { get throws { try Matrix(rowMajor: x) } }
    }
    let cases: [Case]

    static func load() throws -> RidgeFixture { try Fixture.load(RidgeFixture.self, named: "ridge", in: .module) }
    static var caseNames: [String] { ["small", "ols", "strong", "wide", "noIntercept", "scaled", "offset"] }
    static func named(_ name: String) throws -> Case {
        guard let c = try load().cases.first(where: { $0.name == name }) else { throw MissingCase(name: "ridge/\(name)") }
        return c
    }
}

/// A fixture case that the fixture file does not hold.
struct MissingCase: Error, CustomStringConvertible {
    let name: String
    var description: String { "fixture case \(name) not found; rerun scripts/fixtures/ml_factor.py" }
}
