/// One reported figure: which company, which field, which fiscal period, when it became public,
/// and its value.
///
/// The publication date is what makes a record point-in-time: a figure for the quarter ending
/// 2024-03-31 published on 2024-05-14 could not be used by a strategy on 2024-05-13. When the
/// publication date is unknown (`nil`), ``FundamentalsStore`` assumes it became public a
/// reporting lag after the period end.
///
/// ```swift
/// let record = FundamentalRecord(symbol: "005930", field: .bookEquity,
///                                periodEnd: TradingDate(year: 2024, month: 3, day: 31)!,
///                                publishedOn: TradingDate(year: 2024, month: 5, day: 14)!,
///                                value: 3.7e14)
/// ```
public struct FundamentalRecord: Sendable, Hashable, Codable {
    /// The company.
    public var symbol: Symbol
    /// The figure.
    public var field: FundamentalField
    /// The last day of the fiscal period the figure describes.
    public var periodEnd: TradingDate
    /// The day the figure became public (filing date), `nil` when unknown.
    public var publishedOn: TradingDate?
    /// The figure's value.
    public var value: Double

    /// Creates a record.
    public init(symbol: Symbol, field: FundamentalField, periodEnd: TradingDate, publishedOn: TradingDate? = nil, value: Double) {
        self.symbol = symbol
        self.field = field
        self.periodEnd = periodEnd
        self.publishedOn = publishedOn
        self.value = value
    }

    /// The first date on which the figure may be used: ``publishedOn`` when known, otherwise
    /// ``periodEnd`` plus `reportingLag` calendar days.
    public func availableOn(reportingLag: Int) -> TradingDate {
        publishedOn ?? periodEnd.adding(days: reportingLag)
    }
}
