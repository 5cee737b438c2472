import Execution
import Foundation
import Pipeline
import QuantCore
import Store
import StrategyKit
import Testing

/// A clock that jumps to the instant it is asked to wait for.
final class JumpingClock: SchedulerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    func now() -> Date { lock.lock(); defer { lock.unlock() }; return current }
    func sleep(until instant: Date) async throws {
        try Task.checkCancellation()
        advance(to: instant)
    }
    private func advance(to instant: Date) { lock.lock(); if instant > current { current = instant }; lock.unlock() }
}

@Suite("Daily schedule and scheduler")
struct DailySchedulerTests {
    /// The repository's KRX calendar file (Docs/krx-calendar-2024-2026.csv).
    static var calendar: TradingCalendar {
        get throws {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Docs/krx-calendar-2024-2026.csv").path
            return try TradingCalendar(csvFile: path)
        }
    }

    static func kst(_ date: String, _ hour: Int, _ minute: Int = 0) -> Date {
        KST.date(try! TradingDate(parsing: date), at: LocalTime(hour: hour, minute: minute)!)
    }

    @Test func runTimesFollowEachDaysCloseAndSkipHolidays() throws {
        let schedule = DailySchedule(calendar: try Self.calendar, delayAfterClose: 1800)
        #expect(try schedule.runTime(of: TradingDate(parsing: "2024-09-13")) == Self.kst("2024-09-13", 16))
        #expect(try schedule.runTime(of: TradingDate(parsing: "2024-09-16")) == nil, "Chuseok")
        let afterFriday = try schedule.nextRun(atOrAfter: Self.kst("2024-09-13", 16, 1))
        #expect(afterFriday.date.description == "2024-09-19", "the weekend and three Chuseok days are skipped")
        // CSAT day 2024-11-14 closes at 16:30, so the run is at 17:00.
        #expect(try schedule.runTime(of: TradingDate(parsing: "2024-11-14")) == Self.kst("2024-11-14", 17))
        #expect(try schedule.lastRun(before: Self.kst("2024-09-19", 10))?.date.description == "2024-09-13")
    }

    /// A simulated fortnight with Chuseok, through the real pipeline and store, with the
    /// process "restarted" mid-week after missing a run: exactly one completed run per trading day.
    @Test func aSimulatedFortnightRunsEachTradingDayExactlyOnce() async throws {
        let calendar = try Self.calendar
        let days = try calendar.tradingDays(from: TradingDate(parsing: "2024-08-01"), through: TradingDate(parsing: "2024-09-30"))
        let prices = try Panel(dates: days, assets: ["069500"], columns: [days.indices.map { 35_000 + 10 * Double($0) }])
        let dataset = try MarketDataset(prices: prices)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-sched-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try TradingStore(path: dir.appendingPathComponent("quant.sqlite").path)
        let daily = DailyRun(configuration: DailyRun.Configuration(costs: .zero, initialCash: 10_000_000, kinds: ["069500": .etf]))
        let strategy = HoldTarget(target: try PortfolioWeights(["069500": 0.5]))
        let schedule = DailySchedule(calendar: calendar, delayAfterClose: 1800)
        let runsAttempted = RunLog()

        func session(from start: Date, until end: Date) async throws {
            let scheduler = DailyScheduler(schedule: schedule, clock: JumpingClock(start))
            let hasRunBefore = try !store.runs().isEmpty
            try await scheduler.run(until: end, catchUp: hasRunBefore, isCompleted: { try store.run(on: $0)?.status == .completed }) { date in
                runsAttempted.append(date)
                var state = NoState()
                _ = try daily.run(strategy, state: &state, dataset: dataset, on: date, store: store)
            }
        }
        // A first start on Monday morning (no catch-up of Friday) until Wednesday noon; then down
        // until Thursday 08:00 (Wednesday's run missed, caught up before Thursday's open);
        // restarted until the Friday after Chuseok.
        try await session(from: Self.kst("2024-09-09", 8), until: Self.kst("2024-09-11", 12))
        try await session(from: Self.kst("2024-09-12", 8), until: Self.kst("2024-09-20", 23))

        let expected = ["2024-09-09", "2024-09-10", "2024-09-11", "2024-09-12", "2024-09-13", "2024-09-19", "2024-09-20"]
        #expect(runsAttempted.dates.map(\.description) == expected, "Wednesday caught up on restart; Chuseok skipped")
        let runs = try store.runs()
        #expect(runs.map(\.date.description) == expected)
        #expect(runs.allSatisfy { $0.status == .completed })
        #expect(try store.orders(on: TradingDate(parsing: "2024-09-09")).count == 1, "the first day buys")
    }

    @Test func aMissedDayIsNotTradedOnceTheNextSessionHasOpened() async throws {
        let scheduler = DailyScheduler(schedule: DailySchedule(calendar: try Self.calendar), clock: JumpingClock(Self.kst("2024-09-12", 10)))
        let log = RunLog()
        try await scheduler.run(until: Self.kst("2024-09-12", 23), isCompleted: { _ in false }) { log.append($0) }
        #expect(log.dates.map(\.description) == ["2024-09-12"], "Wednesday's closes are stale once Thursday has opened")
    }

    @Test func cancellationStopsTheScheduler() async throws {
        let scheduler = DailyScheduler(schedule: DailySchedule(calendar: try Self.calendar), clock: JumpingClock(Self.kst("2024-09-09", 8)))
        let task = Task {
            try await scheduler.run(isCompleted: { _ in true }) { _ in withUnsafeCurrentTask { $0?.cancel() } }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

/// Dates a job saw, in order.
final class RunLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var dates: [TradingDate] = []
    func append(_ date: TradingDate) { lock.lock(); dates.append(date); lock.unlock() }
}
