public import QuantCore

/// Thrown when a backtest cannot run: the reason, plus the symbol and date to blame.
public struct BacktestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidConfiguration, invalidData, emptyPeriod
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A parameter is out of range (capital, rates, lot size, lag, schedule).
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// The price data cannot be traded on (a non-positive or infinite price).
        public static var invalidData: Self { Self(.invalidData) }
        /// The requested period holds fewer than two trading dates.
        public static var emptyPeriod: Self { Self(.emptyPeriod) }
        /// A short name, e.g. `"invalidData"`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// The symbol to blame, when there is one.
    public var symbol: Symbol?
    /// The date to blame, when there is one.
    public var date: TradingDate?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, symbol: Symbol? = nil, date: TradingDate? = nil, detail: String) {
        self.reason = reason
        self.symbol = symbol
        self.date = date
        self.detail = detail
    }

    /// The reason, the symbol and date when known, and the detail.
    public var description: String {
        var place = ""
        if let symbol { place += " for \(symbol)" }
        if let date { place += " on \(date)" }
        return "\(reason)\(place): \(detail)"
    }
}
