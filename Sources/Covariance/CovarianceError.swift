public import QuantCore

/// Thrown when returns cannot produce a covariance estimate: the reason, plus the asset and
/// date to blame when there is one.
///
/// ```swift
/// do { _ = try SampleCovariance(missing: .forbid).estimate(from: returns) }
/// catch let error as CovarianceError where error.reason == .missingValue {
///     print(error)   // "missingValue for 005930 on 2024-03-29: missing value where the policy forbids it"
/// }
/// ```
public struct CovarianceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case tooFewObservations, emptyUniverse, nonFinite, missingValue, labelMismatch
            case invalidParameter, notPositiveSemidefinite, numericalFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// Fewer observations than the estimator needs (at least 2, or 2 joint observations per pair).
        public static var tooFewObservations: Self { Self(.tooFewObservations) }
        /// The panel has no assets.
        public static var emptyUniverse: Self { Self(.emptyUniverse) }
        /// A value is infinite (or NaN where NaN cannot mean missing).
        public static var nonFinite: Self { Self(.nonFinite) }
        /// A value is missing where the missing-data policy forbids it.
        public static var missingValue: Self { Self(.missingValue) }
        /// Two inputs disagree on their labels (assets or dates).
        public static var labelMismatch: Self { Self(.labelMismatch) }
        /// A configuration value is out of range (a negative half-life, `ddof >= T`, ...).
        public static var invalidParameter: Self { Self(.invalidParameter) }
        /// A matrix that must be positive semidefinite is not, and cannot be repaired.
        public static var notPositiveSemidefinite: Self { Self(.notPositiveSemidefinite) }
        /// A linear-algebra routine failed on the data (the detail carries its message).
        public static var numericalFailure: Self { Self(.numericalFailure) }
        /// A short name, e.g. `"tooFewObservations"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The asset to blame, when there is one.
    public var asset: Symbol?
    /// The date to blame, when there is one.
    public var date: TradingDate?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, asset: Symbol? = nil, date: TradingDate? = nil, detail: String) {
        self.reason = reason
        self.asset = asset
        self.date = date
        self.detail = detail
    }

    /// The reason, the asset and date when known, and the detail.
    public var description: String {
        var location = ""
        if let asset { location += " for \(asset)" }
        if let date { location += " on \(date)" }
        return "\(reason)\(location): \(detail)"
    }
}
