public import Foundation

/// Korea Standard Time: the time zone of KRX dates and session hours, and conversions between
/// `Date` instants and (``TradingDate``, ``LocalTime``) pairs.
///
/// Uses Foundation's `TimeZone(identifier: "Asia/Seoul")` (UTC+9, no daylight saving since 1988);
/// if the system has no time-zone database it falls back to a fixed UTC+9 offset, which gives the
/// same answers for every date since 1988.
///
/// ```swift
/// let open = KST.date(TradingDate(year: 2024, month: 3, day: 29)!, at: LocalTime(hour: 9, minute: 0)!)
/// // 2024-03-29 00:00:00 UTC
/// KST.tradingDate(of: open)   // 2024-03-29
/// ```
public enum KST {
    /// The `Asia/Seoul` time zone.
    public static let timeZone: TimeZone = TimeZone(identifier: "Asia/Seoul") ?? TimeZone(secondsFromGMT: 9 * 3600)!

    /// A Gregorian calendar in KST.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// The instant at wall-clock `time` on `date` in Seoul.
    public static func date(_ date: TradingDate, at time: LocalTime) -> Date {
        let c = date.components
        let parts = DateComponents(year: c.year, month: c.month, day: c.day, hour: time.hour, minute: time.minute)
        if let instant = calendar.date(from: parts) { return instant }
        // Unreachable for real dates; computed from the fixed UTC+9 offset as a fallback.
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + time.minutesSinceMidnight * 60 - 9 * 3600))
    }

    /// The Seoul calendar date of `instant`.
    public static func tradingDate(of instant: Date) -> TradingDate { split(instant).date }

    /// The Seoul wall-clock time of `instant`, truncated to the minute.
    public static func localTime(of instant: Date) -> LocalTime { split(instant).time }

    /// The Seoul date and wall-clock time (truncated to the minute) of `instant`.
    public static func split(_ instant: Date) -> (date: TradingDate, time: LocalTime) {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        if let y = c.year, let mo = c.month, let d = c.day, let date = TradingDate(year: y, month: mo, day: d),
           let h = c.hour, let mi = c.minute, let time = LocalTime(hour: h, minute: mi) {
            return (date, time)
        }
        // Fixed UTC+9 fallback.
        let interval = instant.timeIntervalSince1970
        let clamped = interval.isNaN ? 0 : Swift.min(Swift.max(interval, -1e14), 1e14)
        let seconds = Int(clamped.rounded(.down)) + 9 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minutes = (seconds - days * 86_400) / 60
        return (TradingDate(daysSinceEpoch: days), LocalTime(minutesSinceMidnight: minutes)!)
    }
}
