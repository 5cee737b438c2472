/// A time of day to the minute, without a date or time zone (in QuantKit: KST wall-clock time).
///
/// ```swift
/// let open = LocalTime(hour: 9, minute: 0)!
/// open.description                  // "09:00"
/// LocalTime(parsing: "15:30")?.minutesSinceMidnight   // 930
/// ```
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes after midnight, `0..<1440`.
    public let minutesSinceMidnight: Int

    /// Creates a time from hour (0-23) and minute (0-59); `nil` when either is out of range.
    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutesSinceMidnight = hour * 60 + minute
    }

    /// Creates a time from minutes after midnight; `nil` outside `0..<1440`.
    public init?(minutesSinceMidnight: Int) {
        guard (0..<1440).contains(minutesSinceMidnight) else { return nil }
        self.minutesSinceMidnight = minutesSinceMidnight
    }

    /// Parses `HH:MM` (24-hour clock, two digits each); `nil` when the text is not such a time.
    public init?(parsing text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == 58 else { return nil }
        let digits = [b[0], b[1], b[3], b[4]].map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        self.init(hour: digits[0] * 10 + digits[1], minute: digits[2] * 10 + digits[3])
    }

    /// The hour, 0-23.
    public var hour: Int { minutesSinceMidnight / 60 }
    /// The minute, 0-59.
    public var minute: Int { minutesSinceMidnight % 60 }

    /// `HH:MM`.
    public var description: String {
        let h = hour, m = minute
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Orders times within a day.
    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    /// Decodes from an `HH:MM` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a time (expected HH:MM)")
        }
        self = time
    }

    /// Encodes as an `HH:MM` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
