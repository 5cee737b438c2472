import Foundation
import KISSimulator
import KISStream
import QuantCore
import Store

/// The demo's short realtime session: a KIS simulator on loopback streams trades for the
/// day's holdings and execution notices; ticks and one-minute bars go into the store, as the
/// daemon records them during a real session.
enum DemoRealtimeSession {
    /// What the session saw.
    struct Outcome: Sendable {
        var symbols: [Symbol]
        var seconds: Double
        var ticks = 0
        var bars = 0
        var notices = 0
        var lastPrices: [Symbol: Int] = [:]
        var states: [String] = []
    }

    /// Streams `symbols` from a fresh simulator for `seconds`, recording into `store`.
    static func run(symbols: [Symbol], seconds: Double, seed: UInt64, store: TradingStore) async throws -> Outcome {
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(
            webSocketPort: 0, restPort: 0, seed: seed, tickInterval: .milliseconds(20), automaticNoticeInterval: .milliseconds(500)))
        let endpoints = try await simulator.start()
        var configuration = KISStreamConfiguration.paper
        configuration.webSocketURL = endpoints.webSocketURL
        configuration.restBaseURL = endpoints.restBaseURL
        configuration.subscribePacing = .milliseconds(5)
        let client = KISRealtimeClient(
            credentials: KISCredentials(appKey: "demo-app-key", appSecret: "demo-app-secret", htsID: "demo"), configuration: configuration)
        var outcome = Outcome(symbols: symbols, seconds: seconds)
        do {
            try await client.subscribe(symbols.map { .trades($0) } + [.executionNotices(htsID: "demo", paper: true)])
            let runner = Task { await client.run() }
            let timer = Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                runner.cancel()
            }
            var aggregator = KISMinuteBarAggregator()
            var ticks: [(symbol: Symbol, time: Date, price: Int, volume: Int)] = []
            var bars: [KISMinuteBar] = []
            for await event in client.events {
                switch event {
                case .trade(let tick):
                    ticks.append((tick.symbol, tick.timeOfDay.date(on: tick.businessDate), tick.price, tick.volume))
                    outcome.lastPrices[tick.symbol] = tick.price
                    bars += aggregator.add(tick)
                case .executionNotice:
                    outcome.notices += 1
                case .state(let state):
                    outcome.states.append("\(state)")
                default:
                    break
                }
            }
            timer.cancel()
            _ = await runner.value
            bars += aggregator.flush()
            try store.recordTicks(ticks)
            try store.recordMinuteBars(bars.map { ($0.symbol, $0.start.date(on: $0.date), $0.open, $0.high, $0.low, $0.close, $0.volume) })
            outcome.ticks = ticks.count
            outcome.bars = bars.count
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
        return outcome
    }
}
