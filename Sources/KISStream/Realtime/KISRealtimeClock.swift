public import Foundation

/// The wall clock a ``KISRealtimeManager`` reads: it stamps arrivals, decides staleness and
/// poll schedules, closes minute bars and derives the market session from the calendar.
///
/// ``KISSystemClock`` is the real one; tests inject a clock they advance by hand.
public protocol KISRealtimeClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Suspends until the clock reaches `deadline`; returns at once if it already has.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system wall clock (`Date()` and `Task.sleep`).
public struct KISSystemClock: KISRealtimeClock {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps for the time left until `deadline`.
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 {
            try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
        } else {
            try Task.checkCancellation()
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval` (internal).
    var timeInterval: TimeInterval {
        let c = components
        return TimeInterval(c.seconds) + TimeInterval(c.attoseconds) / 1e18
    }
}
