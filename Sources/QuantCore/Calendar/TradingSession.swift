public import Foundation

/// One KRX trading day and its regular-session hours in KST.
///
/// KRX normally trades 09:00-15:30, but shifts the hours on some days: the first trading day of
/// the year opens at 10:00, and on the college entrance exam (CSAT) day the market opens at 10:00
/// and closes at 16:30. The calendar file states the hours of every session.
///
/// ```swift
/// let s = try calendar.session(on: TradingDate(year: 2025, month: 11, day: 13)!)!
/// s.open.description   // "10:00"
/// s.closeInstant       // 2025-11-13 07:30:00 UTC
/// ```
public struct TradingSession: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The usual opening time, 09:00 KST.
    public static let regularOpen = LocalTime(hour: 9, minute: 0)!
    /// The usual closing time, 15:30 KST.
    public static let regularClose = LocalTime(hour: 15, minute: 30)!

    /// The trading date (a KST date).
    public let date: TradingDate
    /// When the regular session opens, KST.
    public let open: LocalTime
    /// When the regular session closes, KST.
    public let close: LocalTime
    /// Why the hours differ, or any remark from the calendar file; empty when none.
    public let note: String

    /// Creates a session.
    ///
    /// - Throws: ``DataError`` `.invalidValue` naming the date when `close` is not after `open`.
    public init(date: TradingDate, open: LocalTime = regularOpen, close: LocalTime = regularClose, note: String = "") throws {
        guard close > open else {
            throw DataError(.invalidValue, date: date, detail: "session close \(close) is not after open \(open)")
        }
        self.date = date
        self.open = open
        self.close = close
        self.note = note
    }

    /// Whether the session has the usual 09:00-15:30 hours.
    public var hasRegularHours: Bool { open == Self.regularOpen && close == Self.regularClose }

    /// The session's length in minutes.
    public var durationMinutes: Int { close.minutesSinceMidnight - open.minutesSinceMidnight }

    /// The opening instant.
    public var openInstant: Date { KST.date(date, at: open) }

    /// The closing instant.
    public var closeInstant: Date { KST.date(date, at: close) }

    /// Whether `instant` falls in `[open, close)`.
    public func contains(_ instant: Date) -> Bool { instant >= openInstant && instant < closeInstant }

    /// `2024-01-02 10:00-15:30 KST (note)`.
    public var description: String {
        "\(date) \(open)-\(close) KST" + (note.isEmpty ? "" : " (\(note))")
    }
}
