public import QuantCore

/// On which trading dates the backtester asks the strategy for a decision.
///
/// ```swift
/// let schedule = RebalanceSchedule.monthEnd        // last trading date of each month
/// ```
public enum RebalanceSchedule: Sendable, Hashable, Codable {
    /// Every trading date.
    case daily
    /// The last trading date of each calendar week (Monday to Sunday).
    case weekEnd
    /// The last trading date of each calendar month.
    case monthEnd
    /// The last trading date of each calendar quarter.
    case quarterEnd
    /// Every `n`-th trading date, counting from the first date of the backtest.
    case everyTradingDays(Int)
    /// Exactly these dates (those that are not trading dates are ignored).
    case dates([TradingDate])

    /// Whether `dates[index]` is a decision date. The "last of its period" rules look at the
    /// calendar only (the next trading date's month or week), which is known in advance: the
    /// exchange publishes its calendar.
    func isDecisionDate(_ index: Int, in dates: [TradingDate], start: Int) -> Bool {
        switch self {
        case .daily:
            return true
        case .weekEnd:
            guard index + 1 < dates.count else { return true }
            return Self.weekStart(dates[index + 1]) != Self.weekStart(dates[index])
        case .monthEnd:
            guard index + 1 < dates.count else { return true }
            return dates[index + 1].month != dates[index].month || dates[index + 1].year != dates[index].year
        case .quarterEnd:
            guard index + 1 < dates.count else { return true }
            return (dates[index + 1].month - 1) / 3 != (dates[index].month - 1) / 3 || dates[index + 1].year != dates[index].year
        case let .everyTradingDays(n):
            return (index - start) % max(n, 1) == 0
        case let .dates(list):
            return list.contains(dates[index])
        }
    }

    /// - Throws: ``BacktestError`` (`.invalidConfiguration`) for a non-positive interval.
    func validate() throws {
        if case let .everyTradingDays(n) = self, n < 1 {
            throw BacktestError(.invalidConfiguration, detail: "rebalance interval \(n) must be at least one trading day")
        }
    }

    /// Days since the epoch of the Monday of `date`'s week.
    private static func weekStart(_ date: TradingDate) -> Int {
        // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
        let days = date.daysSinceEpoch
        return days - ((days % 7 + 7 + 3) % 7)
    }
}
