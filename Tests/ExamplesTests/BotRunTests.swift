import Execution
import Foundation
import QuantCore
import QuantTestSupport
import Store
import StrategyKit
import Testing

/// `quant-bot run`: configuration errors listed at once, a repeated day not traded twice, and
/// a process killed (SIGKILL) at arbitrary moments leaving a store that the next run completes
/// to exactly the state of an uninterrupted run.
@Suite("quant-bot run", .serialized)
struct BotRunTests {
    /// A sample price file and a configuration (mode 600) pointing at `store`.
    static func setUp(store: String, stocks: Int = 20) throws -> (config: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-botrun-\(UUID().uuidString)")
        let data = dir.appendingPathComponent("data").path
        let sample = try ExampleExecutable.run("quant", ["sample-data", "--output", data, "--stocks", "\(stocks)", "--years", "3"])
        guard sample.status == 0 else { throw ExampleExecutable.RunError(message: sample.stderr) }
        let config = dir.appendingPathComponent("bot.json").path
        let json = """
            {"data": {"prices": "\(data)/adjusted-prices.csv"}, "store": {"path": "\(store)"},
             "strategy": {"name": "dual-momentum-risk-parity", "risky": ["069500", "360750"], "safe": "153130", "topCount": 2},
             "execution": {"initialCash": 50000000, "etfs": ["069500", "360750", "153130"]}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        return (config, dir)
    }

    @Test func aConfigurationWithProblemsListsThemAll() throws {
        let config = try ExampleExecutable.temporaryFile(named: "bad.json", contents: """
            {"strategy": {"name": "dual-momentum-equal", "weighting": "yolo", "lookback": 0}, "execution": {"cashBuffer": 2}, "broker": {"mode": "margin"}}
            """)
        let run = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(run.status != 0)
        for problem in ["data.prices is required", "store.path is required", "strategy.weighting = yolo", "strategy.risky is required",
                        "strategy.safe is required", "broker.mode = margin", "strategy.lookback = 0", "execution.cashBuffer = 2.0"] {
            #expect(run.stderr.contains(problem), "\(problem) in: \(run.stderr)")
        }
        #expect(run.stderr.contains("has 8 problems"))
    }

    @Test func aFileWithSecretsReadableByOthersIsRefused() throws {
        let config = try ExampleExecutable.temporaryFile(named: "secret.json", contents: #"{"kis": {"appSecret": "do-not-print"}}"#)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config)
        let run = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(run.status != 0)
        #expect(run.stderr.contains("chmod 600"))
        #expect(!run.stderr.contains("do-not-print"), "the secret is never printed")
    }

    @Test func killedAtAnyMomentTheNextRunCompletesTheDayExactlyOnce() throws {
        // The uninterrupted reference.
        let referenceStore = FileManager.default.temporaryDirectory.appendingPathComponent("qk-ref-\(UUID().uuidString).sqlite").path
        let reference = try Self.setUp(store: referenceStore)
        let clean = try ExampleExecutable.run("quant-bot", ["run", "--config", reference.config])
        #expect(clean.status == 0, "stderr: \(clean.stderr)")
        let refStore = try TradingStore(path: referenceStore)
        let day = try #require(try refStore.runs().last?.date)
        let refOrders = try refStore.orders(on: day)
        let refAccount = try #require(try refStore.account()?.account)
        #expect(!refOrders.isEmpty)

        // The same day, killed with SIGKILL after 0, 15, 30, ... ms until a run finishes by itself.
        let storePath = reference.dir.appendingPathComponent("killed.sqlite").path
        let killed = try Self.setUp(store: storePath)
        let binary = ExampleExecutable.productsFolder.appendingPathComponent("quant-bot")
        var kills = 0, finished = false, delay = 0.0
        var statusesSeen = Set<String>()
        while !finished && delay < 5 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["run", "--config", killed.config]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            finished = process.terminationReason == .exit && process.terminationStatus == 0
            // After every attempt the store is consistent: never more orders than the reference,
            // and once executed, exactly the reference's account.
            if FileManager.default.fileExists(atPath: storePath) {
                let store = try TradingStore(path: storePath)
                let status = try store.run(on: day)?.status
                statusesSeen.insert(status?.rawValue ?? "none")
                let orders = try store.orders(on: day)
                #expect(orders.count == 0 || orders.map(\.order) == refOrders.map(\.order), "orders are all or nothing, never duplicated")
                if status == .executed || status == .completed {
                    #expect(try store.account()?.account == refAccount)
                }
            }
            delay += 0.015
        }
        #expect(finished, "a run completed after \(kills) kills")
        let store = try TradingStore(path: storePath)
        #expect(try store.run(on: day)?.status == .completed)
        #expect(try store.orders(on: day).map(\.order) == refOrders.map(\.order))
        #expect(try store.orders(on: day).map(\.status) == refOrders.map(\.status))
        #expect(try store.account()?.account == refAccount)
        #expect(kills > 0, "at least one run was killed (statuses seen after kills: \(statusesSeen.sorted()))")

        // A completed day run again trades nothing.
        let again = try ExampleExecutable.run("quant-bot", ["run", "--config", killed.config])
        #expect(again.status == 0 && again.stdout.contains(#""resumedFrom":"completed""#))
        #expect(try store.orders(on: day).count == refOrders.count)
    }

    @Test func theDaemonStartsLogsAndStopsOnSIGTERM() throws {
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("qk-daemon-\(UUID().uuidString).sqlite").path
        let setup = try Self.setUp(store: storePath)
        // A calendar around today (the bundled KRX file ends with 2026; the daemon needs the present).
        let calendar = try Self.calendarWithSessionToday(in: setup.dir)
        let process = Process()
        process.executableURL = ExampleExecutable.productsFolder.appendingPathComponent("quant-bot")
        process.arguments = ["daemon", "--config", setup.config, "--calendar", calendar]
        let logFile = setup.dir.appendingPathComponent("daemon.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
        let deadline = Date().addingTimeInterval(30)
        while !log().contains("daemon started") && process.isRunning && Date() < deadline { usleep(50_000) }
        #expect(log().contains("daemon started") && log().contains("nextRun="), "log: \(log())")
        let stopAsked = Date()
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning && Date().timeIntervalSince(stopAsked) < 10 { usleep(50_000) }
        #expect(!process.isRunning, "SIGTERM stops the daemon within 10 s")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(log().contains("daemon stopped"), "log: \(log())")
        #expect(!log().contains("do-not-print"))
    }

    @Test func theConfiguredStrategyBacktests() throws {
        let setup = try Self.setUp(store: FileManager.default.temporaryDirectory.appendingPathComponent("qk-bt-\(UUID().uuidString).sqlite").path)
        let curve = setup.dir.appendingPathComponent("equity.csv").path
        let run = try ExampleExecutable.run("quant-bot", ["backtest", "--config", setup.config, "--benchmark", "069500", "--output", curve])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try run.json()
        for key in ["cagr", "volatility", "sharpe", "maxDrawdown", "finalEquity", "trades", "totalCosts", "beta", "trackingError"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect((json["trades"] as? Int ?? 0) > 0)
        let lines = try String(contentsOfFile: curve, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "date,equity,benchmark" && lines.count > 500)
        #expect(lines.dropFirst().first?.hasSuffix(",50000000.00,50000000.00") == true, "both start at the initial cash")
        let bad = try ExampleExecutable.run("quant-bot", ["backtest", "--config", setup.config, "--from", "2030-01-01"])
        #expect(bad.status != 0 && bad.stderr.contains("emptyPeriod"))
    }

    /// A configuration for a stock strategy over the user's own CSV files (here: `quant sample-data`'s).
    static func stockConfiguration(_ dir: URL, strategy: String, extra: String = "") throws -> String {
        let data = dir.appendingPathComponent("data").path
        // A benchmark file of prices (not returns): the KOSPI 200 ETF's adjusted closes as an index.
        let prices = try String(contentsOfFile: data + "/adjusted-prices.csv", encoding: .utf8).split(separator: "\n")
        let header = prices[0].split(separator: ",", omittingEmptySubsequences: false)
        let k = try #require(header.firstIndex(of: "069500"))
        let benchmark = ["date,KOSPI200"] + prices.dropFirst().map { row in
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            return "\(cells[0]),\(cells[k])"
        }
        try Data((benchmark.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("kospi200.csv"))
        let config = dir.appendingPathComponent("\(strategy).json").path
        let json = """
            {"data": {"prices": "\(data)/adjusted-prices.csv", "volumes": "\(data)/volumes.csv", "fundamentals": "\(data)/fundamentals.csv",
                      "securities": "\(data)/securities.csv", "benchmark": "\(dir.path)/kospi200.csv"},
             "store": {"path": "\(dir.path)/\(strategy).sqlite"},
             "strategy": {"name": "\(strategy)", "topN": 5, "weighting": "equal", "model": "ridge", "trainingMonths": 12, "minimumPrice": 0\(extra)},
             "execution": {"initialCash": 50000000}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        return config
    }

    @Test(arguments: ["three-factor", "momentum", "ml-factor"])
    func aStockStrategyIsChosenByConfigurationAndReadsTheUsersFiles(_ strategy: String) throws {
        let setup = try Self.setUp(store: "/dev/null", stocks: 60)   // enough stocks per month for the model to train
        let config = try Self.stockConfiguration(setup.dir, strategy: strategy)
        let run = try ExampleExecutable.run("quant-bot", ["backtest", "--config", config])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try run.json()
        #expect(json["strategy"] as? String == strategy)
        #expect((json["trades"] as? Int ?? 0) > 20, "a monthly stock selection trades")
        #expect(json["beta"] != nil && json["trackingError"] != nil, "compared with the benchmark file's series")
        #expect(run.stderr.contains("100% of the period"), "progress is shown: \(run.stderr)")
        #expect(run.stderr.contains("CAGR") && run.stderr.contains("trades, final equity"), "a human summary ends the run")
        if strategy == "ml-factor" { #expect(run.stderr.contains("model trained on"), "each training is reported") }

        // One daily run: orders only for stocks (the security master marks the ETFs), at most topN buys.
        let day = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(day.status == 0, "stderr: \(day.stderr)")
        let orders = try #require(try day.json()["orders"] as? [[String: Any]])
        let etfs: Set<String> = ["069500", "360750", "153130"]
        #expect(!orders.isEmpty && orders.count <= 5)
        #expect(orders.allSatisfy { !etfs.contains($0["symbol"] as? String ?? "") })
    }

    @Test func aFixedListIsWeightedByRiskParity() throws {
        let setup = try Self.setUp(store: "/dev/null")
        let config = setup.dir.appendingPathComponent("rp.json").path
        let data = setup.dir.appendingPathComponent("data").path
        try Data("""
            {"data": {"prices": "\(data)/adjusted-prices.csv"}, "store": {"path": "\(setup.dir.path)/rp.sqlite"},
             "strategy": {"name": "risk-parity", "assets": ["069500", "360750", "153130"]},
             "execution": {"etfs": ["069500", "360750", "153130"]}}
            """.utf8).write(to: URL(fileURLWithPath: config))
        let run = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json["strategy"] as? String == "069500, 360750, 153130, risk parity")
        let orders = try #require(json["orders"] as? [[String: Any]])
        #expect(Set(orders.compactMap { $0["symbol"] as? String }) == ["069500", "360750", "153130"])
        let store = try TradingStore(path: setup.dir.appendingPathComponent("rp.sqlite").path)
        let target = try store.targets(on: try TradingDate(parsing: try #require(json["date"] as? String)))
        #expect(target.symbols.count == 3)
        // The bond ETF is the least volatile: risk parity gives it the largest weight.
        let bond = target.weight(of: "153130")
        #expect(bond > target.weight(of: "069500") && bond > target.weight(of: "360750"), "\(target)")
        let missing = try ExampleExecutable.temporaryFile(named: "rp-bad.json", contents: """
            {"data": {"prices": "\(data)/adjusted-prices.csv"}, "store": {"path": "/tmp/x.sqlite"}, "strategy": {"name": "risk-parity"}}
            """)
        let bad = try ExampleExecutable.run("quant-bot", ["run", "--config", missing])
        #expect(bad.status != 0 && bad.stderr.contains("strategy.assets needs at least two symbols"))
    }

    @Test func badDataFilesAreNamedByFileLineAndColumn() throws {
        let setup = try Self.setUp(store: "/dev/null")
        let config = try Self.stockConfiguration(setup.dir, strategy: "three-factor")
        let fundamentals = setup.dir.appendingPathComponent("data/fundamentals.csv").path
        var lines = try String(contentsOfFile: fundamentals, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].split(separator: ",").dropLast().joined(separator: ",") + ",12x"
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: fundamentals))
        let run = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(run.status != 0)
        #expect(run.stderr.contains("fundamentals.csv:3:5 (value): '12x' is not a finite number"), "\(run.stderr)")

        let volumes = setup.dir.appendingPathComponent("data/volumes.csv").path
        let rows = try String(contentsOfFile: volumes, encoding: .utf8).split(separator: "\n")
        try Data((rows.dropLast(3).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: volumes))
        let fixed = try Self.stockConfiguration(setup.dir, strategy: "momentum")
        let short = try ExampleExecutable.run("quant-bot", ["run", "--config", fixed])
        #expect(short.status != 0 && short.stderr.contains("volumes.csv: its dates"), "\(short.stderr)")
    }

    @Test func aStockStrategyWithoutFundamentalsIsAConfigurationProblem() throws {
        let config = try ExampleExecutable.temporaryFile(named: "nofund.json", contents: """
            {"data": {"prices": "/nonexistent/prices.csv", "volumes": "/nonexistent/volumes.csv"}, "store": {"path": "/tmp/x.sqlite"},
             "strategy": {"name": "ml-factor", "model": "xgboost", "weighting": "inverse"}}
            """)
        let run = try ExampleExecutable.run("quant-bot", ["run", "--config", config])
        #expect(run.status != 0)
        for problem in ["data.prices: cannot read", "data.volumes: cannot read", "data.fundamentals is required by strategy.name = ml-factor",
                        "strategy.model = xgboost", "strategy.weighting = inverse"] {
            #expect(run.stderr.contains(problem), "\(problem) in: \(run.stderr)")
        }
        #expect(!run.stderr.contains("strategy.risky"), "dual momentum's keys are not asked of a stock strategy")
    }

    /// The daily pipeline's tail: the report is written and mailed through the store's outbox to a
    /// Telegram stand-in on loopback; a refused delivery stays queued and the next run sends it
    /// exactly once; repeating the day sends nothing new.
    @Test(.enabled(if: TestServer.pythonHas("json") || TestServer.isCI, "needs python3 (scripts/test.sh installs it)"))
    func theRunWritesTheReportAndDeliversItThroughTheOutbox() throws {
        let dir = try TestServer.temporaryDirectory("botalerts")
        let log = dir.appendingPathComponent("telegram.jsonl").path
        let telegram = try TestServer(script: "telegram_server.py", arguments: ["--log", log, "--plan", "500,500,500,500"])
        defer { telegram.stop() }
        let setup = try Self.setUp(store: dir.appendingPathComponent("quant.sqlite").path)
        var json = try String(contentsOfFile: setup.config, encoding: .utf8)
        json = String(json.dropLast(json.hasSuffix("\n") ? 2 : 1)) + """
            , "alerts": {"telegram": {"chatID": "42", "apiBase": "http://127.0.0.1:\(telegram.port)"}, "retryDelaySeconds": 0},
              "report": {"directory": "\(dir.path)/reports"}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: setup.config))
        let environment = ["TELEGRAM_BOT_TOKEN": "123456:SECRET-TOKEN"]
        func requests() -> [[String: Any]] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        // The stand-in answers HTTP 500 to the first request and to the notifier's three retries: the alert stays queued.
        let first = try ExampleExecutable.run("quant-bot", ["run", "--config", setup.config, "--date", "2017-12-28"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let firstJSON = try first.json()
        let report = try #require(firstJSON["report"] as? String)
        #expect(report == dir.path + "/reports/report-2017-12-28.html")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("2017-12-28") && html.contains("Plotly.newPlot"))
        #expect((firstJSON["alerts"] as? String)?.contains("pending 1") == true, "\(firstJSON["alerts"] ?? "")")
        #expect(requests().count == 4 && requests().allSatisfy { $0["status"] as? Int == 500 })

        // The next day's run flushes the outbox: yesterday's report, then today's, each once.
        let second = try ExampleExecutable.run("quant-bot", ["run", "--config", setup.config, "--date", "2017-12-29"], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let secondAlerts = try second.json()["alerts"] as? String
        #expect(secondAlerts?.contains("delivered 2") == true, "\(second.stdout)")
        let delivered = requests().filter { $0["status"] as? Int == 200 }
        let messages = delivered.filter { $0["method"] as? String == "sendMessage" }
        let documents = delivered.filter { $0["method"] as? String == "sendDocument" }
        #expect(messages.count == 2 && documents.count == 2, "a summary message and the report file per day")
        let texts = messages.compactMap { ($0["body"] as? [String: Any])?["text"] as? String }
        #expect(texts.contains { $0.contains("2017-12-28") } && texts.contains { $0.contains("2017-12-29") })

        // Repeating a day sends nothing again.
        let again = try ExampleExecutable.run("quant-bot", ["run", "--config", setup.config, "--date", "2017-12-29"], environment: environment)
        let againAlerts = try again.json()["alerts"] as? String
        #expect(again.status == 0 && againAlerts?.contains("already queued") == true, "\(againAlerts ?? again.stderr)")
        #expect(requests().count == delivered.count + 4, "only the refused requests besides the deliveries")
        for output in [first, second, again] { #expect(!output.stdout.contains("SECRET-TOKEN") && !output.stderr.contains("SECRET-TOKEN")) }
    }

    /// A calendar whose only session is today (KST), all day, with closed weekdays around it.
    static func calendarWithSessionToday(in dir: URL) throws -> String {
        let today = KST.tradingDate(of: Date())
        var rows = ["date,open,close,note"]
        var day = today.adding(days: -10)
        while day <= today.adding(days: 1) {
            if day == today { rows.append("\(day),00:00,23:59,test session") } else if !day.isWeekend { rows.append("\(day),,,closed for the test") }
            day = day.adding(days: 1)
        }
        let path = dir.appendingPathComponent("calendar.csv").path
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The daemon during a session, against the KIS simulator (which goes silent every few
    /// seconds) and the Telegram stand-in: the holdings are streamed, ticks and bars recorded,
    /// and stop-loss and stream-down alerts delivered.
    @Test(.enabled(if: TestServer.pythonHas("json") || TestServer.isCI, "needs python3 (scripts/test.sh installs it)"))
    func theDaemonWatchesTheHoldingsDuringTheSession() throws {
        let setup = try Self.setUp(store: "/dev/null")
        let dir = setup.dir
        let log = dir.appendingPathComponent("telegram.jsonl").path
        let telegram = try TestServer(script: "telegram_server.py", arguments: ["--log", log])
        defer { telegram.stop() }
        let (simulator, ws, rest) = try StreamCommandTests.startSimulator(["--silence-every", "5", "--silence-for", "4"])
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let config = try Self.stockConfiguration(dir, strategy: "three-factor", extra: "")
        var json = try String(contentsOfFile: config, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        json = String(json.dropLast()) + """
            , "kis": {"environment": "paper", "webSocketURL": "\(ws)", "restURL": "\(rest)"},
              "alerts": {"stopLoss": 0.05, "streamDownSeconds": 2.5, "retryDelaySeconds": 0,
                         "telegram": {"chatID": "42", "apiBase": "http://127.0.0.1:\(telegram.port)"}}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: config))
        let environment = ["TELEGRAM_BOT_TOKEN": "123456:SECRET-TOKEN", "KIS_APP_KEY": "DAEMON-APPKEY", "KIS_APP_SECRET": "DAEMON-SECRET"]
        let day = try ExampleExecutable.run("quant-bot", ["run", "--config", config], environment: environment)
        #expect(day.status == 0, "\(day.stderr)")
        let storePath = dir.appendingPathComponent("three-factor.sqlite").path
        let costs = try TradingStore(path: storePath).averageBuyPrices()
        #expect(!costs.isEmpty)
        let before = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count

        let process = Process()
        process.executableURL = ExampleExecutable.productsFolder.appendingPathComponent("quant-bot")
        process.arguments = ["daemon", "--config", config, "--calendar", try Self.calendarWithSessionToday(in: dir)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let logFile = dir.appendingPathComponent("daemon.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        func daemonLog() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
        func texts() -> [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst(before).compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["body"] as? [String: Any])?["text"] as? String
            }
        }
        // Stream for 12 s: the simulator is silent in seconds 5-9.
        let deadline = Date().addingTimeInterval(12)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        kill(process.processIdentifier, SIGTERM)
        let stopAsked = Date()
        while process.isRunning && Date().timeIntervalSince(stopAsked) < 10 { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(daemonLog())")
        #expect(daemonLog().contains("realtime: streaming") && daemonLog().contains("realtime: session ended"), "\(daemonLog())")

        // Every holding was streamed and recorded.
        let store = try TradingStore(path: storePath)
        for symbol in costs.keys { #expect(try store.tickCount(of: symbol) > 5, "\(symbol)") }
        #expect(try costs.keys.allSatisfy { try !store.minuteBars(of: $0).isEmpty })

        // The simulator streams every stock from 50,000 won: holdings bought far above that are at a
        // 5% stop-loss, holdings bought far below are not.
        let alerts = texts()
        let stopLoss = alerts.filter { $0.contains("손절 경보") }
        #expect(costs.values.contains { $0 > 60_000 } && costs.values.contains { $0 < 40_000 }, "the seeded holdings exercise both sides: \(costs)")
        for (symbol, cost) in costs where cost > 60_000 {
            #expect(stopLoss.contains { $0.contains(symbol.code) }, "\(symbol) bought at \(cost): \(alerts)")
        }
        for (symbol, cost) in costs where cost < 40_000 {
            #expect(!stopLoss.contains { $0.contains(symbol.code) }, "\(symbol) bought at \(cost)")
        }
        #expect(alerts.contains { $0.contains("KIS 실시간 시세 중단") }, "the silence is reported: \(alerts)")
        #expect(alerts.contains { $0.contains("KIS 실시간 시세 복구") }, "and the recovery")
        for secret in ["SECRET-TOKEN", "DAEMON-APPKEY", "DAEMON-SECRET"] { #expect(!daemonLog().contains(secret)) }
    }

    /// `quant-bot run --live` against the KIS simulator's REST side: the day's orders go to the
    /// broker (marketable ones fill, the rest are cancelled after the fill timeout), the kill switch
    /// stops a day before anything is sent, and live mode needs both the flag and the configuration.
    @Test func aLiveRunSendsTheOrdersToKISBehindTheFlagAndTheKillSwitch() throws {
        let setup = try Self.setUp(store: "/dev/null")
        let (simulator, ws, rest) = try StreamCommandTests.startSimulator()
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let config = try Self.stockConfiguration(setup.dir, strategy: "three-factor")
        var json = try String(contentsOfFile: config, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        json = String(json.dropLast()) + """
            , "kis": {"environment": "paper", "webSocketURL": "\(ws)", "restURL": "\(rest)", "account": "50123456-01"},
              "broker": {"mode": "live", "fillTimeoutSeconds": 2}}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: config))
        let environment = ["KIS_APP_KEY": "LIVE-APPKEY", "KIS_APP_SECRET": "LIVE-SECRET"]

        let paper = try ExampleExecutable.run("quant-bot", ["run", "--config", config], environment: environment)
        #expect(paper.status != 0 && paper.stderr.contains("pass --live"), "\(paper.stderr)")

        let kill = setup.dir.appendingPathComponent("KILL").path
        try Data("operator stop\n".utf8).write(to: URL(fileURLWithPath: kill))
        let stopped = try ExampleExecutable.run("quant-bot", ["run", "--config", config, "--live"], environment: environment)
        #expect(stopped.status != 0 && stopped.stderr.contains("killSwitchEngaged") && stopped.stderr.contains("operator stop"), "\(stopped.stderr)")
        try FileManager.default.removeItem(atPath: kill)

        let live = try ExampleExecutable.run("quant-bot", ["run", "--config", config, "--live"], environment: environment)
        #expect(live.status == 0, "\(live.stderr)")
        let out = try live.json()
        #expect(out["status"] as? String == "completed")
        let orders = try #require(out["orders"] as? [[String: Any]])
        #expect(!orders.isEmpty)
        // The simulator prices every stock at 50,000 won: a buy limited above fills, one below does not.
        let limits = orders.compactMap { $0["limitPrice"] as? Int }
        #expect(limits.contains { $0 >= 50_500 } && limits.contains { $0 <= 49_500 }, "the seeded plan has both kinds: \(limits)")
        for order in orders {
            let limit = order["limitPrice"] as? Int ?? 0, status = order["status"] as? String
            if limit >= 50_500 { #expect(status == "filled", "\(order)") }
            if limit <= 49_500 { #expect(status == "unfilled", "\(order)") }
        }
        let store = try TradingStore(path: setup.dir.appendingPathComponent("three-factor.sqlite").path)
        let day = try TradingDate(parsing: try #require(out["date"] as? String))
        let brokerOrders = try store.brokerOrders(on: day)
        #expect(brokerOrders.count == orders.count && brokerOrders.values.allSatisfy { $0.state == .accepted })
        let held = try #require(try store.account()?.account.positions)
        #expect(Set(held.keys) == Set(orders.filter { $0["status"] as? String == "filled" }.compactMap { ($0["symbol"] as? String).map { Symbol($0) } }),
                "the store holds what the broker holds")
        // Repeating the day sends nothing new.
        let again = try ExampleExecutable.run("quant-bot", ["run", "--config", config, "--live"], environment: environment)
        let resumed = try again.json()["resumedFrom"] as? String
        #expect(again.status == 0 && resumed == "completed")
        #expect(try store.brokerOrders(on: day).count == orders.count)
        for output in [paper, stopped, live, again] {
            #expect(!output.stderr.contains("LIVE-SECRET") && !output.stdout.contains("50123456"))
        }
    }
}

