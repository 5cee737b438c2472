public import Foundation
public import QuantCore

/// A time of day in Korea Standard Time (UTC+9, no daylight saving), as KIS sends `HHMMSS`.
public struct KSTTimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since midnight KST, `0..<86_400`.
    public let secondsSinceMidnight: Int

    /// KST's offset from UTC in seconds.
    public static let utcOffset = 9 * 3600

    /// Creates a time from seconds since midnight, wrapped into one day.
    public init(secondsSinceMidnight: Int) {
        let r = secondsSinceMidnight % 86_400
        self.secondsSinceMidnight = r < 0 ? r + 86_400 : r
    }

    /// The current KST date and time.
    public static func now() -> (date: TradingDate, time: KSTTimeOfDay) {
        let instant = Date()
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffset
        return (kstDate(of: instant), KSTTimeOfDay(secondsSinceMidnight: seconds))
    }

    /// Creates a time from its components; nil when out of range.
    public init?(hour: Int, minute: Int, second: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        secondsSinceMidnight = hour * 3600 + minute * 60 + second
    }

    /// Parses `HHMMSS`; nil unless six digits forming a valid time.
    public init?(hhmmss text: some StringProtocol) {
        let digits = Array(text.utf8)
        guard digits.count == 6, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func two(_ i: Int) -> Int { Int(digits[i] - 48) * 10 + Int(digits[i + 1] - 48) }
        self.init(hour: two(0), minute: two(2), second: two(4))
    }

    /// The hour, 0-23.
    public var hour: Int { secondsSinceMidnight / 3600 }
    /// The minute, 0-59.
    public var minute: Int { secondsSinceMidnight / 60 % 60 }
    /// The second, 0-59.
    public var second: Int { secondsSinceMidnight % 60 }

    /// `HH:MM:SS`.
    public var description: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(pad(hour)):\(pad(minute)):\(pad(second))"
    }

    /// The instant of this time on a KST calendar date.
    public func date(on day: TradingDate) -> Date {
        let seconds = day.daysSinceEpoch * 86_400 + secondsSinceMidnight - Self.utcOffset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The KST calendar date of an instant.
    public static func kstDate(of instant: Date) -> TradingDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffset
        return TradingDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// ISO 8601 with the `+09:00` offset, e.g. `2026-12-03T09:00:01+09:00`.
    public static func iso8601(_ day: TradingDate, _ time: KSTTimeOfDay) -> String {
        "\(day)T\(time)+09:00"
    }

    /// Compares by time of day.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }
}
