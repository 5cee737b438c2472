import Foundation
import Testing

/// `quant-bot demo` end to end: the files and keys Docs/Bot.md promises, and a store that a
/// second run of the same day finds completed.
@Suite("quant-bot demo")
struct BotDemoTests {
    @Test func theDemoWritesEveryPromisedFile() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bot-\(UUID().uuidString)").path
        let run = try ExampleExecutable.run("quant-bot", ["demo", "--output", output])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("[6/6]"), "progress is shown")
        #expect(run.stdout.contains("wrote \(output)"), "the output folder is named at the end")
        for file in ["report.html", "orders.csv", "backtest.csv", "summary.json", "quant.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file)")
        }
        let backtest = try String(contentsOfFile: output + "/backtest.csv", encoding: .utf8).split(separator: "\n")
        #expect(backtest.first == "date,dual_momentum_equal,dual_momentum_risk_parity,benchmark,three_factor_risk_parity")
        #expect(backtest.count > 2_000 && backtest[1] == "2015-01-02,100000000.00,100000000.00,100000000.00,100000000.00")
        let orders = try String(contentsOfFile: output + "/orders.csv", encoding: .utf8).split(separator: "\n")
        #expect(orders.first == "symbol,name,side,quantity,limit_price,status,note")
        #expect(orders.count >= 2 && orders.dropFirst().allSatisfy { $0.contains(",buy,") && $0.contains(",filled,") },
                "a fresh paper account only buys, and the paper broker fills at the close")

        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))) as? [String: Any])
        #expect(summary["synthetic"] as? Bool == true)
        #expect(summary["strategy"] as? String == "dual momentum, risk parity")
        let metrics = try #require(summary["metrics"] as? [String: Any])
        for key in ["cagr", "volatility", "sharpe", "sortino", "calmar", "maxDrawdown", "varHistorical", "cvarHistorical",
                    "varGaussian", "varCornishFisher", "skewness", "kurtosis", "beta", "trackingError"] {
            #expect(metrics[key] != nil, "metrics.\(key)")
        }
        #expect((metrics["maxDrawdown"] as? Double ?? 0) < 0)
        let backtests = try #require(summary["backtests"] as? [String: [String: Any]])
        #expect(Set(backtests.keys) == ["dual momentum, equal weight", "dual momentum, risk parity", "three-factor top 20, risk parity"])
        #expect((backtests["three-factor top 20, risk parity"]?["trades"] as? Int ?? 0) > 100, "the stock selection trades monthly")
        let daily = try #require(summary["dailyRun"] as? [String: Any])
        #expect(daily["status"] as? String == "completed")
        let target = try #require(daily["target"] as? [String: Double])
        #expect(abs(target.values.reduce(0, +) - 1) < 1e-9)
        let timings = try #require(summary["stageTimings"] as? [String: Double])
        #expect(Set(timings.keys) == ["load data", "backtest, equal weight", "backtest, risk parity", "backtest, three-factor stocks", "daily pipeline",
                                      "realtime session", "report"])

        // The short realtime session: the day's holdings streamed from the KIS simulator.
        let realtime = try #require(summary["realtime"] as? [String: Any])
        #expect(Set(realtime["symbols"] as? [String] ?? []) == Set(target.keys), "the holdings are what is streamed")
        #expect((realtime["ticks"] as? Int ?? 0) > 20)
        #expect((realtime["minuteBars"] as? Int ?? 0) >= target.count, "at least one bar per holding")
        #expect(realtime["polls"] is Int, "the manager's REST fallback is counted")
        let lastPrices = try #require(realtime["lastPrices"] as? [String: Int])
        #expect(Set(lastPrices.keys) == Set(target.keys) && lastPrices.values.allSatisfy { $0 > 0 })

        let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        #expect(html.contains("KODEX 단기채권") || html.contains("TIGER 미국S&amp;P500"), "holdings carry their Korean names")
    }
}
