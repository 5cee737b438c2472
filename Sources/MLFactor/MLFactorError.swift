public import QuantCore

/// Thrown when a factor evaluation, a model fit or a validation split cannot be done on the
/// data given: the reason, plus the asset, date, row and column to blame when there is one.
///
/// ```swift
/// do { _ = try FactorEvaluator(quantiles: 5).evaluate(factor: scores, forwardReturns: returns) }
/// catch let error as MLFactorError { print(error) }   // "tooFewDates: no date has at least 5 assets ..."
/// ```
public struct MLFactorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidConfiguration, shapeMismatch, nonFinite, tooFewDates, tooFewRows
            case singularSystem, unsupportedVersion, labelMismatch
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A parameter is out of range (a negative penalty, zero quantiles, ...).
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// Inputs disagree on their sizes (feature rows versus target rows, feature count).
        public static var shapeMismatch: Self { Self(.shapeMismatch) }
        /// A value that must be finite is NaN or infinite.
        public static var nonFinite: Self { Self(.nonFinite) }
        /// Fewer usable dates than the computation needs.
        public static var tooFewDates: Self { Self(.tooFewDates) }
        /// Fewer usable rows (observations) than the computation needs.
        public static var tooFewRows: Self { Self(.tooFewRows) }
        /// A linear system has no unique solution (e.g. a constant feature with no penalty).
        public static var singularSystem: Self { Self(.singularSystem) }
        /// A saved model was written by a format version this build does not read.
        public static var unsupportedVersion: Self { Self(.unsupportedVersion) }
        /// Two inputs disagree on their labels (feature names, dates).
        public static var labelMismatch: Self { Self(.labelMismatch) }
        /// A short name, e.g. `"tooFewDates"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The asset to blame, when there is one.
    public var asset: Symbol?
    /// The date to blame, when there is one.
    public var date: TradingDate?
    /// The 0-based observation row to blame, when there is one.
    public var row: Int?
    /// The 0-based feature column to blame, when there is one.
    public var column: Int?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, asset: Symbol? = nil, date: TradingDate? = nil, row: Int? = nil, column: Int? = nil, detail: String) {
        self.reason = reason
        self.asset = asset
        self.date = date
        self.row = row
        self.column = column
        self.detail = detail
    }

    /// The reason, the place when known, and the detail.
    public var description: String {
        var place = ""
        if let asset { place += " for \(asset)" }
        if let date { place += " on \(date)" }
        if let row { place += " at row \(row)" }
        if let column { place += (row == nil ? " at" : ",") + " column \(column)" }
        return "\(reason)\(place): \(detail)"
    }
}
