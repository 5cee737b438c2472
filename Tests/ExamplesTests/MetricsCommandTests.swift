import Foundation
import QuantTestSupport
import Testing

/// End-to-end tests of `quant metrics` and `quant portfolio-risk`: the built binary on CSV files
/// written from the RiskMetrics reference fixture (empyrical / quantstats / numpy numbers).
@Suite("quant metrics and quant portfolio-risk")
struct MetricsCommandTests {
    /// `Tests/RiskMetricsTests/Fixtures/risk_metrics.json`, found from this source file.
    static var fixture: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RiskMetricsTests/Fixtures/risk_metrics.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static func seriesCase(_ name: String) throws -> [String: Any] {
        let cases = try #require(fixture["series"] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    /// A wide returns CSV with one column; `nil` (JSON null) becomes an empty cell.
    static func csv(asset: String, dates: [String], values: [Any]) -> String {
        var text = "date,\(asset)\n"
        for (d, v) in zip(dates, values) { text += "\(d),\((v as? Double).map { "\($0)" } ?? "")\n" }
        return text
    }

    func number(_ object: [String: Any], _ key: String) throws -> Double {
        try #require(object[key] as? Double, "key \(key) missing or null")
    }

    @Test(arguments: ["stock_vs_market", "with_missing", "monthly"])
    func metricsMatchTheReferenceFixture(_ name: String) throws {
        let c = try Self.seriesCase(name)
        let dates = try #require(c["dates"] as? [String])
        let returns = try #require(c["returns"] as? [Any])
        let bDates = try #require(c["benchmarkDates"] as? [String])
        let bench = try #require(c["benchmark"] as? [Any])
        let returnsFile = try ExampleExecutable.temporaryFile(named: "returns.csv", contents: Self.csv(asset: name, dates: dates, values: returns))
        let benchmarkFile = try ExampleExecutable.temporaryFile(named: "benchmark.csv", contents: Self.csv(asset: "BM", dates: bDates, values: bench))
        let p = try number(c, "periodsPerYear"), rf = try number(c, "riskFree"), conf = try number(c, "confidence")
        let run = try ExampleExecutable.run("quant", ["metrics", "--returns", returnsFile, "--benchmark", benchmarkFile,
                                                      "--risk-free", "\(rf)", "--confidence", "\(conf)", "--periods-per-year", "\(Int(p))"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try run.json()
        #expect(json["assets"] as? [String] == [name])
        let metrics = try #require((json["metrics"] as? [String: Any])?[name] as? [String: Any])
        let e = try #require(c["expected"] as? [String: Any])
        let be = try #require(c["benchmarkExpected"] as? [String: Any])
        #expect(metrics["observations"] as? Int == c["observations"] as? Int)
        #expect(metrics["missing"] as? Int == c["missing"] as? Int)
        let pairs: [(String, [String: Any], String)] = [
            ("cagr", e, "cagr"), ("volatility", e, "volatility"), ("sharpe", e, "sharpe"), ("sortino", e, "sortino"),
            ("calmar", e, "calmar"), ("omega", e, "omega"), ("maxDrawdown", e, "maxDrawdown"), ("ulcerIndex", e, "ulcerIndex"),
            ("varHistorical", e, "varHistorical"), ("cvarHistorical", e, "cvarHistorical"), ("varGaussian", e, "varGaussian"),
            ("cvarGaussian", e, "cvarGaussian"), ("varCornishFisher", e, "varCornishFisher"), ("skewness", e, "skewness"),
            ("kurtosis", e, "kurtosis"), ("hitRate", e, "hitRate"), ("best", e, "best"), ("worst", e, "worst"),
            ("tailRatio", e, "tailRatio"), ("totalReturn", e, "totalReturn"),
            ("beta", be, "beta"), ("alpha", be, "alpha"), ("correlation", be, "correlation"), ("trackingError", be, "trackingError"),
            ("informationRatio", be, "informationRatio"), ("upCapture", be, "upCapture"), ("downCapture", be, "downCapture"),
        ]
        for (key, reference, referenceKey) in pairs {
            expectClose(try number(metrics, key), try number(reference, referenceKey), relative: 1e-10, "\(name).\(key)")
        }
        #expect(metrics["longestDrawdown"] as? Int == e["longestDuration"] as? Int)
        #expect(metrics["benchmarkObservations"] as? Int == be["observations"] as? Int)
        if let trough = e["troughIndex"] as? Int { #expect(metrics["maxDrawdownTrough"] as? String == dates[Self.presentIndex(trough, in: returns)]) }
    }

    /// The position in the file of the `k`-th present (non-null) observation.
    static func presentIndex(_ k: Int, in values: [Any]) -> Int {
        var seen = -1
        for (i, v) in values.enumerated() where v is Double {
            seen += 1
            if seen == k { return i }
        }
        return -1
    }

    @Test func portfolioRiskMatchesNumpy() throws {
        let portfolios = try #require(Self.fixture["portfolios"] as? [[String: Any]])
        let c = try #require(portfolios.first)
        let assets = try #require(c["assets"] as? [String])
        let cov = try #require(c["covariance"] as? [[Double]])
        let weights = try #require(c["weights"] as? [Double])
        var covText = "," + assets.joined(separator: ",") + "\n"
        for (i, row) in cov.enumerated() { covText += assets[i] + "," + row.map { "\($0)" }.joined(separator: ",") + "\n" }
        // Weights in reverse order with a header: matched by name, not position.
        var wText = "asset,weight\n"
        for i in assets.indices.reversed() { wText += "\(assets[i]),\(weights[i])\n" }
        let covFile = try ExampleExecutable.temporaryFile(named: "cov.csv", contents: covText)
        let wFile = try ExampleExecutable.temporaryFile(named: "w.csv", contents: wText)
        let run = try ExampleExecutable.run("quant", ["portfolio-risk", "--weights", wFile, "--covariance", covFile])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try run.json()
        #expect(Set(json.keys) == ["volatility", "riskContributions", "diversificationRatio", "effectiveNumberOfBets"])
        expectClose(try number(json, "volatility"), try number(c, "volatility"), relative: 1e-10)
        expectClose(try number(json, "diversificationRatio"), try number(c, "diversificationRatio"), relative: 1e-10)
        expectClose(try number(json, "effectiveNumberOfBets"), try number(c, "effectiveNumberOfBets"), relative: 1e-10)
        let rc = try #require(json["riskContributions"] as? [String: Double])
        let expected = try #require(c["riskContributions"] as? [Double])
        expectClose(assets.map { rc[$0] ?? .nan }, expected, relative: 1e-10, floor: 1e-12)
        expectClose(rc.values.reduce(0, +), try number(json, "volatility"), relative: 1e-12, "contributions sum to the volatility")
    }

    @Test func badTokenNamesLineAndColumn() throws {
        let file = try ExampleExecutable.temporaryFile(named: "r.csv", contents: "\u{FEFF}date,A,B\r\n2024-01-02,0.01,0.02\r\n2024-01-03,0.01,x1\r\n")
        let run = try ExampleExecutable.run("quant", ["metrics", "--returns", file])
        #expect(run.status != 0)
        #expect(run.stderr.contains("r.csv:3:3"), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func zeroVolatilityReportsNullSharpe() throws {
        let file = try ExampleExecutable.temporaryFile(named: "flat.csv", contents: "date,FLAT\n2024-01-02,0.001\n2024-01-03,0.001\n2024-01-04,\n2024-01-05,0.001\n")
        let run = try ExampleExecutable.run("quant", ["metrics", "--returns", file])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let m = try #require((try run.json()["metrics"] as? [String: Any])?["FLAT"] as? [String: Any])
        #expect(m["sharpe"] is NSNull)
        #expect(m["skewness"] is NSNull)
        #expect(m["missing"] as? Int == 1)
        #expect(m["volatility"] as? Double == 0)
    }

    @Test func tooFewObservationsAndBadBenchmarkFail() throws {
        let one = try ExampleExecutable.temporaryFile(named: "one.csv", contents: "date,A\n2024-01-02,0.01\n2024-01-03,\n")
        let run = try ExampleExecutable.run("quant", ["metrics", "--returns", one])
        #expect(run.status != 0)
        #expect(run.stderr.contains("A"))
        let returns = try ExampleExecutable.temporaryFile(named: "r.csv", contents: "date,A\n2024-01-02,0.01\n2024-01-03,0.02\n")
        let two = try ExampleExecutable.temporaryFile(named: "b.csv", contents: "date,X,Y\n2024-01-02,0.01,0.0\n2024-01-03,0.02,0.0\n")
        let bad = try ExampleExecutable.run("quant", ["metrics", "--returns", returns, "--benchmark", two])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("exactly one asset column"))
    }

    @Test func portfolioRiskRejectsMissingWeight() throws {
        let cov = try ExampleExecutable.temporaryFile(named: "cov.csv", contents: ",A,B\nA,0.04,0.006\nB,0.006,0.09\n")
        let w = try ExampleExecutable.temporaryFile(named: "w.csv", contents: "A,1\n")
        let run = try ExampleExecutable.run("quant", ["portfolio-risk", "--weights", w, "--covariance", cov])
        #expect(run.status != 0)
        #expect(run.stderr.contains("B"))
        let asym = try ExampleExecutable.temporaryFile(named: "asym.csv", contents: ",A,B\nA,0.04,0.006\nB,0.007,0.09\n")
        let w2 = try ExampleExecutable.temporaryFile(named: "w2.csv", contents: "A,0.5\nB,0.5\n")
        let asymRun = try ExampleExecutable.run("quant", ["portfolio-risk", "--weights", w2, "--covariance", asym])
        #expect(asymRun.status != 0)
        #expect(asymRun.stderr.contains("symmetric"))
    }
}
