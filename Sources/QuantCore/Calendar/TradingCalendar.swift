public import Foundation

/// The KRX trading calendar over a covered range of dates: which days trade, with which hours.
///
/// Read it from a calendar file (see the FileFormats article and `Docs/CalendarFormat.md`): one
/// row per date, each either a session with its KST open and close times or a closed day with
/// a note; every weekday in the covered range must be listed. Questions about dates outside the
/// covered range are answered with ``Day/notCovered`` or a ``TradingCalendarError`` rather than
/// a guess.
///
/// ```swift
/// let calendar = try TradingCalendar(csvFile: "Docs/krx-calendar-2024-2026.csv")
/// try calendar.isTradingDay(TradingDate(year: 2024, month: 3, day: 1)!)          // false
/// try calendar.nextTradingDay(after: TradingDate(year: 2024, month: 12, day: 30)!) // 2025-01-02
/// try calendar.session(on: TradingDate(year: 2025, month: 1, day: 2)!)?.open      // 10:00
/// ```
public struct TradingCalendar: Sendable, Hashable {
    /// What the calendar says about one date.
    public enum Day: Sendable, Hashable {
        /// The market trades, with these hours.
        case session(TradingSession)
        /// The market is closed; the note names the holiday when the file gives one (empty for an
        /// unlisted weekend day).
        case closed(note: String)
        /// The date is outside the covered range; the calendar does not know.
        case notCovered
    }

    /// The first and last date the calendar knows about.
    public let coveredRange: ClosedRange<TradingDate>
    /// The sessions, ascending by date.
    public let sessions: [TradingSession]
    /// Notes for listed closed days (holiday names), keyed by date.
    public let closedDayNotes: [TradingDate: String]
    /// For each day of the covered range, the index of its session in `sessions`, or -1.
    private let sessionIndex: [Int32]

    /// Creates a calendar from its sessions.
    ///
    /// Every date in `coveredRange` without a session is closed.
    /// - Throws: ``DataError`` `.unsortedDates`/`.duplicateDate` when sessions are not strictly
    ///   ascending, `.unknownDate` naming a session or note outside `coveredRange`.
    /// - Complexity: O(days in range) time and memory.
    public init(coveredRange: ClosedRange<TradingDate>, sessions: [TradingSession],
                closedDayNotes: [TradingDate: String] = [:]) throws {
        for k in sessions.indices.dropFirst() where sessions[k].date <= sessions[k - 1].date {
            throw DataError(sessions[k].date == sessions[k - 1].date ? .duplicateDate : .unsortedDates, date: sessions[k].date,
                            detail: "sessions must be strictly ascending (follows \(sessions[k - 1].date))")
        }
        var index = [Int32](repeating: -1, count: coveredRange.lowerBound.distance(to: coveredRange.upperBound) + 1)
        for (k, session) in sessions.enumerated() {
            guard coveredRange.contains(session.date) else {
                throw DataError(.unknownDate, date: session.date, detail: "session outside the covered range \(coveredRange)")
            }
            index[coveredRange.lowerBound.distance(to: session.date)] = Int32(k)
        }
        for (date, _) in closedDayNotes {
            guard coveredRange.contains(date) else {
                throw DataError(.unknownDate, date: date, detail: "closed day outside the covered range \(coveredRange)")
            }
            if index[coveredRange.lowerBound.distance(to: date)] >= 0 {
                throw DataError(.duplicateDate, date: date, detail: "date is both a session and a closed day")
            }
        }
        self.coveredRange = coveredRange
        self.sessions = sessions
        self.closedDayNotes = closedDayNotes
        self.sessionIndex = index
    }

    /// Whether the calendar knows about `date`.
    public func covers(_ date: TradingDate) -> Bool { coveredRange.contains(date) }

    /// What the calendar says about `date`, with an explicit ``Day/notCovered`` outside the range.
    public func day(_ date: TradingDate) -> Day {
        guard covers(date) else { return .notCovered }
        let k = sessionIndex[coveredRange.lowerBound.distance(to: date)]
        return k >= 0 ? .session(sessions[Int(k)]) : .closed(note: closedDayNotes[date] ?? "")
    }

    /// Whether the market trades on `date`.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` outside the covered range.
    public func isTradingDay(_ date: TradingDate) throws -> Bool { try sessionPosition(date) != nil }

    /// The session on `date`, or `nil` when the market is closed.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` outside the covered range.
    public func session(on date: TradingDate) throws -> TradingSession? {
        try sessionPosition(date).map { sessions[$0] }
    }

    /// The first trading day after `date`.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` when the days to look at leave the covered
    ///   range before a trading day is found.
    public func nextTradingDay(after date: TradingDate) throws -> TradingDate {
        var d = date.adding(days: 1)
        while try sessionPosition(d) == nil { d = d.adding(days: 1) }
        return d
    }

    /// The last trading day before `date`.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` when the days to look at leave the covered
    ///   range before a trading day is found.
    public func previousTradingDay(before date: TradingDate) throws -> TradingDate {
        var d = date.adding(days: -1)
        while try sessionPosition(d) == nil { d = d.adding(days: -1) }
        return d
    }

    /// The trading days in `start...end`, ascending (empty when `start > end`).
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` naming a bound outside the covered range.
    /// - Complexity: O(days in the interval).
    public func tradingDays(from start: TradingDate, through end: TradingDate) throws -> [TradingDate] {
        guard start <= end else { return [] }
        for bound in [start, end] where !covers(bound) { throw notCovered(bound) }
        let lo = coveredRange.lowerBound.distance(to: start), hi = coveredRange.lowerBound.distance(to: end)
        var days = [TradingDate]()
        for k in lo...hi where sessionIndex[k] >= 0 { days.append(sessions[Int(sessionIndex[k])].date) }
        return days
    }

    /// The last trading day of each month, among the trading days in `start...end`.
    ///
    /// A trading day counts when the next trading day falls in a later month (or no trading day
    /// follows within its month).
    /// - Throws: ``TradingCalendarError`` `.notCovered` naming a bound outside the covered range,
    ///   or the first uncovered day when the end of the last month is not covered.
    public func monthEndTradingDays(from start: TradingDate, through end: TradingDate) throws -> [TradingDate] {
        let days = try tradingDays(from: start, through: end)
        var out = [TradingDate]()
        for day in days {
            let c = day.components
            let monthEnd = TradingDate(year: c.year, month: c.month, day: TradingDate.daysInMonth(year: c.year, month: c.month))!
            let k = Int(sessionIndex[coveredRange.lowerBound.distance(to: day)])
            if k + 1 < sessions.count {
                if sessions[k + 1].date > monthEnd { out.append(day) }
            } else if monthEnd <= coveredRange.upperBound {
                out.append(day)
            } else {
                throw notCovered(coveredRange.upperBound.adding(days: 1))
            }
        }
        return out
    }

    /// The last trading day of a month.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` when the month is not fully covered or has
    ///   no trading day.
    public func lastTradingDay(year: Int, month: Int) throws -> TradingDate {
        guard let first = TradingDate(year: year, month: month, day: 1) else {
            throw notCovered(coveredRange.lowerBound, detail: "\(year)-\(month) is not a month")
        }
        let last = first.adding(days: TradingDate.daysInMonth(year: year, month: month) - 1)
        guard let day = try tradingDays(from: first, through: last).last else {
            throw notCovered(first, detail: "the month \(first.description.prefix(7)) has no trading day in the calendar")
        }
        return day
    }

    /// The session open at `instant`, or `nil` when the market is closed then.
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` when the instant's KST date is not covered.
    public func session(containing instant: Date) throws -> TradingSession? {
        guard let session = try session(on: KST.tradingDate(of: instant)), session.contains(instant) else { return nil }
        return session
    }

    /// The index in `sessions` of the session on `date`, `nil` when closed.
    private func sessionPosition(_ date: TradingDate) throws -> Int? {
        guard covers(date) else { throw notCovered(date) }
        let k = sessionIndex[coveredRange.lowerBound.distance(to: date)]
        return k >= 0 ? Int(k) : nil
    }

    private func notCovered(_ date: TradingDate, detail: String? = nil) -> TradingCalendarError {
        TradingCalendarError(.notCovered, date: date, coveredRange: coveredRange,
                             detail: detail ?? "the calendar covers \(coveredRange.lowerBound) through \(coveredRange.upperBound) only")
    }
}
