import Foundation
import KISSimulator
import KISStream
import QuantCore
import Store

/// The demo's short realtime session: a KIS simulator on loopback, and KISStream's realtime
/// manager watching the day's holdings through it (WebSocket trades, REST polls for anything
/// quiet); the ticks and the manager's one-minute bars go into the store, as the daemon records
/// them during a real session.
enum DemoRealtimeSession {
    /// What the session saw.
    struct Outcome: Sendable {
        var symbols: [Symbol]
        var seconds: Double
        var ticks = 0
        var bars = 0
        var polls = 0
        var lastPrices: [Symbol: Int] = [:]
    }

    /// Watches `symbols` through a fresh simulator for `seconds`, recording into `store`.
    static func run(symbols: [Symbol], seconds: Double, seed: UInt64, store: TradingStore) async throws -> Outcome {
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(
            webSocketPort: 0, restPort: 0, seed: seed, tickInterval: .milliseconds(20)))
        let endpoints = try await simulator.start()
        do {
            let outcome = try await watch(symbols: symbols, seconds: seconds, endpoints: endpoints, store: store)
            await simulator.stop()
            return outcome
        } catch {
            await simulator.stop()
            throw error
        }
    }

    private static func watch(symbols: [Symbol], seconds: Double, endpoints: KISSimulator.Endpoints, store: TradingStore) async throws -> Outcome {
        let kis = BotConfiguration.KISAccess(appKey: "demo-app-key", appSecret: "demo-app-secret", htsID: "demo", paper: true,
                                             webSocketURL: endpoints.webSocketURL, restURL: endpoints.restBaseURL)
        let manager = kis.realtimeManager(subscribePacing: .milliseconds(5))
        await manager.setWatchList(KISWatchList(holdings: symbols))
        let events = manager.subscribe(KISRealtimeSubscriberOptions(includesTrades: true, includesOrderBooks: false))
        let running = Task { await manager.run() }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            running.cancel()
        }
        var outcome = Outcome(symbols: symbols, seconds: seconds)
        var ticks: [(symbol: Symbol, time: Date, price: Int, volume: Int)] = []
        var bars: [KISMinuteBar] = []
        for await event in events {
            switch event {
            case .trade(let tick): ticks.append((tick.symbol, tick.timeOfDay.date(on: tick.businessDate), tick.price, tick.volume))
            case .quote(let quote): outcome.lastPrices[quote.symbol] = quote.price
            case .bar(let bar): bars.append(bar)
            default: break
            }
        }
        timer.cancel()
        _ = await running.value
        try store.recordTicks(ticks)
        try store.recordMinuteBars(bars.map { ($0.symbol, $0.start.date(on: $0.date), $0.open, $0.high, $0.low, $0.close, $0.volume) })
        outcome.ticks = ticks.count
        outcome.bars = bars.count
        outcome.polls = await manager.statistics.polls
        return outcome
    }
}
