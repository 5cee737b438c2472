/// A named accounting figure, such as book equity or net income.
///
/// An open set: the static members name the common figures, and any other is one line away
/// (`extension FundamentalField { static let capex: Self = "capex" }`). Fields compare by name.
///
/// Conventions for the built-in fields, used by ``FundamentalsStore`` and the synthetic market:
/// - balance-sheet figures (book equity, total assets, total debt, shares outstanding) are
///   levels at the fiscal period end;
/// - flow figures (revenue, gross profit, net income, operating cash flow) cover the one fiscal
///   quarter ending at the period end (sum four with ``FundamentalsStore/trailingSum(of:for:asOf:periods:reportingLag:)``
///   for a trailing-twelve-month figure);
/// - ``dividendsPerShare`` is the cash dividend per share declared for the fiscal year ending at the period end;
/// - amounts are in the reporting currency (won), shares in units.
public struct FundamentalField: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The field's name, e.g. `"bookEquity"`.
    public let name: String

    /// Creates a field from its name.
    public init(_ name: String) { self.name = name }

    /// Creates a field from a string literal.
    public init(stringLiteral value: String) { self.name = value }

    /// Decodes the field from its name.
    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the field as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// The name.
    public var description: String { name }

    /// Orders fields by name.
    public static func < (lhs: FundamentalField, rhs: FundamentalField) -> Bool { lhs.name < rhs.name }

    /// Total shareholders' equity at the period end (the book value in P/B).
    public static let bookEquity: Self = "bookEquity"
    /// Net income attributable to owners for the quarter.
    public static let netIncome: Self = "netIncome"
    /// Revenue (sales) for the quarter.
    public static let revenue: Self = "revenue"
    /// Gross profit (revenue minus cost of sales) for the quarter.
    public static let grossProfit: Self = "grossProfit"
    /// Total assets at the period end.
    public static let totalAssets: Self = "totalAssets"
    /// Interest-bearing debt at the period end.
    public static let totalDebt: Self = "totalDebt"
    /// Cash flow from operations for the quarter.
    public static let operatingCashFlow: Self = "operatingCashFlow"
    /// Cash dividend per share declared for the fiscal year ending at the period end.
    public static let dividendsPerShare: Self = "dividendsPerShare"
    /// Common shares outstanding at the period end.
    public static let sharesOutstanding: Self = "sharesOutstanding"
}
