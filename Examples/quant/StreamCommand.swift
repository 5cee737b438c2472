import ArgumentParser
import Dispatch
import Foundation
import KISStream
import QuantCore

/// `quant stream`: KIS real-time events as JSON lines until interrupted or `--duration` elapses.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Stream KIS real-time trades, order books and execution notices as JSON lines.",
        discussion: """
            Credentials come from KIS_APP_KEY, KIS_APP_SECRET and (for --notices) KIS_HTS_ID; they are never printed.
            Try it without an account against `quant kis-simulator`.
            """)

    @Option(help: "Comma-separated stock codes, e.g. 005930,000660.") var symbols: String
    @Flag(help: "Also subscribe to your own execution notices (needs KIS_HTS_ID).") var notices = false
    @Flag(help: "Use the paper-trading (모의) hosts and notice TR.") var paper = false
    @Flag(name: .customLong("order-book"), help: "Also subscribe to the 10-level order books.") var orderBook = false
    @Option(name: .customLong("ws-url"), help: "WebSocket URL (default: the real or paper KIS endpoint).") var wsURL: String?
    @Option(name: .customLong("rest-url"), help: "REST base URL for the approval key.") var restURL: String?
    @Option(help: "Stop after this many seconds (default: run until SIGINT/SIGTERM).") var duration: Double?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let appKey = environment["KIS_APP_KEY"], !appKey.isEmpty,
            let appSecret = environment["KIS_APP_SECRET"], !appSecret.isEmpty
        else { throw ValidationError("set KIS_APP_KEY and KIS_APP_SECRET in the environment") }
        let htsID = environment["KIS_HTS_ID"].flatMap { $0.isEmpty ? nil : $0 }
        if notices && htsID == nil { throw ValidationError("--notices needs KIS_HTS_ID in the environment") }
        let codes = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !codes.isEmpty else { throw ValidationError("--symbols needs at least one stock code") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }

        var configuration: KISStreamConfiguration = paper ? .paper : .real
        if let wsURL { configuration.webSocketURL = wsURL }
        if let restURL { configuration.restBaseURL = restURL }
        var subscriptions = codes.map { KISSubscription.trades(Symbol($0)) }
        if orderBook { subscriptions += codes.map { KISSubscription.orderBook(Symbol($0)) } }
        if notices, let htsID { subscriptions.append(.executionNotices(htsID: htsID, paper: paper)) }

        let client = KISRealtimeClient(
            credentials: KISCredentials(appKey: appKey, appSecret: appSecret, htsID: htsID), configuration: configuration)
        do {
            try await client.subscribe(subscriptions)
        } catch let error as KISStreamError {
            FileHandle.standardError.write(Data("quant stream: \(error)\n".utf8))
            throw ExitCode.failure
        }

        let runner = Task { await client.run() }
        let stopper = StreamStopSignal { runner.cancel() }
        let timer = Task {
            guard let duration else { return }
            try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
            runner.cancel()
        }
        for await event in client.events {
            if let line = event.jsonLine(today: KSTTimeOfDay.now().date) { JSONText.emit(line) }
        }
        timer.cancel()
        _ = await runner.value
        stopper.cancel()
    }
}

/// Runs `action` once on SIGINT or SIGTERM (instead of the default immediate exit).
final class StreamStopSignal: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ action: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
