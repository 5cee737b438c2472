import Foundation
import Testing

/// `quant stream` against `quant kis-simulator`, both as built binaries, over loopback.
@Suite("quant stream", .timeLimit(.minutes(2)))
struct StreamCommandTests {
    /// Starts `quant kis-simulator` on free ports and returns it with its URLs.
    static func startSimulator(_ extra: [String] = []) throws -> (Process, ws: String, rest: String) {
        let process = Process()
        process.executableURL = ExampleExecutable.productsFolder.appendingPathComponent("quant")
        process.arguments = ["kis-simulator", "--port", "0", "--rest-port", "0", "--tick-ms", "50", "--duration", "60"] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        while !buffer.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let first = buffer.split(separator: UInt8(ascii: "\n")).first ?? Data()
        guard let json = try JSONSerialization.jsonObject(with: first) as? [String: Any],
            let ws = json["webSocketURL"] as? String, let rest = json["restBaseURL"] as? String
        else {
            process.terminate()
            throw ExampleExecutable.RunError(message: "kis-simulator did not print its URLs: \(String(decoding: buffer, as: UTF8.self))")
        }
        return (process, ws, rest)
    }

    static let environment = ["KIS_APP_KEY": "CLI-TEST-APPKEY", "KIS_APP_SECRET": "CLI-TEST-SECRET", "KIS_HTS_ID": "clitester"]

    @Test func streamsTradesAsJSONLines() throws {
        let (simulator, ws, rest) = try Self.startSimulator(["--notice-every", "0.5"])
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let run = try ExampleExecutable.run(
            "quant", ["stream", "--symbols", "005930,000660", "--order-book", "--notices", "--ws-url", ws, "--rest-url", rest, "--duration", "3"],
            environment: Self.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == run.stdout.split(separator: "\n").count, "every line is one JSON object")
        let trades = lines.filter { $0["type"] as? String == "trade" }
        #expect(Set(trades.compactMap { $0["symbol"] as? String }) == ["005930", "000660"])
        for trade in trades.prefix(20) {
            #expect(trade["price"] is Int && trade["volume"] is Int && trade["accumulatedVolume"] is Int)
            #expect((trade["time"] as? String)?.hasSuffix("+09:00") == true)
        }
        #expect(lines.contains { $0["type"] as? String == "orderBook" })
        #expect(lines.contains { $0["type"] as? String == "notice" && ($0["orderNumber"] as? String)?.isEmpty == false })
        let states = lines.filter { $0["type"] as? String == "state" }.compactMap { $0["state"] as? String }
        #expect(states.contains("connected") && states.contains("subscribed"))
        #expect(lines.contains { $0["state"] as? String == "subscribed" && $0["active"] as? Int == 5 })
        for secret in ["CLI-TEST-APPKEY", "CLI-TEST-SECRET", "clitester"] {
            #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret))
        }
    }

    /// `quant-bot stream` prints the same lines as `quant stream`: same keys, in the same order.
    @Test func theBotStreamsTheSameLinesWithItsOwnSimulator() throws {
        let bot = try ExampleExecutable.run(
            "quant-bot", ["stream", "--simulator", "--symbols", "005930,000660", "--order-book", "--notices", "--duration", "2.5"],
            environment: [:])
        #expect(bot.status == 0, "\(bot.stderr)")
        #expect(bot.stderr.contains("stopped after"), "a short human summary at the end")
        let (simulator, ws, rest) = try Self.startSimulator(["--notice-every", "0.5"])
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let quant = try ExampleExecutable.run(
            "quant", ["stream", "--symbols", "005930,000660", "--order-book", "--notices", "--ws-url", ws, "--rest-url", rest, "--duration", "2.5"],
            environment: Self.environment)
        #expect(quant.status == 0, "\(quant.stderr)")

        /// The key sequence of the first line of each type, read from the raw text (order matters).
        func keyOrder(_ output: String) -> [String: [String]] {
            var first: [String: [String]] = [:]
            for line in output.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let type = object["type"] as? String, type != "state", first[type] == nil else { continue }
                let keys = object.keys.sorted { line.range(of: "\"\($0)\":")!.lowerBound < line.range(of: "\"\($1)\":")!.lowerBound }
                first[type] = keys
            }
            return first
        }
        let botKeys = keyOrder(bot.stdout), quantKeys = keyOrder(quant.stdout)
        for type in ["trade", "orderBook", "notice"] {
            #expect(botKeys[type] != nil, "quant-bot stream printed a \(type) line")
            #expect(botKeys[type] == quantKeys[type], "\(type): \(botKeys[type] ?? []) vs \(quantKeys[type] ?? [])")
        }
        #expect(botKeys["trade"]?.prefix(6) == ["type", "symbol", "price", "volume", "accumulatedVolume", "time"])
    }

    @Test func theBotStreamRefusesBadSymbolsAndMissingCredentials() throws {
        let bad = try ExampleExecutable.run("quant-bot", ["stream", "--simulator", "--symbols", "5930"], environment: [:])
        #expect(bad.status == 64 && bad.stderr.contains("5930 is not a six-character KRX code"))
        let noKey = try ExampleExecutable.run("quant-bot", ["stream", "--symbols", "005930", "--duration", "1"], environment: [:])
        #expect(noKey.status != 0 && noKey.stderr.contains("KIS_APP_KEY"))
    }

    @Test func reconnectsAfterInjectedDrops() throws {
        let (simulator, ws, rest) = try Self.startSimulator(["--drop-every", "1.5"])
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let run = try ExampleExecutable.run(
            "quant", ["stream", "--symbols", "005930", "--ws-url", ws, "--rest-url", rest, "--duration", "4"], environment: Self.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let states = run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["state"] as? String
        }
        #expect(states.filter { $0 == "disconnected" }.count >= 1)
        #expect(states.filter { $0 == "subscribed" }.count >= 2)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalEndsTheStreamCleanly(_ signalNumber: Int32) throws {
        let (simulator, ws, rest) = try Self.startSimulator()
        defer { simulator.terminate(); simulator.waitUntilExit() }
        let process = Process()
        process.executableURL = ExampleExecutable.productsFolder.appendingPathComponent("quant")
        process.arguments = ["stream", "--symbols", "005930", "--ws-url", ws, "--rest-url", rest]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while !seen.contains("\"type\":\"trade\"") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("\"type\":\"trade\""))
        kill(process.processIdentifier, signalNumber)
        let remainder = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(String(decoding: remainder, as: UTF8.self).contains("\"state\":\"stopped\""))
    }

    @Test func missingCredentialsFailWithoutConnecting() throws {
        let run = try ExampleExecutable.run("quant", ["stream", "--symbols", "005930", "--duration", "1"], environment: ["KIS_APP_KEY": "", "KIS_APP_SECRET": ""])
        #expect(run.status != 0)
        #expect(run.stderr.contains("KIS_APP_KEY"))
    }
}
