import Foundation
import QuantTestSupport
import Testing

/// End-to-end runs of `quant covariance` on files written from the Covariance fixtures
/// (Tests/CovarianceTests/Fixtures, generated from numpy/pandas/scikit-learn).
@Suite("quant covariance")
struct CovarianceCommandTests {
    struct Reference: Decodable {
        let dates: [String]
        let assets: [String]
        let returns: [[Double?]]
        let sampleUnbiased: [[Double]]
        let sampleML: [[Double]]
        let ledoitWolf: [[Double]]
        let ledoitWolfShrinkage: Double
        let oas: [[Double]]
        let oasShrinkage: Double
        let ewmHalfLife: [[Double]]
        let halfLife: Double
        let nonlinear: [[Double]]
        let denoised: [[Double]]
    }

    struct GappyReference: Decodable {
        let dates: [String]
        let assets: [String]
        let returns: [[Double?]]
        let samplePairwiseRepaired: [[Double]]
        let ewmPairwiseRepaired: [[Double]]
    }

    static func fixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CovarianceTests/Fixtures/\(name).json")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func csv(dates: [String], assets: [String], rows: [[Double?]], lineEnd: String = "\n", bom: Bool = false) -> String {
        var text = (bom ? "\u{FEFF}" : "") + "date," + assets.joined(separator: ",") + lineEnd
        for (date, row) in zip(dates, rows) {
            text += date + "," + row.map { $0.map { "\($0)" } ?? "" }.joined(separator: ",") + lineEnd
        }
        return text
    }

    static func output(_ run: ExampleExecutable.Run) throws -> (assets: [String], matrix: [[Double]], shrinkage: Double?, method: String) {
        let json = try run.json()
        #expect(Set(json.keys) == ["assets", "matrix", "shrinkage", "method"])
        let shrinkage = json["shrinkage"] is NSNull ? nil : (json["shrinkage"] as? NSNumber)?.doubleValue
        return (json["assets"] as? [String] ?? [], json["matrix"] as? [[Double]] ?? [], shrinkage, json["method"] as? String ?? "")
    }

    static func flat(_ rows: [[Double]]) -> [Double] { rows.flatMap { $0 } }

    @Test func methodsMatchTheReferences() throws {
        let r = try Self.fixture(Reference.self, "small")
        let file = try ExampleExecutable.temporaryFile(named: "returns.csv", contents: Self.csv(dates: r.dates, assets: r.assets, rows: r.returns))
        let cases: [(arguments: [String], expected: [[Double]], shrinkage: Double?, method: String)] = [
            (["--method", "sample"], r.sampleUnbiased, nil, "sample"),
            (["--method", "sample", "--ddof", "0"], r.sampleML, nil, "sample"),
            (["--method", "ledoit-wolf"], r.ledoitWolf, r.ledoitWolfShrinkage, "ledoit-wolf"),
            (["--method", "oas"], r.oas, r.oasShrinkage, "oas"),
            (["--method", "ewm", "--half-life", "\(r.halfLife)"], r.ewmHalfLife, nil, "ewm"),
            (["--method", "nonlinear"], r.nonlinear, nil, "nonlinear"),
            (["--method", "denoised"], r.denoised, nil, "denoised"),
        ]
        for c in cases {
            let run = try ExampleExecutable.run("quant", ["covariance", "--returns", file] + c.arguments)
            #expect(run.status == 0, "\(c.arguments): \(run.stderr)")
            let out = try Self.output(run)
            #expect(out.assets == r.assets)
            #expect(out.method == c.method)
            // Eigenvalue-based methods are checked at 1e-8 against the matrix scale, as in CovarianceTests.
            let eigenBased = c.method == "nonlinear" || c.method == "denoised"
            expectClose(Self.flat(out.matrix), Self.flat(c.expected), relative: eigenBased ? 1e-8 : 1e-10,
                        floor: eigenBased ? 1e-7 : 1e-300, "\(c.arguments)")
            if let expected = c.shrinkage {
                expectClose(out.shrinkage ?? .nan, expected, relative: 1e-10)
            } else {
                #expect(out.shrinkage == nil)
            }
        }
    }

    @Test func annualizeAndCsvFormat() throws {
        let r = try Self.fixture(Reference.self, "small")
        let file = try ExampleExecutable.temporaryFile(named: "returns.csv", contents: Self.csv(dates: r.dates, assets: r.assets, rows: r.returns))
        let run = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "sample", "--annualize", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == r.assets.count + 1)
        #expect(lines[0] == "," + r.assets.joined(separator: ","))
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(String(cells[0]) == r.assets[i])
            expectClose(cells.dropFirst().map { Double($0) ?? .nan }, r.sampleUnbiased[i].map { $0 * 252 }, relative: 1e-10)
        }
        let monthly = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "sample", "--annualize", "--periods-per-year", "12"])
        expectClose(Self.flat(try Self.output(monthly).matrix), Self.flat(r.sampleUnbiased).map { $0 * 12 }, relative: 1e-10)
    }

    @Test func crlfBomAndPricesAreAccepted() throws {
        let r = try Self.fixture(Reference.self, "small")
        let crlf = try ExampleExecutable.temporaryFile(
            named: "returns.csv", contents: Self.csv(dates: r.dates, assets: r.assets, rows: r.returns, lineEnd: "\r\n", bom: true))
        let run = try ExampleExecutable.run("quant", ["covariance", "--returns", crlf, "--method", "sample"])
        #expect(run.status == 0, "\(run.stderr)")
        expectClose(Self.flat(try Self.output(run).matrix), Self.flat(r.sampleUnbiased), relative: 1e-10)
        // Prices compounding the same returns, with a base date, give the same estimate.
        var level = [Double](repeating: 100, count: r.assets.count)
        var priceRows: [[Double?]] = [level]
        for row in r.returns {
            for j in level.indices { level[j] *= 1 + row[j]! }
            priceRows.append(level)
        }
        let prices = try ExampleExecutable.temporaryFile(
            named: "prices.csv", contents: Self.csv(dates: ["2024-01-01"] + r.dates, assets: r.assets, rows: priceRows))
        let fromPrices = try ExampleExecutable.run("quant", ["covariance", "--prices", prices, "--method", "ledoit-wolf"])
        #expect(fromPrices.status == 0, "\(fromPrices.stderr)")
        expectClose(Self.flat(try Self.output(fromPrices).matrix), Self.flat(r.ledoitWolf), relative: 1e-8)
    }

    @Test func pairwiseIsRepairedLikeStatsmodels() throws {
        let g = try Self.fixture(GappyReference.self, "gappy")
        let file = try ExampleExecutable.temporaryFile(named: "gappy.csv", contents: Self.csv(dates: g.dates, assets: g.assets, rows: g.returns))
        let sample = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "sample", "--missing", "pairwise"])
        #expect(sample.status == 0, "\(sample.stderr)")
        expectClose(Self.flat(try Self.output(sample).matrix), Self.flat(g.samplePairwiseRepaired), relative: 1e-10)
        let ewm = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "ewm", "--half-life", "10", "--missing", "pairwise"])
        #expect(ewm.status == 0, "\(ewm.stderr)")
        expectClose(Self.flat(try Self.output(ewm).matrix), Self.flat(g.ewmPairwiseRepaired), relative: 1e-10)
        let refused = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "oas", "--missing", "pairwise"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("pairwise"))
    }

    @Test func badTokenNamesLineAndColumn() throws {
        let file = try ExampleExecutable.temporaryFile(
            named: "bad.csv", contents: "date,A,B,C\n2024-01-02,0.01,0.02,0.03\n2024-01-03,0.01,,abc\n2024-01-04,0.01,0.02,0.03\n")
        let run = try ExampleExecutable.run("quant", ["covariance", "--returns", file, "--method", "sample"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad.csv:3:4:"), "\(run.stderr)")
        #expect(run.stderr.contains("abc"))
        let nan = try ExampleExecutable.temporaryFile(named: "nan.csv", contents: "date,A,B\n2024-01-02,0.01,nan\n2024-01-03,0.01,0.02\n")
        let nanRun = try ExampleExecutable.run("quant", ["covariance", "--returns", nan, "--method", "sample"])
        #expect(nanRun.status != 0)
        #expect(nanRun.stderr.contains("nan.csv:2:3:"), "\(nanRun.stderr)")
    }

    @Test func duplicatesAndOrderAreErrors() throws {
        let duplicateDate = try ExampleExecutable.temporaryFile(
            named: "dup.csv", contents: "date,A,B\n2024-01-02,0.01,0.02\n2024-01-02,0.01,0.02\n")
        let run = try ExampleExecutable.run("quant", ["covariance", "--returns", duplicateDate, "--method", "sample"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("dup.csv:3:1:") && run.stderr.contains("duplicate date"), "\(run.stderr)")
        let duplicateAsset = try ExampleExecutable.temporaryFile(named: "asset.csv", contents: "date,A,B,A\n2024-01-02,1,2,3\n")
        let assetRun = try ExampleExecutable.run("quant", ["covariance", "--returns", duplicateAsset, "--method", "sample"])
        #expect(assetRun.status != 0)
        #expect(assetRun.stderr.contains("asset.csv:1:4:") && assetRun.stderr.contains("duplicate asset"), "\(assetRun.stderr)")
        let unsorted = try ExampleExecutable.temporaryFile(named: "order.csv", contents: "date,A\n2024-01-03,0.01\n2024-01-02,0.02\n")
        let orderRun = try ExampleExecutable.run("quant", ["covariance", "--returns", unsorted, "--method", "sample"])
        #expect(orderRun.status != 0)
        #expect(orderRun.stderr.contains("order.csv:3:1:"), "\(orderRun.stderr)")
    }

    @Test func estimatorErrorsAndUsageErrors() throws {
        let one = try ExampleExecutable.temporaryFile(named: "one.csv", contents: "date,A,B\n2024-01-02,0.01,0.02\n")
        let run = try ExampleExecutable.run("quant", ["covariance", "--returns", one, "--method", "sample"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("tooFewObservations"), "\(run.stderr)")
        let noHalfLife = try ExampleExecutable.run("quant", ["covariance", "--returns", one, "--method", "ewm"])
        #expect(noHalfLife.status != 0)
        #expect(noHalfLife.stderr.contains("--half-life"))
        let missingFile = try ExampleExecutable.run("quant", ["covariance", "--returns", "/nonexistent/returns.csv", "--method", "sample"])
        #expect(missingFile.status != 0)
        #expect(missingFile.stderr.contains("/nonexistent/returns.csv"))
    }
}
