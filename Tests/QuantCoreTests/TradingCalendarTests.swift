import Foundation
import QuantCore
import Testing

/// Shorthand for a date literal in tests.
private func day(_ text: String) -> TradingDate { try! TradingDate(parsing: text) }

@Suite("KRX trading calendar 2024-2026 (Docs/krx-calendar-2024-2026.csv)")
struct ShippedCalendarTests {
    let calendar: TradingCalendar

    init() throws {
        calendar = try TradingCalendar(csvFile: docsPath("krx-calendar-2024-2026.csv"))
    }

    @Test func coversThreeFullYears() {
        #expect(calendar.coveredRange == day("2024-01-01")...day("2026-12-31"))
        #expect(calendar.covers(day("2025-06-30")))
        #expect(!calendar.covers(day("2023-12-29")))
        #expect(!calendar.covers(day("2027-01-04")))
        #expect(calendar.day(day("2027-01-04")) == .notCovered)
    }

    @Test func tradingDayCountsPerYear() throws {
        // Weekdays (262, 261, 261) minus the weekday closures (18, 19, 16).
        #expect(try calendar.tradingDays(from: day("2024-01-01"), through: day("2024-12-31")).count == 244)
        #expect(try calendar.tradingDays(from: day("2025-01-01"), through: day("2025-12-31")).count == 242)
        #expect(try calendar.tradingDays(from: day("2026-01-01"), through: day("2026-12-31")).count == 245)
    }

    @Test(arguments: ["2024-01-01", "2024-02-09", "2024-02-12", "2024-03-01", "2024-04-10", "2024-05-06", "2024-05-15",
                      "2024-06-06", "2024-08-15", "2024-09-17", "2024-10-01", "2024-10-03", "2024-10-09", "2024-12-25",
                      "2024-12-31", "2025-01-27", "2025-01-29", "2025-03-03", "2025-05-05", "2025-05-06", "2025-06-03",
                      "2025-10-08", "2026-02-17", "2026-03-02", "2026-05-25", "2026-08-17", "2026-09-25", "2026-10-05",
                      "2026-12-31"])
    func holidaysAreClosed(_ date: String) throws {
        #expect(try !calendar.isTradingDay(day(date)))
        #expect(try calendar.session(on: day(date)) == nil)
        guard case .closed(let note) = calendar.day(day(date)) else {
            Issue.record("\(date) should be a closed day")
            return
        }
        #expect(!note.isEmpty)
    }

    @Test func weekendsAreClosedWithoutNotes() throws {
        #expect(try !calendar.isTradingDay(day("2024-03-30")))
        #expect(calendar.day(day("2024-03-31")) == .closed(note: ""))
    }

    @Test func regularSessionHours() throws {
        let session = try #require(try calendar.session(on: day("2024-03-29")))
        #expect(session.open.description == "09:00")
        #expect(session.close.description == "15:30")
        #expect(session.hasRegularHours)
        #expect(session.durationMinutes == 390)
    }

    @Test(arguments: ["2024-01-02", "2025-01-02", "2026-01-02"])
    func firstTradingDayOfTheYearOpensAtTen(_ date: String) throws {
        let session = try #require(try calendar.session(on: day(date)))
        #expect(session.open == LocalTime(hour: 10, minute: 0))
        #expect(session.close == LocalTime(hour: 15, minute: 30))
    }

    @Test(arguments: ["2024-11-14", "2025-11-13", "2026-11-19"])
    func csatDayShiftsBothEnds(_ date: String) throws {
        let session = try #require(try calendar.session(on: day(date)))
        #expect(session.open.description == "10:00")
        #expect(session.close.description == "16:30")
        #expect(session.openInstant == Date(timeIntervalSince1970: Double(day(date).daysSinceEpoch * 86_400 + 3600)))
        #expect(session.closeInstant == Date(timeIntervalSince1970: Double(day(date).daysSinceEpoch * 86_400 + 7 * 3600 + 1800)))
    }

    @Test func nextAndPreviousTradingDays() throws {
        #expect(try calendar.nextTradingDay(after: day("2024-12-30")) == day("2025-01-02"))
        #expect(try calendar.nextTradingDay(after: day("2024-02-08")) == day("2024-02-13"))
        #expect(try calendar.nextTradingDay(after: day("2025-01-24")) == day("2025-01-31"))
        #expect(try calendar.nextTradingDay(after: day("2024-03-29")) == day("2024-04-01"))
        #expect(try calendar.previousTradingDay(before: day("2025-10-10")) == day("2025-10-02"))
        #expect(try calendar.previousTradingDay(before: day("2026-01-02")) == day("2025-12-30"))
        let beyond = #expect(throws: TradingCalendarError.self) { try calendar.nextTradingDay(after: day("2026-12-30")) }
        #expect(beyond?.reason == .notCovered)
        #expect(beyond?.date == day("2027-01-01"))
        #expect(throws: TradingCalendarError.self) { try calendar.previousTradingDay(before: day("2024-01-02")) }
    }

    @Test func datesOutsideTheRangeAreNotGuessed() {
        let error = #expect(throws: TradingCalendarError.self) { try calendar.isTradingDay(day("2027-03-02")) }
        #expect(error?.reason == .notCovered)
        #expect(error?.coveredRange == calendar.coveredRange)
        #expect(throws: TradingCalendarError.self) { try calendar.tradingDays(from: day("2026-12-01"), through: day("2027-01-31")) }
        #expect(throws: TradingCalendarError.self) { try calendar.session(on: day("2023-12-28")) }
    }

    @Test func tradingDaysInAnInterval() throws {
        let days = try calendar.tradingDays(from: day("2025-09-29"), through: day("2025-10-13"))
        #expect(days.map(\.description) == ["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02", "2025-10-10", "2025-10-13"])
        #expect(try calendar.tradingDays(from: day("2025-10-13"), through: day("2025-10-01")).isEmpty)
    }

    @Test func monthEndTradingDays() throws {
        let ends = try calendar.monthEndTradingDays(from: day("2024-01-01"), through: day("2024-12-31"))
        #expect(ends.map(\.description) == ["2024-01-31", "2024-02-29", "2024-03-29", "2024-04-30", "2024-05-31", "2024-06-28",
                                            "2024-07-31", "2024-08-30", "2024-09-30", "2024-10-31", "2024-11-29", "2024-12-30"])
        // A partial month in the interval contributes its month end only when that falls inside.
        let partial = try calendar.monthEndTradingDays(from: day("2026-09-15"), through: day("2026-12-31"))
        #expect(partial.map(\.description) == ["2026-09-30", "2026-10-30", "2026-11-30", "2026-12-30"])
        #expect(try calendar.lastTradingDay(year: 2025, month: 12) == day("2025-12-30"))
        #expect(throws: TradingCalendarError.self) { try calendar.lastTradingDay(year: 2027, month: 1) }
    }

    @Test func sessionContainingAnInstant() throws {
        // 2024-03-29 09:00 KST is 00:00 UTC.
        let midnightUTC = Date(timeIntervalSince1970: Double(day("2024-03-29").daysSinceEpoch * 86_400))
        #expect(try calendar.session(containing: midnightUTC)?.date == day("2024-03-29"))
        #expect(try calendar.session(containing: midnightUTC.addingTimeInterval(-60)) == nil)
        #expect(try calendar.session(containing: midnightUTC.addingTimeInterval(6.5 * 3600 - 1)) != nil)
        #expect(try calendar.session(containing: midnightUTC.addingTimeInterval(6.5 * 3600)) == nil)
    }

    @Test func writesTheSameCalendarBack() throws {
        let back = try TradingCalendar(csvText: calendar.csvText())
        #expect(back == calendar)
    }
}

@Suite("Calendar file format errors")
struct CalendarFormatTests {
    private func failure(_ body: String) -> CSVError? {
        #expect(throws: CSVError.self) { try TradingCalendar(csvText: "# test\ndate,open,close,note\n" + body, sourceName: "cal.csv") }
    }

    @Test func readsAMinimalFile() throws {
        // 2024-03-29 is a Friday; the weekend may be omitted.
        let calendar = try TradingCalendar(csvText: "date,open,close,note\n2024-03-29,09:00,15:30,\n2024-04-01,,,closed\n")
        #expect(calendar.sessions.count == 1)
        #expect(calendar.day(day("2024-04-01")) == .closed(note: "closed"))
        #expect(calendar.coveredRange == day("2024-03-29")...day("2024-04-01"))
    }

    @Test func unsortedAndDuplicateDates() {
        let unsorted = failure("2024-03-28,09:00,15:30,\n2024-03-27,09:00,15:30,\n")
        #expect(unsorted?.reason == .unsortedDates)
        #expect(unsorted?.line == 4)
        #expect(unsorted?.column == 1)
        let duplicate = failure("2024-03-28,09:00,15:30,\n2024-03-28,,,\n")
        #expect(duplicate?.reason == .duplicateDate)
        #expect(duplicate?.line == 4)
    }

    @Test func badTimesNameTheirColumn() {
        let open = failure("2024-03-28,9:00,15:30,\n")
        #expect(open?.reason == .invalidTime)
        #expect(open?.line == 3)
        #expect(open?.column == 2)
        let close = failure("2024-03-28,09:00,24:00,\n")
        #expect(close?.column == 3)
        let reversed = failure("2024-03-28,15:30,09:00,\n")
        #expect(reversed?.reason == .invalidTime)
        #expect(reversed?.column == 3)
        #expect(reversed?.description == "cal.csv:3:3 (close): close 09:00 is not after open 15:30")
        let half = failure("2024-03-28,,15:30,\n")
        #expect(half?.column == 2)
    }

    @Test func anUnlistedWeekdayIsAnError() {
        // 2024-03-29 (Friday) is missing between Thursday and Monday.
        let error = failure("2024-03-28,09:00,15:30,\n2024-04-01,09:00,15:30,\n")
        #expect(error?.reason == .missingDate)
        #expect(error?.line == 4)
        #expect(error?.detail.hasPrefix("2024-03-29 (Friday) is not listed") == true)
    }

    @Test func headerAndShapeErrors() {
        let header = #expect(throws: CSVError.self) { try TradingCalendar(csvText: "date,open,close,remark\n") }
        #expect(header?.reason == .invalidHeader)
        #expect(header?.column == 4)
        #expect(failure("")?.reason == .empty)
        let ragged = failure("2024-03-28,09:00,15:30\n")
        #expect(ragged?.reason == .fieldCount)
        #expect(ragged?.line == 3)
        #expect(failure("28/03/2024,09:00,15:30,\n")?.reason == .invalidDate)
    }
}

@Suite("KST and local times")
struct KSTTests {
    @Test func localTimeParsesAndFormats() {
        #expect(LocalTime(parsing: "09:05")?.minutesSinceMidnight == 545)
        #expect(LocalTime(parsing: "23:59")?.description == "23:59")
        for bad in ["24:00", "9:00", "09:60", "0900", "ab:cd", ""] { #expect(LocalTime(parsing: bad) == nil, "\(bad)") }
    }

    @Test func convertsBetweenInstantsAndSeoulWallClock() {
        #expect(KST.timeZone.secondsFromGMT() == 9 * 3600)
        // 2024-12-31 16:30 UTC is 2025-01-01 01:30 KST.
        let instant = Date(timeIntervalSince1970: Double(day("2024-12-31").daysSinceEpoch * 86_400 + 16 * 3600 + 1800))
        let (date, time) = KST.split(instant)
        #expect(date == day("2025-01-01"))
        #expect(time == LocalTime(hour: 1, minute: 30))
        #expect(KST.date(date, at: time) == instant)
        #expect(KST.tradingDate(of: instant.addingTimeInterval(-2 * 3600)) == day("2024-12-31"))
    }
}
