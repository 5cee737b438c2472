import Foundation
import QuantTestSupport
import Testing

/// End-to-end runs of `quant risk-parity` on files written from the RiskParity fixtures
/// (Tests/RiskParityTests/Fixtures, from riskparityportfolio and skfolio) and the Covariance fixtures.
@Suite("quant risk-parity")
struct RiskParityCommandTests {
    struct Reference: Decodable { let weights: [Double] }
    struct ERCCase: Decodable {
        let name: String
        let assets: [String]?
        let covariance: [[Double]]?
        let budgets: [Double]
        let polished: Reference
        let closedForm: [Double]?
    }
    struct HRPCase: Decodable {
        let name: String
        let assets: [String]
        let covariance: [[Double]]
        let weights: [Double]
    }
    struct Cases<T: Decodable>: Decodable { let cases: [T] }
    struct Returns: Decodable {
        let dates: [String]
        let assets: [String]
        let returns: [[Double?]]
        let sampleUnbiased: [[Double]]
        let ledoitWolf: [[Double]]
    }

    static func fixture<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(path)
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func ercCase(_ name: String) throws -> ERCCase {
        let all = try fixture(Cases<ERCCase>.self, "RiskParityTests/Fixtures/erc.json")
        guard let c = all.cases.first(where: { $0.name == name }) else { throw ExampleExecutable.RunError(message: "no case \(name)") }
        return c
    }

    static func squareMatrixFile(_ assets: [String], _ rows: [[Double]]) throws -> String {
        var text = "," + assets.joined(separator: ",") + "\n"
        for (asset, row) in zip(assets, rows) { text += asset + "," + row.map { "\($0)" }.joined(separator: ",") + "\n" }
        return try ExampleExecutable.temporaryFile(named: "covariance.csv", contents: text)
    }

    struct Output {
        let assets: [String]
        let weights: [Double]
        let riskContributions: [Double]
        let method: String
        let converged: Bool
        let iterations: Int
        let maxRelativeError: Double
        let fallback: String?
    }

    static func output(_ run: ExampleExecutable.Run) throws -> Output {
        let json = try run.json()
        #expect(Set(json.keys) == ["assets", "weights", "riskContributions", "method", "converged", "iterations", "maxRelativeError", "fallback"])
        return Output(
            assets: json["assets"] as? [String] ?? [], weights: json["weights"] as? [Double] ?? [],
            riskContributions: json["riskContributions"] as? [Double] ?? [], method: json["method"] as? String ?? "",
            converged: json["converged"] as? Bool ?? false, iterations: json["iterations"] as? Int ?? -1,
            maxRelativeError: (json["maxRelativeError"] as? NSNumber)?.doubleValue ?? .nan,
            fallback: json["fallback"] is NSNull ? nil : json["fallback"] as? String ?? "?")
    }

    @Test func ercMatchesTheReference() throws {
        let c = try Self.ercCase("sp500-20")
        let file = try Self.squareMatrixFile(c.assets ?? [], c.covariance ?? [])
        let run = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try Self.output(run)
        #expect(out.assets == c.assets)
        #expect(out.method == "coordinate-descent" && out.converged && out.fallback == nil && out.iterations > 0)
        #expect(out.maxRelativeError < 1e-10)
        expectClose(out.weights, c.polished.weights, relative: 1e-9)
        expectClose(out.riskContributions, [Double](repeating: 0.05, count: 20), relative: 1e-10)
    }

    @Test func budgetsFileGivesTheHandWorkedAnswer() throws {
        let c = try Self.ercCase("hand3-budgets")
        let file = try Self.squareMatrixFile(["A", "B", "C"], c.covariance ?? [])
        // Order in the budgets file is free; a header is optional.
        let budgets = try ExampleExecutable.temporaryFile(named: "budgets.csv", contents: "asset,budget\nC,0.5\nA,0.25\nB,0.25\n")
        let out = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--budgets", budgets]))
        expectClose(out.weights, c.closedForm ?? [], relative: 1e-10)
        expectClose(out.riskContributions, [0.25, 0.25, 0.5], relative: 1e-10)
        let wrong = try ExampleExecutable.temporaryFile(named: "budgets.csv", contents: "A,0.25\nB,0.25\nC,0.6\n")
        let refused = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--budgets", wrong])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("budgetSum") && refused.stderr.contains("1.1"))
        let missing = try ExampleExecutable.temporaryFile(named: "budgets.csv", contents: "A,0.5\nB,0.5\n")
        let incomplete = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--budgets", missing])
        #expect(incomplete.status == 1 && incomplete.stderr.contains("'C'"))
    }

    @Test func csvFormatIsAWeightsFileTheOtherCommandsRead() throws {
        let c = try Self.ercCase("hand3-budgets")
        let file = try Self.squareMatrixFile(["A", "B", "C"], c.covariance ?? [])
        let run = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--format", "csv"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "asset,weight" && lines.count == 4)
        let weights = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        let weightsFile = try ExampleExecutable.temporaryFile(named: "w.csv", contents: run.stdout)
        let risk = try ExampleExecutable.run("quant", ["portfolio-risk", "--weights", weightsFile, "--covariance", file])
        #expect(risk.status == 0, "stderr: \(risk.stderr)")
        let json = try risk.json()
        let contributions = try #require(json["riskContributions"] as? [String: Double])
        let volatility = try #require(json["volatility"] as? Double)
        for asset in ["A", "B", "C"] {
            #expect(abs((contributions[asset] ?? 0) / volatility - 1.0 / 3) < 1e-9, "equal risk contributions for \(asset)")
        }
    }

    @Test func hrpMatchesSkfolio() throws {
        let all = try Self.fixture(Cases<HRPCase>.self, "RiskParityTests/Fixtures/hrp.json")
        let c = try #require(all.cases.first)
        let file = try Self.squareMatrixFile(c.assets, c.covariance)
        let out = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--method", "hrp"]))
        #expect(out.method == "hrp")
        expectClose(out.weights, c.weights, relative: 1e-10)
        expectClose(out.riskContributions.reduce(0, +), 1, relative: 1e-12)
    }

    @Test func inverseVolatilityAndBounds() throws {
        let file = try Self.squareMatrixFile(["A", "B", "C"], [[0.04, 0.02, 0], [0.02, 0.04, 0], [0, 0, 0.01]])
        let iv = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--method", "inverse-volatility"]))
        #expect(iv.method == "inverse-volatility")
        expectClose(iv.weights, [0.25, 0.25, 0.5], relative: 1e-14)
        expectClose(iv.riskContributions, [0.375, 0.375, 0.25], relative: 1e-12)
        expectClose(iv.maxRelativeError, 0.25, relative: 1e-12)
        // ERC gives C 0.55; a 0.45 cap binds and the shares are reported as they are.
        let capped = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--max-weight", "0.45"]))
        #expect(capped.method == "bounded-projected-gradient" && capped.converged)
        expectClose(capped.weights, [0.275, 0.275, 0.45], relative: 1e-12)
        let infeasible = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--min-weight", "0.4"])
        #expect(infeasible.status == 1 && infeasible.stderr.contains("infeasibleBounds"))
        let usage = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--method", "hrp", "--max-weight", "0.4"])
        #expect(usage.status == 64)
        let both = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file, "--returns", file])
        #expect(both.status == 64)
    }

    @Test func notPositiveDefiniteIsRepairedAndReported() throws {
        let file = try Self.squareMatrixFile(["A", "B", "C"], [[1, 0.9, 0.9], [0.9, 1, -0.5], [0.9, -0.5, 1]])
        let run = try ExampleExecutable.run("quant", ["risk-parity", "--covariance", file])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try Self.output(run)
        #expect(out.converged && out.maxRelativeError < 1e-10)
        #expect(out.fallback?.contains("not positive definite") == true)
    }

    @Test func returnsAreEstimatedWithTheChosenEstimator() throws {
        let r = try Self.fixture(Returns.self, "CovarianceTests/Fixtures/small.json")
        var text = "date," + r.assets.joined(separator: ",") + "\n"
        for (date, row) in zip(r.dates, r.returns) { text += date + "," + row.map { $0.map { "\($0)" } ?? "" }.joined(separator: ",") + "\n" }
        let returns = try ExampleExecutable.temporaryFile(named: "returns.csv", contents: text)
        for (arguments, matrix) in [([String](), r.ledoitWolf), (["--estimator", "sample"], r.sampleUnbiased)] {
            let fromReturns = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--returns", returns] + arguments))
            let cov = try Self.squareMatrixFile(r.assets, matrix)
            let fromMatrix = try Self.output(ExampleExecutable.run("quant", ["risk-parity", "--covariance", cov]))
            #expect(fromReturns.assets == r.assets)
            #expect(fromReturns.converged)
            expectClose(fromReturns.weights, fromMatrix.weights, relative: 1e-8, "\(arguments)")
        }
    }
}
