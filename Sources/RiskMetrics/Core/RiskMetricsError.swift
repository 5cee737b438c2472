public import QuantCore

/// Thrown when inputs cannot produce a risk or performance statistic: the reason, plus the
/// asset, date and position to blame.
///
/// Statistics that are *mathematically undefined* for valid data (a Sharpe ratio of a series
/// with zero volatility, a Calmar ratio without a drawdown) are not errors: they are `nil`
/// results, documented on each property. This error is for input that is unusable as given.
///
/// ```swift
/// do { _ = try ReturnSeries([0.01, .infinity], asset: "005930") }
/// catch let error as RiskMetricsError { print(error) }   // "nonFinite for 005930 at index 1: ..."
/// ```
public struct RiskMetricsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case empty, tooFewObservations, nonFinite, lengthMismatch, invalidValue, invalidParameter
            case labelMismatch, missingDates, singular
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The series (or the aligned pair of series) has no observations.
        public static var empty: Self { Self(.empty) }
        /// Fewer observations than the statistic needs (e.g. a volatility from one return).
        public static var tooFewObservations: Self { Self(.tooFewObservations) }
        /// A value is NaN or infinite where a finite number is required.
        public static var nonFinite: Self { Self(.nonFinite) }
        /// Two inputs that must have equal lengths (values and dates, weights and covariance) do not.
        public static var lengthMismatch: Self { Self(.lengthMismatch) }
        /// A value is outside its domain (a simple return below -1, a negative variance).
        public static var invalidValue: Self { Self(.invalidValue) }
        /// A parameter is outside its domain (confidence not in (0, 1), a window of 0).
        public static var invalidParameter: Self { Self(.invalidParameter) }
        /// Dates are not strictly ascending, or two series cannot be aligned.
        public static var labelMismatch: Self { Self(.labelMismatch) }
        /// The statistic needs dates (calendar tables, date alignment) and the series has none.
        public static var missingDates: Self { Self(.missingDates) }
        /// A regression design matrix is rank deficient.
        public static var singular: Self { Self(.singular) }
        /// A short name, e.g. `"nonFinite"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The asset to blame, when known.
    public var asset: Symbol?
    /// The date to blame, when known.
    public var date: TradingDate?
    /// The position (observation or element index) to blame, when known.
    public var index: Int?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, asset: Symbol? = nil, date: TradingDate? = nil, index: Int? = nil, detail: String) {
        self.reason = reason
        self.asset = asset
        self.date = date
        self.index = index
        self.detail = detail
    }

    /// The reason, the asset, date and index when known, and the detail.
    public var description: String {
        var location = ""
        if let asset { location += " for \(asset)" }
        if let date { location += " on \(date)" }
        if let index, date == nil { location += " at index \(index)" }
        return "\(reason)\(location): \(detail)"
    }
}
