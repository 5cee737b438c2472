import Foundation
@testable import KISStream
import QuantCore
import Testing

@Suite("Realtime manager parts")
struct RealtimeUnitTests {
    @Test func allocationFollowsTheStatedOrderAndCountsEveryRegistration() {
        var list = KISWatchList(holdings: ["100001", "100002"], candidates: ["200001", "200002", "200003"], orderBooks: ["100002", "200001"])
        list.add("100003", as: .holding)
        // 6 slots: trades of 3 holdings, the market-operation feed, the holding's book, then 1 candidate trade.
        let plan = KISSlotAllocation.allocate(list, slots: 6, marketOperationSymbol: "100001")
        #expect(plan.streamed == ["100001", "100002", "100003", "200001"])
        #expect(plan.marketOperation == "100001")
        #expect(plan.orderBooks == ["100002"])
        #expect(plan.polled == ["200002", "200003"])
        #expect(plan.subscriptions == [
            .trades("100001"), .trades("100002"), .trades("100003"), .marketOperation("100001"), .orderBook("100002"), .trades("200001"),
        ])
        // With room, the candidate's book comes after every candidate trade.
        let roomy = KISSlotAllocation.allocate(list, slots: 41)
        #expect(roomy.subscriptions.suffix(2) == [.trades("200003"), .orderBook("200001")])
        #expect(roomy.polled.isEmpty)
        #expect(KISSlotAllocation.allocate(list, slots: 0).polled == list.symbols)
    }

    @Test func watchListKeepsHoldingsFirstAndMovesAPromotedCandidate() {
        var list = KISWatchList(holdings: ["A00001"], candidates: ["B00001", "B00002"])
        list.add("B00002", as: .holding)
        #expect(list.symbols == ["A00001", "B00002", "B00001"])
        list.add("B00001", as: .candidate, orderBook: true)
        #expect(list.symbols == ["A00001", "B00002", "B00001"])
        #expect(list.entries.last?.wantsOrderBook == true)
        list.remove("A00001")
        #expect(list.priority(of: "A00001") == nil && list.count == 2)
    }

    static func quote(_ symbol: Symbol, _ price: Int) -> KISQuote {
        KISQuote(symbol: symbol, price: price, accumulatedVolume: 0, time: nil, receivedAt: Date(timeIntervalSince1970: 0), source: .stream)
    }

    @Test func subscriberQueueConflatesQuotesInPlaceAndNeverDropsSessionOrHealth() async {
        let buffer = KISRealtimeSubscriberBuffer(options: KISRealtimeSubscriberOptions(barCapacity: 2))
        let change = KISMarketSessionChange(session: .regular, previous: .preOpen, cause: .calendar, at: Date(timeIntervalSince1970: 0))
        buffer.push(.quote(Self.quote("005930", 1)))
        buffer.push(.session(change))
        buffer.push(.quote(Self.quote("000660", 2)))
        buffer.push(.quote(Self.quote("005930", 3)))
        for minute in 0..<5 {
            buffer.push(.bar(KISMinuteBar(
                symbol: "005930", date: TradingDate(year: 2026, month: 12, day: 3)!, start: KSTTimeOfDay(hour: 9, minute: minute, second: 0)!,
                open: 1, high: 1, low: 1, close: 1, volume: 1, accumulatedVolume: 1, tradeCount: 1)))
        }
        buffer.push(.health(.up))
        #expect(buffer.pendingCount == 6)
        var read: [String] = []
        buffer.finish()
        while let event = await buffer.next() {
            switch event {
            case .quote(let q): read.append("quote \(q.symbol) \(q.price)")
            case .session(let s): read.append("session \(s.session)")
            case .bar(let b): read.append("bar \(b.start.minute)")
            case .health(let h): read.append("health \(h)")
            case .dropped(let trades, let bars): read.append("dropped \(trades) \(bars)")
            default: read.append("other")
            }
        }
        #expect(read == ["dropped 0 3", "quote 005930 3", "session regular", "quote 000660 2", "bar 3", "bar 4", "health up"])
    }

    @Test func scheduleUsesTheCalendarsHoursAndClosesWeekends() throws {
        let late = TradingDate(year: 2026, month: 11, day: 19)!  // a CSAT-style day: 10:00-16:30
        let holiday = TradingDate(year: 2026, month: 11, day: 20)!
        let calendar = try TradingCalendar(
            coveredRange: late...holiday, sessions: [TradingSession(date: late, open: LocalTime(hour: 10, minute: 0)!, close: LocalTime(hour: 16, minute: 30)!)],
            closedDayNotes: [holiday: "test holiday"])
        let schedule = KISMarketSchedule(calendar: calendar)
        func at(_ day: TradingDate, _ h: Int, _ m: Int) -> Date { KSTTimeOfDay(hour: h, minute: m, second: 0)!.date(on: day) }
        #expect(schedule.session(at: at(late, 9, 0)) == .closed)
        #expect(schedule.session(at: at(late, 9, 30)) == .preOpen)
        #expect(schedule.session(at: at(late, 10, 0)) == .regular)
        #expect(schedule.session(at: at(late, 16, 20)) == .closingAuction)
        #expect(schedule.session(at: at(late, 16, 30)) == .afterHours)
        #expect(schedule.session(at: at(late, 19, 0)) == .closed)
        #expect(schedule.session(at: at(holiday, 10, 0)) == .closed)
        // Outside the calendar: weekday hours; 2026-12-05 is a Saturday.
        let plain = KISMarketSchedule()
        let thursday = TradingDate(year: 2026, month: 12, day: 3)!
        #expect(plain.session(at: at(thursday, 8, 59)) == .preOpen)
        #expect(plain.session(at: at(thursday, 15, 19)) == .regular)
        #expect(plain.session(at: at(thursday, 15, 25)) == .closingAuction)
        #expect(plain.session(at: at(thursday, 17, 59)) == .afterHours)
        #expect(plain.session(at: at(TradingDate(year: 2026, month: 12, day: 5)!, 10, 0)) == .closed)
    }

    @Test func alertsFireOncePerCrossingAndReArm() {
        var monitor = KISPriceAlertMonitor(rules: [
            KISPriceAlertRule(symbol: "005930", kind: .stopLoss(price: 65_000)),
            KISPriceAlertRule(symbol: "005930", kind: .limitMove(percent: 29, reference: 70_000)),
        ])
        #expect(monitor.evaluate(Self.quote("005930", 66_000)).isEmpty)
        #expect(monitor.evaluate(Self.quote("005930", 64_900)).map(\.rule.kind) == [.stopLoss(price: 65_000)])
        #expect(monitor.evaluate(Self.quote("005930", 64_000)).isEmpty)  // still below: no repeat
        #expect(monitor.evaluate(Self.quote("000660", 1)).isEmpty)  // other symbol
        #expect(monitor.evaluate(Self.quote("005930", 65_100)).isEmpty)  // re-armed
        #expect(monitor.evaluate(Self.quote("005930", 49_000)).count == 2)  // both: −30 %
        #expect(monitor.evaluate(Self.quote("005930", 90_400)).isEmpty)  // the limit move never went back: no repeat
        #expect(monitor.evaluate(Self.quote("005930", 70_000)).isEmpty)  // both re-armed
        #expect(monitor.evaluate(Self.quote("005930", 90_400)).map(\.rule.kind) == [.limitMove(percent: 29, reference: 70_000)])
    }

    /// Answers every poll with a price derived from the request count (a recorded-replay poller
    /// is never called here: every symbol is streamed).
    struct UnreachablePoller: KISQuotePolling {
        struct Unreachable: Error {}
        func pollQuote(symbol: String) async throws -> KISPolledQuote { throw Unreachable() }
    }

    @Test func aRecordedStreamDrivesTheSameManagerToTheSameBars() async throws {
        func tick(_ time: String, _ price: Int, _ volume: Int) throws -> KISStreamEvent {
            .trade(try MinuteBarTests.tick("005930", time, price: price, volume: volume, accumulated: 0))
        }
        let recording: [KISStreamEvent] = [
            .state(.connected), try tick("090001", 100, 1), try tick("090059", 105, 2), try tick("090100", 99, 3), try tick("090230", 98, 4),
            try tick("090231", 97, 5),
        ]
        let source = KISRecordedEventSource(events: recording)
        let manager = KISRealtimeManager(
            source: source, poller: UnreachablePoller(), configuration: KISRealtimeManagerConfiguration(pollInterval: .seconds(3600)),
            clock: ManualClock(ManualClock.kst(9, 0)))
        let alerts = manager.priceAlerts([KISPriceAlertRule(symbol: "005930", kind: .stopLoss(price: 99))])
        let events = manager.subscribe()
        await manager.setWatchList(KISWatchList(holdings: ["005930"]))
        #expect(source.subscriptions == [.trades("005930")])
        await manager.run()  // ends with the recording, flushing the open bar
        var bars: [KISMinuteBar] = []
        for await case .bar(let bar) in events { bars.append(bar) }
        #expect(bars.map(\.start.minute) == [0, 1, 2])
        #expect(bars.map(\.volume) == [3, 3, 9])
        #expect(bars.map(\.close) == [105, 99, 97])
        var fired: [Int] = []
        for await alert in alerts { fired.append(alert.quote.price) }
        // Conflation may merge quotes for a slow consumer, but 99 (first crossing) or a later
        // price below it must fire exactly once.
        #expect(fired.count == 1 && (fired.first ?? 1000) <= 99)
    }
}
