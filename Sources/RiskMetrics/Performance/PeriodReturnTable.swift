import Foundation
import QuantCore

/// Calendar-month and calendar-year compounded returns, for a report's heatmap.
///
/// The return of a period is `Π(1 + r_t) - 1` over the returns dated in it (`exp(Σ r_t) - 1`
/// for log returns), as empyrical's `aggregate_returns(returns, "monthly" | "yearly")` and
/// quantstats' `monthly_returns` compute it. Periods without observations are absent.
///
/// ```swift
/// let table = try PeriodReturnTable(series)
/// table.monthly.first   // MonthReturn(year: 2021, month: 1, value: 0.034)
/// table[2021, 1]        // 0.034
/// ```
public struct PeriodReturnTable: Sendable, Hashable {
    /// One calendar month's compounded return.
    public struct MonthReturn: Sendable, Hashable {
        /// The year.
        public let year: Int
        /// The month, 1-12.
        public let month: Int
        /// The compounded return of the month.
        public let value: Double
    }

    /// One calendar year's compounded return.
    public struct YearReturn: Sendable, Hashable {
        /// The year.
        public let year: Int
        /// The compounded return of the year.
        public let value: Double
    }

    /// Months in chronological order.
    public let monthly: [MonthReturn]
    /// Years in chronological order.
    public let yearly: [YearReturn]

    /// Aggregates a dated series.
    ///
    /// - Throws: ``RiskMetricsError`` `.missingDates` when the series has no dates.
    /// - Complexity: O(n), one pass.
    public init(_ series: ReturnSeries) throws {
        guard let dates = series.dates else {
            throw RiskMetricsError(.missingDates, asset: series.asset, detail: "monthly and yearly tables need a dated series")
        }
        let simple = series.kindTag == .simple
        var months = [MonthReturn](), years = [YearReturn]()
        var monthKey = (dates[0].year, dates[0].month), monthWealth = 1.0
        var yearKey = dates[0].year, yearWealth = 1.0
        for t in dates.indices {
            let c = dates[t].components
            if (c.year, c.month) != monthKey {
                months.append(MonthReturn(year: monthKey.0, month: monthKey.1, value: monthWealth - 1))
                monthKey = (c.year, c.month); monthWealth = 1
            }
            if c.year != yearKey {
                years.append(YearReturn(year: yearKey, value: yearWealth - 1))
                yearKey = c.year; yearWealth = 1
            }
            let g = simple ? 1 + series.values[t] : exp(series.values[t])
            monthWealth *= g
            yearWealth *= g
        }
        months.append(MonthReturn(year: monthKey.0, month: monthKey.1, value: monthWealth - 1))
        years.append(YearReturn(year: yearKey, value: yearWealth - 1))
        monthly = months
        yearly = years
    }

    /// The return of `month` (1-12) in `year`, or `nil` when the table has no such month.
    public subscript(year: Int, month: Int) -> Double? {
        monthly.first { $0.year == year && $0.month == month }?.value
    }
}
