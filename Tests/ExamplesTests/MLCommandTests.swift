import Foundation
import QuantTestSupport
import Testing

/// End-to-end runs of `quant ml` on files written from the MLFactor fixtures
/// (Tests/MLFactorTests/Fixtures, generated with scipy and scikit-learn).
@Suite("quant ml")
struct MLCommandTests {
    struct RidgeCase: Decodable {
        let name: String
        let alpha: Double
        let fitIntercept: Bool
        let x: [[Double]]
        let y: [Double]
        let intercept: Double
        let coefficients: [Double]
    }

    struct Summary: Decodable { let mean, std, icir, tStat: Double }

    struct EvaluationCase: Decodable {
        let name: String
        let quantiles: Int
        let minAssets: Int
        let dates: [String]
        let assets: [String]
        let factor: [[Double?]]
        let forwardReturns: [[Double?]]
        let evaluatedDates: [String]
        let skipped: [[String: AnyCodable]]
        let icSummary: Summary
        let rankIcSummary: Summary
        let quantileMeanReturns: [Double]
        let longShortMean: Double
    }

    /// Decodes and ignores any JSON value.
    struct AnyCodable: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    struct Cases<T: Decodable>: Decodable { let cases: [T] }

    static func fixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> [T] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MLFactorTests/Fixtures/\(name).json")
        return try JSONDecoder().decode(Cases<T>.self, from: Data(contentsOf: url)).cases
    }

    static func table(_ names: [String], _ rows: [[Double]]) -> String {
        names.joined(separator: ",") + "\n" + rows.map { $0.map { "\($0)" }.joined(separator: ",") + "\n" }.joined()
    }

    static func panel(_ dates: [String], _ assets: [String], _ rows: [[Double?]]) -> String {
        "date," + assets.joined(separator: ",") + "\n"
            + zip(dates, rows).map { $0 + "," + $1.map { $0.map { "\($0)" } ?? "" }.joined(separator: ",") + "\n" }.joined()
    }

    @Test func ridgeMatchesScikitLearn() throws {
        for c in try Self.fixture(RidgeCase.self, "ridge") {
            let names = (0..<c.x[0].count).map { "f\($0)" }
            let features = try ExampleExecutable.temporaryFile(named: "features.csv", contents: Self.table(names, c.x))
            let target = try ExampleExecutable.temporaryFile(named: "target.csv", contents: Self.table(["y"], c.y.map { [$0] }))
            var arguments = ["ml", "ridge", "--features", features, "--target", target, "--alpha", "\(c.alpha)"]
            if !c.fitIntercept { arguments.append("--no-intercept") }
            let run = try ExampleExecutable.run("quant", arguments)
            #expect(run.status == 0, "\(c.name): \(run.stderr)")
            let json = try run.json()
            #expect(Set(json.keys) == ["intercept", "coefficients"])
            expectClose((json["intercept"] as? NSNumber)?.doubleValue ?? .nan, c.intercept, relative: 1e-8, floor: 1e-6, "\(c.name)")
            expectClose(json["coefficients"] as? [Double] ?? [], c.coefficients, relative: 1e-8, floor: 1e-6, "\(c.name)")
        }
    }

    @Test func icMatchesTheReference() throws {
        for c in try Self.fixture(EvaluationCase.self, "evaluation") {
            let factor = try ExampleExecutable.temporaryFile(named: "factor.csv", contents: Self.panel(c.dates, c.assets, c.factor))
            let returns = try ExampleExecutable.temporaryFile(named: "fwd.csv", contents: Self.panel(c.dates, c.assets, c.forwardReturns))
            let run = try ExampleExecutable.run("quant", ["ml", "ic", "--factor", factor, "--forward-returns", returns,
                                                          "--quantiles", "\(c.quantiles)", "--min-assets", "\(c.minAssets)"])
            #expect(run.status == 0, "\(c.name): \(run.stderr)")
            let json = try run.json()
            #expect(Set(json.keys) == ["ic", "rankIc", "dates", "quantileMeanReturns", "longShortMean"])
            #expect(json["dates"] as? Int == c.evaluatedDates.count)
            for (key, expected) in [("ic", c.icSummary), ("rankIc", c.rankIcSummary)] {
                let object = json[key] as? [String: Double] ?? [:]
                #expect(Set(object.keys) == ["mean", "std", "icir", "tStat"])
                expectClose([object["mean"] ?? .nan, object["std"] ?? .nan, object["icir"] ?? .nan, object["tStat"] ?? .nan],
                            [expected.mean, expected.std, expected.icir, expected.tStat], relative: 1e-10, floor: 1e-3, "\(c.name) \(key)")
            }
            expectClose(json["quantileMeanReturns"] as? [Double] ?? [], c.quantileMeanReturns, relative: 1e-10, floor: 1e-3)
            expectClose((json["longShortMean"] as? NSNumber)?.doubleValue ?? .nan, c.longShortMean, relative: 1e-10, floor: 1e-3)
            if c.skipped.isEmpty {
                #expect(run.stderr.isEmpty)
            } else {
                #expect(run.stderr.contains("skipped \(c.skipped.count) date(s)"), "\(run.stderr)")
            }
        }
    }

    @Test func badFeatureCellIsNamed() throws {
        let features = try ExampleExecutable.temporaryFile(named: "bad.csv", contents: "a,b\n1,2\n3,x\n5,6\n")
        let target = try ExampleExecutable.temporaryFile(named: "y.csv", contents: "y\n1\n2\n3\n")
        let run = try ExampleExecutable.run("quant", ["ml", "ridge", "--features", features, "--target", target, "--alpha", "1"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: "))
        #expect(run.stderr.contains("bad.csv:3:2:"), "\(run.stderr)")
    }

    @Test func rowCountsMustAgree() throws {
        let features = try ExampleExecutable.temporaryFile(named: "x.csv", contents: "a\n1\n2\n3\n")
        let target = try ExampleExecutable.temporaryFile(named: "y.csv", contents: "y\n1\n2\n")
        let run = try ExampleExecutable.run("quant", ["ml", "ridge", "--features", features, "--target", target, "--alpha", "1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("2 rows"), "\(run.stderr)")
        let wide = try ExampleExecutable.temporaryFile(named: "y2.csv", contents: "y,z\n1,1\n2,2\n3,3\n")
        let twoColumns = try ExampleExecutable.run("quant", ["ml", "ridge", "--features", features, "--target", wide, "--alpha", "1"])
        #expect(twoColumns.status == 1)
        #expect(twoColumns.stderr.contains("exactly one column"))
    }

    @Test func singularOLSIsAnError() throws {
        let features = try ExampleExecutable.temporaryFile(named: "x.csv", contents: "a,b\n1,5\n2,5\n3,5\n")
        let target = try ExampleExecutable.temporaryFile(named: "y.csv", contents: "y\n1\n2\n3\n")
        let run = try ExampleExecutable.run("quant", ["ml", "ridge", "--features", features, "--target", target, "--alpha", "0"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("singularSystem"), "\(run.stderr)")
    }

    @Test func usageErrorsExit64() throws {
        let file = try ExampleExecutable.temporaryFile(named: "f.csv", contents: "date,A,B\n2024-01-31,1,2\n")
        let few = try ExampleExecutable.run("quant", ["ml", "ic", "--factor", file, "--forward-returns", file, "--quantiles", "5", "--min-assets", "3"])
        #expect(few.status == 64)
        let alpha = try ExampleExecutable.run("quant", ["ml", "ridge", "--features", file, "--target", file, "--alpha", "-1"])
        #expect(alpha.status == 64)
    }

    @Test func noUsableDateIsAnError() throws {
        let file = try ExampleExecutable.temporaryFile(named: "f.csv", contents: "date,A,B\n2024-01-31,1,2\n")
        let run = try ExampleExecutable.run("quant", ["ml", "ic", "--factor", file, "--forward-returns", file, "--quantiles", "2", "--min-assets", "3"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tooFewDates"), "\(run.stderr)")
    }

    @Test func backtestReportsOutOfSampleIC() throws {
        let run = try ExampleExecutable.run("quant", ["ml", "backtest", "--model", "ridge", "--stocks", "200", "--years", "8"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(Set(json.keys) == ["model", "synthetic", "firstDate", "lastDate", "dates", "ic", "rankIc", "quantileMeanReturns",
                                   "longShortMean", "longShortCumulative", "topQuantileTurnover", "rankIcDecay"])
        #expect(json["dates"] as? Int == 58)
        let rankIC = (json["rankIc"] as? [String: Double])?["mean"] ?? .nan
        // The library's walk-forward test measures 0.0805 on the same market and settings.
        #expect(abs(rankIC - 0.08052098758378146) < 1e-12)
        #expect((json["quantileMeanReturns"] as? [Double])?.count == 5)
        let decay = json["rankIcDecay"] as? [Double] ?? []
        #expect(decay.count == 3)
        #expect(decay.first.map { abs($0 - rankIC) < 1e-12 } == true)   // horizon 1 is the report itself
        // The penalty tuned inside each step: the first year has no momentum, hence no rows, and must not break the folds.
        let tuned = try ExampleExecutable.run("quant", ["ml", "backtest", "--model", "ridge-cv"])
        #expect(tuned.status == 0, "\(tuned.stderr)")
        #expect(((try tuned.json()["rankIc"] as? [String: Double])?["mean"] ?? 0) > 0.05)
        let bad = try ExampleExecutable.run("quant", ["ml", "backtest", "--years", "2"])
        #expect(bad.status == 64)
    }
}
