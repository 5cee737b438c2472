import ArgumentParser
import Foundation
import KISSimulator

/// `quant kis-simulator`: a loopback KIS real-time server with fault injection.
struct KISSimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kis-simulator",
        abstract: "Run a loopback KIS WebSocket + REST server (seeded market, order book, faults on a schedule).",
        discussion: "Prints one JSON line with the URLs, then one line per injected fault; SIGINT/SIGTERM stop it.")

    @Option(help: "WebSocket port (0 picks a free one).") var port: Int = 21000
    @Option(name: .customLong("rest-port"), help: "REST port for the OAuth, quotation, inquiry and order endpoints (0 picks a free one).") var restPort: Int = 9443
    @Option(help: "Seed of the random-walk market.") var seed: UInt64 = 20_261_203
    @Option(name: .customLong("tick-ms"), help: "Milliseconds between ticks per subscribed stock.") var tickMilliseconds: Int = 200
    @Option(name: .customLong("pingpong-seconds"), help: "Seconds between PINGPONG frames.") var pingPongSeconds: Double = 10
    @Option(name: .customLong("notice-every"), help: "Send each notice subscriber a fill every N seconds.") var noticeEvery: Double?
    @Option(name: .customLong("extra-fields"), help: "Append N fields to every H0STCNT0 record (layout drift).") var extraFields: Int = 0
    @Option(name: .customLong("drop-every"), help: "Drop every connection every N seconds (no close frame).") var dropEvery: Double?
    @Option(name: .customLong("silence-every"), help: "Go silent every N seconds, for --silence-for seconds.") var silenceEvery: Double?
    @Option(name: .customLong("silence-for"), help: "Length of each silence, seconds.") var silenceFor: Double = 5
    @Option(name: .customLong("malformed-every"), help: "Send malformed frames every N seconds.") var malformedEvery: Double?
    @Option(name: .customLong("restart-every"), help: "Restart (drop everything, re-listen) every N seconds.") var restartEvery: Double?
    @Option(name: .customLong("rest-per-second"), help: "Answer EGW00201 beyond N REST requests per second per app key.")
    var restPerSecond: Int?
    @Option(help: "Stop after this many seconds.") var duration: Double?

    func run() async throws {
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(
            webSocketPort: port, restPort: restPort, seed: seed, tickInterval: .milliseconds(max(1, tickMilliseconds)),
            pingPongInterval: .milliseconds(Int(pingPongSeconds * 1000)), extraTradeFields: extraFields,
            automaticNoticeInterval: noticeEvery.map { .milliseconds(Int($0 * 1000)) }, restRequestsPerSecond: restPerSecond))
        let endpoints = try await simulator.start()
        JSONText.emit(JSONText.object([("type", JSONText.string("listening")), ("webSocketURL", JSONText.string(endpoints.webSocketURL)),
                                   ("restBaseURL", JSONText.string(endpoints.restBaseURL))]))

        let main = Task {
            await withTaskGroup(of: Void.self) { group in
                func every(_ seconds: Double?, _ name: String, _ fault: @escaping @Sendable () async -> Void) {
                    guard let seconds, seconds > 0 else { return }
                    group.addTask {
                        while !Task.isCancelled {
                            do { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) } catch { return }
                            JSONText.emit(JSONText.object([("type", JSONText.string("fault")), ("fault", JSONText.string(name))]))
                            await fault()
                        }
                    }
                }
                every(dropEvery, "drop") { await simulator.dropAllConnections() }
                every(malformedEvery, "malformed") { await simulator.sendMalformedFrames() }
                every(restartEvery, "restart") { try? await simulator.restart() }
                let silenceFor = self.silenceFor
                every(silenceEvery, "silence") {
                    await simulator.setSilent(true)
                    try? await Task.sleep(for: .milliseconds(Int(silenceFor * 1000)))
                    await simulator.setSilent(false)
                }
                group.addTask {
                    if let duration {
                        try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
                    } else {
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        let stopper = StreamStopSignal { main.cancel() }
        await main.value
        stopper.cancel()
        await simulator.stop()
    }
}
