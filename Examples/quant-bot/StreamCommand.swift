import ArgumentParser
import Foundation
import KISSimulator
import KISStream
import QuantCore
import UnixSignals

/// `quant-bot stream`: live quotes for given symbols as JSON lines, the same lines as
/// `quant stream`, against KIS or (with `--simulator`) an in-process KIS simulator.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Stream live KIS quotes (or the built-in KIS simulator's) as JSON lines, as `quant stream` prints them.",
        discussion: """
            Credentials come from KIS_APP_KEY, KIS_APP_SECRET and (for --notices) KIS_HTS_ID; they are never printed. \
            With --simulator no account or network is needed: a KIS simulator starts on loopback and the stream \
            connects to it. Runs until SIGINT/SIGTERM or --duration. Line format: Docs/CLI.md (quant stream).
            """)

    @Option(help: "Comma-separated stock codes, e.g. 005930,000660.") var symbols: String
    @Flag(help: "Also subscribe to your own execution notices (needs KIS_HTS_ID, or --simulator).") var notices = false
    @Flag(help: "Use the paper-trading (모의) hosts and notice TR.") var paper = false
    @Flag(name: .customLong("order-book"), help: "Also subscribe to the 10-level order books.") var orderBook = false
    @Option(name: .customLong("ws-url"), help: "WebSocket URL (default: the real or paper KIS endpoint).") var wsURL: String?
    @Option(name: .customLong("rest-url"), help: "REST base URL for the approval key.") var restURL: String?
    @Option(help: "Stop after this many seconds (default: run until SIGINT/SIGTERM).") var duration: Double?
    @Flag(help: "Start a KIS simulator on loopback and stream from it (no account, no network).") var simulator = false
    @Option(name: .customLong("simulator-seed"), help: "Seed of the simulator's market.") var simulatorSeed: UInt64 = 20_261_203

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if simulator && (wsURL != nil || restURL != nil) { throw ValidationError("--simulator chooses its own URLs: drop --ws-url/--rest-url") }
        if codes.isEmpty { throw ValidationError("--symbols needs at least one stock code") }
        if let bad = codes.first(where: { $0.count != 6 || !$0.allSatisfy(\.isASCII) }) {
            throw ValidationError("--symbols: \(bad) is not a six-character KRX code")
        }
    }

    private var codes: [String] {
        symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var simulatorServer: KISSimulator?
        let credentials: KISCredentials
        var configuration: KISStreamConfiguration = paper ? .paper : .real
        if simulator {
            let server = KISSimulator(configuration: KISSimulatorConfiguration(
                webSocketPort: 0, restPort: 0, seed: simulatorSeed, automaticNoticeInterval: notices ? .seconds(1) : nil))
            let endpoints = try await server.start()
            simulatorServer = server
            configuration.webSocketURL = endpoints.webSocketURL
            configuration.restBaseURL = endpoints.restBaseURL
            credentials = KISCredentials(appKey: "simulator-app-key", appSecret: "simulator-app-secret", htsID: "simulator")
        } else {
            guard let appKey = environment["KIS_APP_KEY"], !appKey.isEmpty,
                let appSecret = environment["KIS_APP_SECRET"], !appSecret.isEmpty
            else { throw ValidationError("set KIS_APP_KEY and KIS_APP_SECRET in the environment (or use --simulator)") }
            let htsID = environment["KIS_HTS_ID"].flatMap { $0.isEmpty ? nil : $0 }
            if notices && htsID == nil { throw ValidationError("--notices needs KIS_HTS_ID in the environment") }
            credentials = KISCredentials(appKey: appKey, appSecret: appSecret, htsID: htsID)
            if let wsURL { configuration.webSocketURL = wsURL }
            if let restURL { configuration.restBaseURL = restURL }
        }

        var subscriptions = codes.map { KISSubscription.trades(Symbol($0)) }
        if orderBook { subscriptions += codes.map { KISSubscription.orderBook(Symbol($0)) } }
        if notices, let htsID = credentials.htsID { subscriptions.append(.executionNotices(htsID: htsID, paper: paper)) }

        let client = KISRealtimeClient(credentials: credentials, configuration: configuration)
        do {
            try await client.subscribe(subscriptions)
        } catch let error as KISStreamError {
            FileHandle.standardError.write(Data("quant-bot stream: \(error)\n".utf8))
            await simulatorServer?.stop()
            throw ExitCode.failure
        }
        let runner = Task { await client.run() }
        let signals = Task {
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                runner.cancel()
                return
            }
        }
        let timer = Task {
            guard let duration else { return }
            try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
            runner.cancel()
        }
        var counts: [String: Int] = [:]
        for await event in client.events {
            guard let line = event.jsonLine(today: KSTTimeOfDay.now().date) else { continue }
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            counts[Self.kind(of: event), default: 0] += 1
        }
        timer.cancel()
        signals.cancel()
        _ = await runner.value
        await simulatorServer?.stop()
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("quant-bot stream: stopped after \(summary.isEmpty ? "no events" : summary)\n".utf8))
    }

    private static func kind(of event: KISStreamEvent) -> String {
        switch event {
        case .trade: "trades"
        case .orderBook: "order books"
        case .executionNotice: "notices"
        case .marketOperation: "market-operation notices"
        case .state: "state changes"
        case .diagnostic, .error, .subscription: "diagnostics"
        }
    }
}
