/// A calendar date (no time of day, no time zone), as used for daily market data.
///
/// Stored as the number of days since 1970-01-01 in the proleptic Gregorian calendar, so
/// dates compare, hash and step cheaply. Market dates are KRX dates, i.e. dates in KST.
///
/// ```swift
/// let d = try TradingDate(parsing: "2024-03-29")
/// d.year        // 2024
/// d.adding(days: 3).description   // "2024-04-01"
/// d.weekday     // .friday
/// ```
public struct TradingDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, Strideable {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    /// Creates a date from its day count since 1970-01-01.
    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from year, month (1-12) and day (1-31).
    ///
    /// - Returns: `nil` when the combination is not a real date (e.g. 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= TradingDate.daysInMonth(year: year, month: month) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` or `YYYYMMDD`.
    ///
    /// - Throws: ``DateParseError`` when the text is not a valid date in either form.
    public init(parsing text: some StringProtocol) throws {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for k in range {
                let b = bytes[k]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        var parsed: TradingDate?
        if bytes.count == 10, bytes[4] == 45, bytes[7] == 45,
           let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) {
            parsed = TradingDate(year: y, month: m, day: d)
        } else if bytes.count == 8, let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) {
            parsed = TradingDate(year: y, month: m, day: d)
        }
        guard let parsed else { throw DateParseError(text: String(text)) }
        self = parsed
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year.
    public var year: Int { components.year }
    /// The month, 1-12.
    public var month: Int { components.month }
    /// The day of the month, 1-31.
    public var day: Int { components.day }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday(rawValue: ((daysSinceEpoch % 7) + 7 + 4) % 7 + 1)!
    }

    /// Whether the date falls on Saturday or Sunday.
    public var isWeekend: Bool { weekday == .saturday || weekday == .sunday }

    /// The date `days` days later (earlier if negative).
    public func adding(days: Int) -> TradingDate { TradingDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `months` months later, clamped to the month's last day.
    public func adding(months: Int) -> TradingDate {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return TradingDate(year: y, month: m, day: Swift.min(c.day, TradingDate.daysInMonth(year: y, month: m)))!
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// `YYYYMMDD`, the form KIS uses.
    public var compactDescription: String { String(description.filter { $0 != "-" }) }

    /// Orders dates chronologically.
    public static func < (lhs: TradingDate, rhs: TradingDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Days from `self` to `other`.
    public func distance(to other: TradingDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The date `n` days away.
    public func advanced(by n: Int) -> TradingDate { adding(days: n) }

    /// Decodes from a `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    /// Encodes as a `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Number of days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A day of the week, numbered as in ISO 8601 shifted so that Sunday is 1 (Gregorian convention).
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    /// Sunday.
    case sunday = 1
    /// Monday.
    case monday
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
}

/// Thrown when text is not a date in `YYYY-MM-DD` or `YYYYMMDD` form.
public struct DateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that failed to parse.
    public let text: String
    /// One sentence for humans.
    public var description: String { "'\(text)' is not a date (expected YYYY-MM-DD)" }
}
