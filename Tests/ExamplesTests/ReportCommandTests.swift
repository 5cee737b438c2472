import Foundation
import Testing

/// End-to-end tests of `quant report` and `quant sample-data`: the built binary on files a user
/// would have, checking the figures the report shows against values computed here by hand.
@Suite("quant report and quant sample-data")
struct ReportCommandTests {
    /// `count` weekday dates from 2023-01-02, as `YYYY-MM-DD`.
    static func weekdays(_ count: Int) -> [String] {
        var out: [String] = []
        var components = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2023, month: 1, day: 2)
        let calendar = Calendar(identifier: .gregorian)
        var date = calendar.date(from: components)!
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        while out.count < count {
            components = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
            if let w = components.weekday, w != 1, w != 7 { out.append(formatter.string(from: date)) }
            date = date.addingTimeInterval(86_400)
        }
        return out
    }

    /// A deterministic return for asset `j` on day `t`.
    static func r(_ j: Int, _ t: Int) -> Double { 0.0003 * Double(j + 1) + 0.01 * sin(Double(t * (j + 2)) * 0.37) }

    static func panelCSV(assets: [String], days: Int, missing: (Int, Int)? = nil) -> String {
        var text = "date," + assets.joined(separator: ",") + "\n"
        for (t, d) in weekdays(days).enumerated() {
            text += d + "," + assets.indices.map { j in missing.map { $0 == (j, t) } == true ? "" : "\(r(j, t))" }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Same formatting as the report's percentages: two decimals and a percent sign.
    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

    @Test func singleColumnReportShowsTheHeadlineFiguresOfTheSeries() throws {
        let days = 300
        let returns = try ExampleExecutable.temporaryFile(named: "r.csv", contents: Self.panelCSV(assets: ["PORT"], days: days))
        let output = URL(fileURLWithPath: returns).deletingLastPathComponent().appendingPathComponent("report.html").path
        let run = try ExampleExecutable.run("quant", ["report", "--returns", returns, "--output", output, "--title", "테스트 <리포트>"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        // Day = last return; YTD = compounded return of the last calendar year's rows.
        let dates = Self.weekdays(days)
        let values = (0..<days).map { Self.r(0, $0) }
        #expect(html.contains(Self.percent(values[days - 1])), "day return \(Self.percent(values[days - 1]))")
        let lastYear = dates[days - 1].prefix(4)
        let ytd = zip(dates, values).filter { $0.0.hasPrefix(lastYear) }.reduce(1.0) { $0 * (1 + $1.1) } - 1
        #expect(html.contains(Self.percent(ytd)), "year-to-date \(Self.percent(ytd))")
        #expect(html.contains("테스트 &lt;리포트&gt;"), "the title is UTF-8 and HTML-escaped")
        for id in ["chart-equity", "chart-drawdown", "chart-monthly", "chart-rolling"] {
            #expect(html.contains("id=\"\(id)\""), "chart \(id)")
        }
        #expect(!html.contains("id=\"chart-correlation\""), "no covariance, no correlation chart")
        #expect(html.contains("<script src=\"plotly.min.js\""), "without --plotly-js the report links plotly.js")
    }

    @Test func weightedPortfolioWithCovarianceShowsRiskContributions() throws {
        let assets = ["A", "B"]
        let returns = try ExampleExecutable.temporaryFile(named: "r.csv", contents: Self.panelCSV(assets: assets, days: 120, missing: (1, 5)))
        let dir = URL(fileURLWithPath: returns).deletingLastPathComponent()
        let weights = dir.appendingPathComponent("w.csv").path
        try Data("asset,weight\nA,0.75\nB,0.25\n".utf8).write(to: URL(fileURLWithPath: weights))
        // Σ = [[4, 1], [1, 1]] · 1e-4: σ_p² = (0.5625·4 + 2·0.1875·1 + 0.0625·1)e-4 = 2.6875e-4,
        // RC_A share = 0.75·(0.75·4 + 0.25·1)e-4 / σ_p² = 2.4375 / 2.6875 = 90.70%.
        let covariance = dir.appendingPathComponent("c.csv").path
        try Data(",A,B\nA,0.0004,0.0001\nB,0.0001,0.0001\n".utf8).write(to: URL(fileURLWithPath: covariance))
        let output = dir.appendingPathComponent("report.html").path
        let run = try ExampleExecutable.run("quant", ["report", "--returns", returns, "--weights", weights, "--covariance", covariance,
                                                      "--output", output, "--rolling-window", "500"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.contains(Self.percent(2.4375 / 2.6875)), "risk contribution of A")
        #expect(html.contains(Self.percent(0.25 * (0.75 + 0.25) / 2.6875)), "risk contribution of B")
        #expect(html.contains("id=\"chart-correlation\"") && html.contains("id=\"chart-weights\""))
        #expect(!html.contains("id=\"chart-rolling\""), "a window longer than the series omits the rolling chart")
        #expect(html.contains("119 returns (1 missing left out)"), "the date where B is missing is left out and counted")
    }

    @Test func badInputNamesWhatIsWrong() throws {
        let returns = try ExampleExecutable.temporaryFile(named: "r.csv", contents: Self.panelCSV(assets: ["A", "B"], days: 30))
        let dir = URL(fileURLWithPath: returns).deletingLastPathComponent()
        let output = dir.appendingPathComponent("report.html").path
        let noWeights = try ExampleExecutable.run("quant", ["report", "--returns", returns, "--output", output])
        #expect(noWeights.status != 0)
        #expect(noWeights.stderr.contains("2 asset columns: give --weights"))
        let weights = dir.appendingPathComponent("w.csv").path
        try Data("asset,weight\nA,0.5\nZZ,0.5\n".utf8).write(to: URL(fileURLWithPath: weights))
        let unknown = try ExampleExecutable.run("quant", ["report", "--returns", returns, "--weights", weights, "--output", output])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("'ZZ' is not a column"))
        #expect(!FileManager.default.fileExists(atPath: output), "nothing is written on error")
    }

    @Test func sampleDataIsDeterministicAndReadableByTheOtherCommands() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("qk-sample-\(UUID().uuidString)")
        let first = base.appendingPathComponent("a").path, second = base.appendingPathComponent("b").path
        for folder in [first, second] {
            let run = try ExampleExecutable.run("quant", ["sample-data", "--output", folder, "--stocks", "20", "--years", "2", "--seed", "7"])
            #expect(run.status == 0, "stderr: \(run.stderr)")
        }
        for name in ["prices.csv", "adjusted-prices.csv", "returns.csv", "etf-returns.csv", "benchmark.csv", "securities.csv", "DISCLAIMER.txt"] {
            let a = FileManager.default.contents(atPath: first + "/" + name)
            #expect(a != nil && a == FileManager.default.contents(atPath: second + "/" + name), "\(name) is the same for the same seed")
        }
        let securities = try String(contentsOfFile: first + "/securities.csv", encoding: .utf8).split(separator: "\n")
        #expect(securities.first == "symbol,name,kind,market,sector,listed,delisted")
        #expect(securities.count == 1 + 20 + 3, "20 stocks and 3 ETFs")
        #expect(securities.contains { $0.hasPrefix("069500,") && $0.contains(",etf,") })
        let cov = try ExampleExecutable.run("quant", ["covariance", "--returns", first + "/etf-returns.csv", "--method", "ledoit-wolf"])
        #expect(cov.status == 0, "stderr: \(cov.stderr)")
        #expect(try cov.json()["assets"] as? [String] == ["069500", "360750", "153130"])
    }
}

/// An installed `quant` (copied out of the build folder) finds the report template only in the
/// resource bundle installed beside it, never in the build folder.
@Suite("quant report from an installed binary")
struct InstalledBinaryTests {
    @Test func theTemplateLoadsFromTheBundleBesideTheBinary() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qk-install-\(UUID().uuidString)")
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let built = ExampleExecutable.productsFolder
        try FileManager.default.copyItem(at: built.appendingPathComponent("quant"), to: bin.appendingPathComponent("quant"))
        let returns = try ExampleExecutable.temporaryFile(named: "r.csv", contents: ReportCommandTests.panelCSV(assets: ["P"], days: 40))
        let output = root.appendingPathComponent("report.html").path

        func runInstalled() throws -> (status: Int32, stderr: String) {
            let process = Process()
            process.executableURL = bin.appendingPathComponent("quant")
            process.arguments = ["report", "--returns", returns, "--output", output]
            var environment = ProcessInfo.processInfo.environment
            environment["QUANTKIT_RESOURCES"] = nil
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = Pipe()
            try process.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        let without = try runInstalled()
        #expect(without.status != 0)
        #expect(without.stderr.contains("template 'daily' not found"), "stderr: \(without.stderr)")
        try FileManager.default.copyItem(at: built.appendingPathComponent("QuantKit_Reporting.resources"),
                                         to: bin.appendingPathComponent("QuantKit_Reporting.resources"))
        let with = try runInstalled()
        #expect(with.status == 0, "stderr: \(with.stderr)")
        #expect(FileManager.default.fileExists(atPath: output))
    }
}
