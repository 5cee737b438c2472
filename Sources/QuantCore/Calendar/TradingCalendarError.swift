/// Thrown when a trading-calendar question cannot be answered from the calendar's data.
///
/// A calendar knows only its covered range; it never guesses about dates outside it.
public struct TradingCalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable { case notCovered }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The answer depends on a date outside the calendar's covered range.
        public static var notCovered: Self { Self(.notCovered) }
        /// A short name, e.g. `"notCovered"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The date the calendar could not answer for.
    public var date: TradingDate
    /// The range the calendar covers.
    public var coveredRange: ClosedRange<TradingDate>
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, date: TradingDate, coveredRange: ClosedRange<TradingDate>, detail: String) {
        self.reason = reason
        self.date = date
        self.coveredRange = coveredRange
        self.detail = detail
    }

    /// The reason, the date and the detail.
    public var description: String { "\(reason) on \(date): \(detail)" }
}
