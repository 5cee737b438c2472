import Foundation
import LinearAlgebra
import QuantTestSupport

/// A fixture case that is absent from its file.
struct MissingCase: Error, CustomStringConvertible {
    let name: String
    var description: String { "fixture case \(name) not found; rerun scripts/fixtures/risk_parity.py" }
}

/// The fixtures written by scripts/fixtures/risk_parity.py.
struct ERCFixture: Decodable {
    struct Reference: Decodable {
        let weights: [Double]
        let maxRelativeError: Double
    }
    struct FactorModel: Decodable {
        let loadings: [[Double]]
        let factorCovariance: [[Double]]
        let specificVariances: [Double]
    }
    struct Case: Decodable, CustomStringConvertible {
        let name: String
        let budgets: [Double]
        let covariance: [[Double]]?
        let factorModel: FactorModel?
        let closedForm: [Double]?
        let conditionNumber: Double?
        let riskparityportfolio: Reference
        let polished: Reference
        let skfolio: Reference?
        var description: String { name }

        /// The covariance: stored, or `B F Bᵀ + diag(d)` from the factor model.
        func matrix() throws -> Matrix {
            if let covariance { return try Matrix(rowMajor: covariance) }
            guard let model = factorModel else { throw MissingCase(name: name) }
            let b = try Matrix(rowMajor: model.loadings)
            let f = try Matrix(rowMajor: model.factorCovariance)
            var sigma = try b.multiplied(by: f).multiplied(by: b, transposingOther: .transposed)
            for i in 0..<sigma.rows { sigma[i, i] += model.specificVariances[i] }
            sigma.symmetrize()
            return sigma
        }
    }
    let cases: [Case]

    static let all: ERCFixture? = try? Fixture.load(ERCFixture.self, named: "erc", in: .module)
    static func named(_ name: String) throws -> Case {
        guard let c = all?.cases.first(where: { $0.name == name }) else { throw MissingCase(name: "erc: \(name)") }
        return c
    }
    static let names = ["hand3", "hand3-budgets", "sp500-20", "sp500-20-budgets", "near-singular-20", "factor-100", "factor-500"]
}

struct BoundedFixture: Decodable {
    struct Group: Decodable { let members: [Int]; let maximum: Double }
    struct Reference: Decodable { let weights: [Double]; let objective: Double }
    struct Case: Decodable {
        let name: String
        let covariance: [[Double]]
        let budgets: [Double]
        let minimum: [Double]
        let maximum: [Double]
        let groups: [Group]
        let riskparityportfolio: Reference
        let slsqp: Reference
    }
    let cases: [Case]
    static func named(_ name: String) throws -> Case {
        let all = try Fixture.load(BoundedFixture.self, named: "bounded", in: .module)
        guard let c = all.cases.first(where: { $0.name == name }) else { throw MissingCase(name: "bounded: \(name)") }
        return c
    }
}

struct HRPFixture: Decodable {
    struct Case: Decodable {
        let name: String
        let covariance: [[Double]]
        let ordering: [Int]
        let weights: [Double]
    }
    let cases: [Case]
    static func named(_ name: String) throws -> Case {
        let all = try Fixture.load(HRPFixture.self, named: "hrp", in: .module)
        guard let c = all.cases.first(where: { $0.name == name }) else { throw MissingCase(name: "hrp: \(name)") }
        return c
    }
}
