/// Thrown when market data is not usable as given: the reason, plus the asset and date to blame.
///
/// ```swift
/// do { try panel.validateFinite() }
/// catch let error as DataError { print(error) }   // "non-finite value for 005930 on 2024-03-29: ..."
/// ```
public struct DataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case empty, tooFewObservations, duplicateDate, unsortedDates, duplicateAsset, shapeMismatch
            case nonFinite, missingValue, nonPositivePrice, unknownAsset, unknownDate, labelMismatch, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// No dates or no assets.
        public static var empty: Self { Self(.empty) }
        /// Fewer observations than the computation needs.
        public static var tooFewObservations: Self { Self(.tooFewObservations) }
        /// A date appears twice.
        public static var duplicateDate: Self { Self(.duplicateDate) }
        /// Dates are not strictly ascending.
        public static var unsortedDates: Self { Self(.unsortedDates) }
        /// An asset appears twice.
        public static var duplicateAsset: Self { Self(.duplicateAsset) }
        /// Value count disagrees with the labels.
        public static var shapeMismatch: Self { Self(.shapeMismatch) }
        /// A value is infinite (or NaN where NaN does not mean missing).
        public static var nonFinite: Self { Self(.nonFinite) }
        /// A value is missing where the policy forbids it.
        public static var missingValue: Self { Self(.missingValue) }
        /// A price is zero or negative.
        public static var nonPositivePrice: Self { Self(.nonPositivePrice) }
        /// An asset is not in the data.
        public static var unknownAsset: Self { Self(.unknownAsset) }
        /// A date is not in the data.
        public static var unknownDate: Self { Self(.unknownDate) }
        /// Two inputs disagree on their labels (assets or dates).
        public static var labelMismatch: Self { Self(.labelMismatch) }
        /// A value is outside its allowed range.
        public static var invalidValue: Self { Self(.invalidValue) }
        /// A short name, e.g. `"nonFinite"`.
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
        var where_ = ""
        if let asset { where_ += " for \(asset)" }
        if let date { where_ += " on \(date)" }
        return "\(reason)\(where_): \(detail)"
    }
}
