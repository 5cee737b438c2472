import Foundation
import KISSimulator
@testable import KISStream
import QuantCore
import Testing

/// A simulator, a quote stand-in, a client and a manager on a manual clock, over real loopback sockets.
struct RealtimeRig {
    let simulator: KISSimulator
    let standIn: QuoteStandIn
    let client: KISRealtimeClient
    let manager: KISRealtimeManager
    let clock: ManualClock
    let runner: Task<Void, Never>

    static func with(
        simulator simulatorConfiguration: KISSimulatorConfiguration = KISSimulatorConfiguration(),
        manager configuration: KISRealtimeManagerConfiguration,
        start: Date = ManualClock.kst(10, 0),
        watch: KISWatchList,
        subscribers: Int = 1,
        options: KISRealtimeSubscriberOptions = KISRealtimeSubscriberOptions(),
        _ body: (RealtimeRig, [RealtimeEventLog]) async throws -> Void
    ) async throws {
        let simulator = KISSimulator(configuration: simulatorConfiguration)
        let endpoints = try await simulator.start()
        let standIn = QuoteStandIn()
        try await standIn.start()
        let client = KISRealtimeClient(credentials: Harness.credentials, configuration: Harness.clientConfiguration(endpoints))
        let clock = ManualClock(start)
        let manager = KISRealtimeManager(
            source: client, poller: RESTQuotePoller(baseURL: standIn.baseURL), configuration: configuration, clock: clock)
        var logs: [RealtimeEventLog] = []
        var consumers: [Task<Void, Never>] = []
        for _ in 0..<subscribers {
            let (log, task) = RealtimeEventLog.consuming(manager.subscribe(options))
            logs.append(log)
            consumers.append(task)
        }
        await manager.setWatchList(watch)
        let runner = Task { await manager.run() }
        let rig = RealtimeRig(simulator: simulator, standIn: standIn, client: client, manager: manager, clock: clock, runner: runner)
        var failure: (any Error)?
        do { try await body(rig, logs) } catch { failure = error }
        runner.cancel()
        await runner.value
        for task in consumers { task.cancel() }
        await simulator.stop()
        await standIn.stop()
        if let failure { throw failure }
    }

    /// The simulator's only session's registrations once it holds `count` of them.
    func serverRegistrations(count: Int) async -> Set<KISSubscription>? {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let all = await simulator.registrations
            if all.count == 1, let only = all.values.first, only.count == count { return Set(only) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

func codes(_ prefix: String, _ range: Range<Int>) -> [Symbol] {
    range.map { i in
        let n = String(i)
        return Symbol(prefix + String(repeating: "0", count: 6 - prefix.count - n.count) + n)
    }
}

@Suite("Realtime manager against the simulator", .serialized)
struct RealtimeManagerTests {
    @Test func overflowBeyondTheCapIsPolledAndHoldingsAreStreamedFirst() async throws {
        let holdings = codes("1", 0..<5)
        let candidates = codes("2", 0..<45)
        let list = KISWatchList(holdings: holdings, candidates: candidates)
        let configuration = KISRealtimeManagerConfiguration(stalenessThreshold: .seconds(10), pollInterval: .seconds(3), pollPacing: .zero)
        try await RealtimeRig.with(manager: configuration, watch: list) { rig, logs in
            let log = logs[0]
            let expectedStreamed = holdings + candidates.prefix(36)
            let overflow = Array(candidates.suffix(9))
            let plan = await rig.manager.allocation
            #expect(plan.streamed == expectedStreamed)
            #expect(plan.polled == overflow)
            let registered = try #require(await rig.serverRegistrations(count: 41))
            #expect(registered == Set(expectedStreamed.map { KISSubscription.trades($0) }))

            // Every streamed symbol gets stream quotes; every overflow symbol gets a polled one.
            let first = rig.clock.now()
            let fresh = await log.until { events in
                let latest = events.latestQuotes
                return overflow.allSatisfy { latest[$0]?.source == .poll }
                    && expectedStreamed.allSatisfy { latest[$0]?.source == .stream }
            }
            #expect(fresh)
            for symbol in overflow {
                let quote = try #require(await rig.manager.quote(of: symbol))
                #expect(quote.source == .poll && quote.receivedAt == first)
                #expect(quote.price == rig.standIn.lastPrice(symbol.code))
            }

            // On schedule: one poll interval later each overflow symbol is polled again with a new
            // price; the fresh streamed symbols are not.
            let streamedPollsBefore = expectedStreamed.map { rig.standIn.requests($0.code) }
            let overflowPollsBefore = overflow.map { rig.standIn.requests($0.code) }
            rig.clock.advance(by: 3)
            let second = rig.clock.now()
            let repolled = await log.until { events in
                let latest = events.latestQuotes
                return overflow.allSatisfy { latest[$0]?.source == .poll && latest[$0]?.receivedAt == second }
            }
            #expect(repolled)
            for (symbol, before) in zip(overflow, overflowPollsBefore) {
                #expect(rig.standIn.requests(symbol.code) == before + 1)
                #expect(await rig.manager.quote(of: symbol)?.price == rig.standIn.lastPrice(symbol.code))
            }
            #expect(expectedStreamed.map { rig.standIn.requests($0.code) } == streamedPollsBefore)
            // Not yet due again: half an interval later nothing more is polled.
            rig.clock.advance(by: 1.5)
            try await Task.sleep(for: .milliseconds(300))
            #expect(overflow.map { rig.standIn.requests($0.code) } == overflowPollsBefore.map { $0 + 1 })
        }
    }

    @Test func aSilentStreamIsPolledUntilTicksResume() async throws {
        let symbols = codes("3", 0..<3)
        let configuration = KISRealtimeManagerConfiguration(stalenessThreshold: .seconds(5), pollInterval: .seconds(2), pollPacing: .zero)
        try await RealtimeRig.with(manager: configuration, watch: KISWatchList(holdings: symbols)) { rig, logs in
            let log = logs[0]
            _ = try #require(await rig.serverRegistrations(count: 3))
            #expect(await log.until { $0.contains { if case .health(.up) = $0 { true } else { false } } })
            // The stream is alive: 8 s of clock in 1 s steps, each followed by fresh ticks, polls nothing.
            for _ in 0..<8 {
                rig.clock.advance(by: 1)
                let now = rig.clock.now()
                #expect(await log.until { events in
                    let latest = events.latestQuotes
                    return symbols.allSatisfy { latest[$0]?.source == .stream && latest[$0]?.receivedAt == now }
                })
            }
            let pollsWhileAlive = symbols.map { rig.standIn.requests($0.code) }
            try await Task.sleep(for: .milliseconds(200))
            #expect(symbols.map { rig.standIn.requests($0.code) } == pollsWhileAlive)

            // The simulator goes silent; 6 s later every symbol is stale and polled.
            await rig.simulator.setSilent(true)
            try await Task.sleep(for: .milliseconds(200))
            rig.clock.advance(by: 6)
            let now = rig.clock.now()
            #expect(await log.until { $0.contains { if case .health(.stale(let s)) = $0 { s == symbols.sorted() } else { false } } })
            #expect(await log.until { events in
                let latest = events.latestQuotes
                return symbols.allSatisfy { latest[$0]?.source == .poll && latest[$0]?.receivedAt == now }
            })
            for symbol in symbols {
                #expect(rig.standIn.requests(symbol.code) > 0)
                #expect(await rig.manager.quote(of: symbol)?.price == rig.standIn.lastPrice(symbol.code))
            }
            #expect(await rig.manager.symbolsNeedingPoll(at: now) == symbols)
            // Ticks resume: the stream is healthy again and quotes come from it.
            await rig.simulator.setSilent(false)
            #expect(await log.until { events in
                guard let last = events.last(where: { if case .health = $0 { true } else { false } }), case .health(.up) = last else { return false }
                return true
            })
            #expect(await rig.manager.symbolsNeedingPoll(at: rig.clock.now()).isEmpty)
        }
    }

    @Test func everySubscriberGetsTheExactBarsOfAKnownTickSequence() async throws {
        let a: Symbol = "005930"
        let b: Symbol = "000660"
        // No simulated trades: only the frames the test sends.
        let quiet = KISSimulatorConfiguration(tickInterval: .seconds(3600))
        let configuration = KISRealtimeManagerConfiguration(pollInterval: .seconds(3600), pollPacing: .zero)
        try await RealtimeRig.with(
            simulator: quiet, manager: configuration, start: ManualClock.kst(9, 0), watch: KISWatchList(holdings: [a, b]), subscribers: 5
        ) { rig, logs in
            _ = try #require(await rig.serverRegistrations(count: 2))
            func t(_ s: Symbol, _ time: String, _ price: Int, _ volume: Int, _ acc: Int) -> [String] {
                SampleFrames.tradeFields(symbol: s.code, time: time, price: String(price), volume: String(volume), accumulated: String(acc))
            }
            let frames = [
                SampleFrames.frame("H0STCNT0", [t(a, "090001", 71000, 10, 1010)]),
                SampleFrames.frame("H0STCNT0", [t(a, "090030", 71500, 5, 1015)]),
                SampleFrames.frame("H0STCNT0", [t(b, "090010", 180_000, 1, 51)]),
                SampleFrames.frame("H0STCNT0", [t(a, "090059", 70900, 3, 1018)]),
                SampleFrames.frame("H0STCNT0", [t(a, "090100", 71100, 7, 1025)]),
                // Two records in one frame.
                SampleFrames.frame("H0STCNT0", [t(a, "090120", 71200, 2, 1027), t(b, "090140", 180_500, 4, 55)]),
                SampleFrames.frame("H0STCNT0", [t(a, "090205", 71000, 6, 1033)]),
                // Late: its minute (09:01) is closed.
                SampleFrames.frame("H0STCNT0", [t(a, "090150", 1, 1, 1034)]),
            ]
            for frame in frames { await rig.simulator.broadcast(frame) }
            let day = TradingDate(year: 2026, month: 12, day: 3)!
            func bar(_ s: Symbol, _ minute: Int, _ o: Int, _ h: Int, _ l: Int, _ c: Int, _ v: Int, _ acc: Int, _ n: Int) -> KISMinuteBar {
                KISMinuteBar(
                    symbol: s, date: day, start: KSTTimeOfDay(hour: 9, minute: minute, second: 0)!, open: o, high: h, low: l, close: c,
                    volume: v, accumulatedVolume: acc, tradeCount: n)
            }
            let rolled = [
                bar(a, 0, 71000, 71500, 70900, 70900, 18, 1018, 3),
                bar(b, 0, 180_000, 180_000, 180_000, 180_000, 1, 51, 1),
                bar(a, 1, 71100, 71200, 71100, 71200, 9, 1027, 2),
            ]
            for log in logs { #expect(await log.until { $0.count(where: { if case .bar = $0 { true } else { false } }) == 3 }) }
            // The remaining bars close by the clock: at 09:03:02 (two-second grace) both minutes have ended.
            rig.clock.set(ManualClock.kst(9, 3, 2))
            // Closed by the clock: oldest minute first.
            let timed = [bar(b, 1, 180_500, 180_500, 180_500, 180_500, 4, 55, 1), bar(a, 2, 71000, 71000, 71000, 71000, 6, 1033, 1)]
            for log in logs {
                #expect(await log.until { $0.count(where: { if case .bar = $0 { true } else { false } }) == 5 })
                let bars = await log.bars
                #expect(bars == rolled + timed)
            }
            let first = try #require(await logs[0].bars.first)
            #expect(first.startTime == Date(timeIntervalSince1970: 1_796_256_000))  // 2026-12-03T00:00:00Z = 09:00 KST
            let stats = await rig.manager.statistics
            #expect(stats.lateTicks == 1 && stats.bars == 5 && stats.trades == 9)
        }
    }

    @Test func sessionPhasesFollowTheCalendarAndMarketOperationNotices() async throws {
        let a: Symbol = "005930"
        let quiet = KISSimulatorConfiguration(tickInterval: .seconds(3600))
        let configuration = KISRealtimeManagerConfiguration(pollInterval: .seconds(3600), pollPacing: .zero, marketOperationSymbol: a)
        try await RealtimeRig.with(
            simulator: quiet, manager: configuration, start: ManualClock.kst(8, 29), watch: KISWatchList(holdings: [a])
        ) { rig, logs in
            let log = logs[0]
            let registered = try #require(await rig.serverRegistrations(count: 2))
            #expect(registered == [.trades(a), .marketOperation(a)])
            func phases() async -> [KISMarketSession] { await log.sessions.map(\.session) }
            func waitPhase(_ session: KISMarketSession, count: Int) async -> Bool {
                await log.until { events in
                    let changes = events.compactMap { if case .session(let s) = $0 { s } else { nil } }
                    return changes.count == count && changes.last?.session == session
                }
            }
            #expect(await waitPhase(.closed, count: 1))
            rig.clock.set(ManualClock.kst(8, 30))
            #expect(await waitPhase(.preOpen, count: 2))
            // The open notice (112) arrives before the calendar's 09:00 and wins.
            rig.clock.set(ManualClock.kst(8, 59, 58))
            func notice(_ code: String) -> String {
                SampleFrames.frame("H0STMKO0", [["005930", "N", "(null)", code, "", "", "", "55", "N", "N", "0"]])
            }
            await rig.simulator.broadcast(notice("112"))
            #expect(await waitPhase(.regular, count: 3))
            // The calendar agrees at 09:00: no duplicate change.
            rig.clock.set(ManualClock.kst(9, 0, 1))
            rig.clock.set(ManualClock.kst(15, 20))
            #expect(await waitPhase(.closingAuction, count: 4))
            await rig.simulator.broadcast(notice("164"))
            #expect(await waitPhase(.halted, count: 5))
            await rig.simulator.broadcast(notice("129"))
            #expect(await waitPhase(.afterHours, count: 6))
            rig.clock.set(ManualClock.kst(18, 0))
            #expect(await waitPhase(.closed, count: 7))
            let changes = await log.sessions
            #expect(changes.map(\.cause) == [.calendar, .calendar, .marketOperation, .calendar, .marketOperation, .marketOperation, .calendar])
            #expect(await phases() == [.closed, .preOpen, .regular, .closingAuction, .halted, .afterHours, .closed])
            #expect(await rig.manager.session == .closed)
        }
    }

    @Test func aSlowSubscriberBlocksNobodyAndStaysBounded() async throws {
        let symbols = codes("4", 0..<4)
        let fast = KISSimulatorConfiguration(tickInterval: .milliseconds(2), multiRecordProbability: 0.5)
        let configuration = KISRealtimeManagerConfiguration(pollInterval: .seconds(3600), pollPacing: .zero)
        let options = KISRealtimeSubscriberOptions(includesTrades: true, tradeCapacity: 64, barCapacity: 8)
        // The quick subscriber may fall behind for a moment (the test's log is not fast), never by 100,000.
        let quickOptions = KISRealtimeSubscriberOptions(includesTrades: true, tradeCapacity: 100_000)
        try await RealtimeRig.with(
            simulator: fast, manager: configuration, watch: KISWatchList(holdings: symbols, orderBooks: Set(symbols)), subscribers: 1,
            options: quickOptions
        ) { rig, logs in
            let quick = logs[0]
            // The slow subscriber never reads until the end.
            let slow = rig.manager.subscribe(options)
            _ = try #require(await rig.serverRegistrations(count: 8))
            #expect(await quick.until(timeout: .seconds(60)) { $0.count(where: { if case .trade = $0 { true } else { false } }) >= 3000 })
            let pending = try #require(rig.manager.fanOut.pendingCounts.first { $0.options == options }?.count)
            // Per subscriber: at most 64 trades + one quote and one book per symbol + the session,
            // health and plan it started with.
            #expect(pending <= 64 + 8 + 2 * symbols.count + 6)
            #expect(pending >= 64)
            let quickEvents = await quick.events
            #expect(!quickEvents.contains { if case .dropped = $0 { true } else { false } })
            var iterator = slow.makeAsyncIterator()
            let firstRead = await iterator.next()
            guard case .dropped(let trades, _) = firstRead else {
                Issue.record("expected the slow subscriber to learn of its losses first, got \(String(describing: firstRead))")
                return
            }
            #expect(trades >= 3000 - 64 - 100)
        }
    }
}
