/// Thrown when a CSV file cannot be read as the format it should be: the reason, plus the file,
/// line and column to blame.
///
/// The description reads like a compiler diagnostic, so an operator can jump to the cell:
///
/// ```swift
/// do { _ = try Panel(csvFile: "returns.csv") }
/// catch let error as CSVError { print(error) }
/// // returns.csv:14:3 (000660): 'abc' is not a number
/// ```
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadable, invalidEncoding, malformedQuote, empty, invalidHeader, fieldCount
            case invalidNumber, invalidDate, invalidTime, duplicateDate, unsortedDates, duplicateAsset
            case missingValue, asymmetric, labelMismatch, missingDate, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The file could not be opened or read.
        public static var unreadable: Self { Self(.unreadable) }
        /// The bytes are not valid UTF-8.
        public static var invalidEncoding: Self { Self(.invalidEncoding) }
        /// A quoted field is not closed, or text follows its closing quote.
        public static var malformedQuote: Self { Self(.malformedQuote) }
        /// The file has no header or no data rows where they are required.
        public static var empty: Self { Self(.empty) }
        /// The header row is not the one the format requires.
        public static var invalidHeader: Self { Self(.invalidHeader) }
        /// A row has more or fewer fields than the header.
        public static var fieldCount: Self { Self(.fieldCount) }
        /// A cell that must hold a decimal number holds something else.
        public static var invalidNumber: Self { Self(.invalidNumber) }
        /// A cell that must hold a `YYYY-MM-DD` date holds something else.
        public static var invalidDate: Self { Self(.invalidDate) }
        /// A cell that must hold an `HH:MM` time holds something else, or the times are inconsistent.
        public static var invalidTime: Self { Self(.invalidTime) }
        /// A date appears twice.
        public static var duplicateDate: Self { Self(.duplicateDate) }
        /// Dates are not strictly ascending.
        public static var unsortedDates: Self { Self(.unsortedDates) }
        /// An asset appears twice.
        public static var duplicateAsset: Self { Self(.duplicateAsset) }
        /// A cell is empty where the format requires a value.
        public static var missingValue: Self { Self(.missingValue) }
        /// A square matrix is not symmetric within tolerance.
        public static var asymmetric: Self { Self(.asymmetric) }
        /// A row label disagrees with the header.
        public static var labelMismatch: Self { Self(.labelMismatch) }
        /// A date the format requires is not listed.
        public static var missingDate: Self { Self(.missingDate) }
        /// A value is outside its allowed range.
        public static var invalidValue: Self { Self(.invalidValue) }
        /// A short name, e.g. `"invalidNumber"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The file path, or a name given by the caller for text that did not come from a file.
    public var file: String
    /// The 1-based line of the file where the offending row starts, when there is one.
    public var line: Int?
    /// The 1-based field index within the row, when one field is to blame.
    public var column: Int?
    /// The header name of ``column`` (an asset code in a panel), when known.
    public var columnName: String?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, detail: String) {
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.detail = detail
    }

    /// `file:line:column (name): detail`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let columnName { text += " (\(columnName))" }
        return text + ": " + detail
    }
}
