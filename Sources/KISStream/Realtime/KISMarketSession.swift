public import Foundation
public import QuantCore

/// The phase of the KRX trading day.
///
/// On a regular day (09:00-15:30 KST): pre-open auction 08:30-09:00, continuous trading
/// 09:00-15:20, closing auction 15:20-15:30, after-hours trading 15:30-18:00 (closing-price
/// trading from 15:40, single-price trading 16:00-18:00), closed otherwise. On days with other
/// hours (a `TradingSession` (QuantCore) from the calendar), the phases move with the open and close.
public enum KISMarketSession: String, Sendable, Hashable, CustomStringConvertible {
    /// No trading (night, weekend, holiday).
    case closed
    /// The pre-open auction (orders accepted, no trades until the open).
    case preOpen
    /// Continuous trading.
    case regular
    /// The closing auction (the last 10 minutes of the regular session).
    case closingAuction
    /// After-hours trading (closing-price and single-price sessions).
    case afterHours
    /// A market-wide halt or circuit breaker (from the market-operation feed only).
    case halted

    /// The raw value.
    public var description: String { rawValue }
}

/// A change of ``KISMarketSession`` and what caused it.
public struct KISMarketSessionChange: Sendable, Hashable {
    /// What decided the change.
    public enum Cause: String, Sendable, Hashable {
        /// The trading calendar and the clock crossed a phase boundary.
        case calendar
        /// A market-operation notice (H0STMKO0).
        case marketOperation
    }

    /// The phase now.
    public var session: KISMarketSession
    /// The phase before.
    public var previous: KISMarketSession
    /// What decided it.
    public var cause: Cause
    /// When, by the manager's clock.
    public var at: Date

    /// Creates a change.
    public init(session: KISMarketSession, previous: KISMarketSession, cause: Cause, at: Date) {
        self.session = session
        self.previous = previous
        self.cause = cause
        self.at = at
    }
}

/// The scheduled phases of each day, from a `TradingCalendar` (QuantCore) when one covers the date and
/// otherwise from the regular weekday hours (Saturday and Sunday closed).
public struct KISMarketSchedule: Sendable {
    /// The calendar, if any.
    public var calendar: TradingCalendar?

    /// Minutes of pre-open auction before the open.
    public static let preOpenMinutes = 30
    /// Minutes of closing auction before the close.
    public static let closingAuctionMinutes = 10
    /// Minutes of after-hours trading after the close.
    public static let afterHoursMinutes = 150

    /// Creates a schedule.
    public init(calendar: TradingCalendar? = nil) { self.calendar = calendar }

    /// The scheduled phase at `instant`.
    public func session(at instant: Date) -> KISMarketSession {
        let (date, _) = KST.split(instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + KSTTimeOfDay.utcOffset - date.daysSinceEpoch * 86_400
        let minutes = seconds / 60
        guard let (open, close) = hours(on: date) else { return .closed }
        switch minutes {
        case (open - Self.preOpenMinutes)..<open: return .preOpen
        case open..<(close - Self.closingAuctionMinutes): return .regular
        case (close - Self.closingAuctionMinutes)..<close: return .closingAuction
        case close..<(close + Self.afterHoursMinutes): return .afterHours
        default: return .closed
        }
    }

    /// Open and close in minutes since midnight KST, nil on a closed day.
    func hours(on date: TradingDate) -> (open: Int, close: Int)? {
        if let calendar, calendar.covers(date) {
            guard let session = try? calendar.session(on: date) else { return nil }
            return (session.open.minutesSinceMidnight, session.close.minutesSinceMidnight)
        }
        // 1970-01-01 was a Thursday: day 0 → weekday index 3 (Monday = 0).
        let weekday = ((date.daysSinceEpoch + 3) % 7 + 7) % 7
        guard weekday < 5 else { return nil }
        return (TradingSession.regularOpen.minutesSinceMidnight, TradingSession.regularClose.minutesSinceMidnight)
    }
}

/// Follows the market phase from the schedule and from market-operation notices (pure value).
///
/// A notice sets the phase at once (`110` pre-open, `112` open, `121` closing auction, `129`
/// close → after-hours, `164`/`174` halt, `175` circuit breaker off → regular). The schedule
/// sets it when the clock crosses one of its boundaries, so a notice holds until the next
/// scheduled boundary, and with no notices at all (paper server) the schedule alone drives it.
public struct KISMarketSessionTracker: Sendable {
    /// The schedule.
    public let schedule: KISMarketSchedule
    /// The current phase.
    public private(set) var current: KISMarketSession
    private var lastScheduled: KISMarketSession?

    /// Creates a tracker; the phase is ``KISMarketSession/closed`` until the first update.
    public init(schedule: KISMarketSchedule) {
        self.schedule = schedule
        self.current = .closed
    }

    /// Reads the schedule at `now`; returns the change if a boundary was crossed.
    public mutating func update(at now: Date) -> KISMarketSessionChange? {
        let scheduled = schedule.session(at: now)
        guard scheduled != lastScheduled else { return nil }
        lastScheduled = scheduled
        return set(scheduled, .calendar, now)
    }

    /// Applies a market-operation notice; returns the change, if any.
    public mutating func apply(_ notice: KISMarketOperationNotice, at now: Date) -> KISMarketSessionChange? {
        let session: KISMarketSession
        switch notice.operation {
        case .preOpenAuctionStart: session = .preOpen
        case .open, .circuitBreakerOff: session = .regular
        case .closingAuctionStart: session = .closingAuction
        case .close: session = .afterHours
        case .marketHalt, .circuitBreakerOn: session = .halted
        case .sidecarOn, .sidecarOff, .other: return nil
        }
        return set(session, .marketOperation, now)
    }

    private mutating func set(_ session: KISMarketSession, _ cause: KISMarketSessionChange.Cause, _ now: Date) -> KISMarketSessionChange? {
        guard session != current else { return nil }
        defer { current = session }
        return KISMarketSessionChange(session: session, previous: current, cause: cause, at: now)
    }
}
