/// Thrown when a report or chart cannot be built.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable { case invalidInput, templateMissing, templateInvalid, plotlyScriptMissing, writeFailed }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The input values are inconsistent.
        public static var invalidInput: Self { Self(.invalidInput) }
        /// The template resource or file was not found.
        public static var templateMissing: Self { Self(.templateMissing) }
        /// The template does not parse.
        public static var templateInvalid: Self { Self(.templateInvalid) }
        /// The plotly.js file to inline was not found or unreadable.
        public static var plotlyScriptMissing: Self { Self(.plotlyScriptMissing) }
        /// The report file could not be written.
        public static var writeFailed: Self { Self(.writeFailed) }
        /// A short name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// One sentence naming the input, file or path concerned.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// The reason and the detail.
    public var description: String { "\(reason): \(detail)" }
}
