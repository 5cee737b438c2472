public import Foundation
public import QuantCore

/// When the bot runs each trading day: a fixed delay after that day's close, in KST, on the
/// days the trading calendar says the market is open (with the hours it says, since KRX moves
/// them on some days).
///
/// ```swift
/// let schedule = DailySchedule(calendar: try TradingCalendar(csvFile: "krx-calendar.csv"), delayAfterClose: 1800)
/// let next = try schedule.nextRun(atOrAfter: Date())     // (date: 2024-09-19, time: 16:00 KST)
/// ```
public struct DailySchedule: Sendable {
    /// The trading calendar with per-date session hours.
    public var calendar: TradingCalendar
    /// Seconds after the close at which the day's run starts (closing prices must be final).
    public var delayAfterClose: TimeInterval

    /// Creates a schedule.
    public init(calendar: TradingCalendar, delayAfterClose: TimeInterval = 30 * 60) {
        self.calendar = calendar
        self.delayAfterClose = delayAfterClose
    }

    /// The run time of `date`, or `nil` when the market is closed that day.
    ///
    /// - Throws: `TradingCalendarError` (`.notCovered`) outside the calendar's range.
    public func runTime(of date: TradingDate) throws -> Date? {
        try calendar.session(on: date).map { $0.closeInstant.addingTimeInterval(delayAfterClose) }
    }

    /// The first trading day whose run time is at or after `instant`.
    ///
    /// - Throws: `TradingCalendarError` (`.notCovered`) when the calendar ends first: the
    ///   operator must install next year's calendar.
    public func nextRun(atOrAfter instant: Date) throws -> (date: TradingDate, time: Date) {
        var date = KST.tradingDate(of: instant)
        while true {
            if let time = try runTime(of: date), time >= instant { return (date, time) }
            date = date.adding(days: 1)
        }
    }

    /// The latest trading day whose run time is before `instant`, within `lookbackDays`
    /// calendar days, or `nil`.
    public func lastRun(before instant: Date, lookbackDays: Int = 10) throws -> (date: TradingDate, time: Date)? {
        var date = KST.tradingDate(of: instant)
        for _ in 0...lookbackDays {
            if calendar.covers(date), let time = try runTime(of: date), time < instant { return (date, time) }
            date = date.adding(days: -1)
        }
        return nil
    }
}

/// What the scheduler needs from time; tests inject a clock that jumps instead of waiting.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Returns at `instant` (at once when it has passed); throws `CancellationError` when the
    /// task is cancelled.
    func sleep(until instant: Date) async throws
}

/// The wall clock.
public struct SystemSchedulerClock: SchedulerClock {
    /// Creates the clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps in steps of at most a minute, so that a changed system time is noticed.
    public func sleep(until instant: Date) async throws {
        while true {
            let left = instant.timeIntervalSince(Date())
            if left <= 0 { return }
            try await Task.sleep(nanoseconds: UInt64(min(left, 60) * 1e9))
        }
    }
}

/// Runs a job once per trading day at the schedule's run time, catching up a missed day.
///
/// On start, with `catchUp`, if the latest trading day whose run time has passed is not
/// completed (the process was down, or was killed mid-run) and the next session has not
/// opened yet (so its closes are still the latest prices), it runs that day first. Then it
/// sleeps until each next run time and runs it. A job's error is handed to `onError` and the scheduler
/// goes on to the next day; cancellation (SIGTERM through service-lifecycle) ends it.
///
/// ```swift
/// let scheduler = DailyScheduler(schedule: schedule, clock: SystemSchedulerClock())
/// try await scheduler.run(isCompleted: { try store.run(on: $0)?.status == .completed }) { date in
///     _ = try daily.run(strategy, state: &state, dataset: try loadData(), on: date, store: store)
/// }
/// ```
public struct DailyScheduler<Clock: SchedulerClock>: Sendable {
    /// When to run.
    public var schedule: DailySchedule
    /// Where time comes from.
    public var clock: Clock

    /// Creates a scheduler.
    public init(schedule: DailySchedule, clock: Clock) {
        self.schedule = schedule
        self.clock = clock
    }

    /// Runs until `end` (or cancellation).
    ///
    /// - Parameters:
    ///   - end: Stop before the first run time after this instant (`nil`: run until cancelled).
    ///   - catchUp: Whether to run a missed latest day first (a daemon that has run before: yes;
    ///     a first start: no, it begins with the next run time).
    ///   - isCompleted: Whether a date's run already completed (asked before catching up).
    ///   - onError: Receives a job's error with its date.
    ///   - job: The day's work.
    /// - Throws: `CancellationError`, or the calendar's `.notCovered` error when it runs out.
    public func run(until end: Date? = nil, catchUp: Bool = true, isCompleted: (TradingDate) throws -> Bool,
                    onError: (TradingDate, any Error) -> Void = { _, _ in },
                    job: (TradingDate) async throws -> Void) async throws {
        let start = clock.now()
        // A missed day's closes are still the latest prices when it is today, or when today's
        // session (if any) has not opened yet.
        let today = KST.tradingDate(of: start)
        if catchUp, let missed = try schedule.lastRun(before: start), try !isCompleted(missed.date),
           try missed.date == today || !sessionHasOpened(on: today, at: start) {
            await attempt(missed.date, job: job, onError: onError)
        }
        var cursor = start
        while true {
            try Task.checkCancellation()
            let next = try schedule.nextRun(atOrAfter: cursor)
            if let end, next.time > end { return }
            try await clock.sleep(until: next.time)
            await attempt(next.date, job: job, onError: onError)
            cursor = next.time.addingTimeInterval(1)
        }
    }

    /// Whether the session of `date` (if any) has opened by `instant`.
    private func sessionHasOpened(on date: TradingDate, at instant: Date) throws -> Bool {
        guard let session = try schedule.calendar.session(on: date) else { return false }
        return instant >= session.openInstant
    }

    private func attempt(_ date: TradingDate, job: (TradingDate) async throws -> Void, onError: (TradingDate, any Error) -> Void) async {
        do { try await job(date) } catch { onError(date, error) }
    }
}
