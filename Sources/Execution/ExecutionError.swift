public import QuantCore

/// Thrown when orders cannot be planned: the reason and the symbol to blame.
public struct ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidConfiguration, invalidQuote, invalidHoldings
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A parameter is out of range.
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// A price is missing, non-positive or not finite.
        public static var invalidQuote: Self { Self(.invalidQuote) }
        /// Holdings or cash are negative or not finite.
        public static var invalidHoldings: Self { Self(.invalidHoldings) }
        /// A short name, e.g. `"invalidQuote"`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// The symbol to blame, when there is one.
    public var symbol: Symbol?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, symbol: Symbol? = nil, detail: String) {
        self.reason = reason
        self.symbol = symbol
        self.detail = detail
    }

    /// The reason, the symbol when known, and the detail.
    public var description: String {
        "\(reason)\(symbol.map { " for \($0)" } ?? ""): \(detail)"
    }
}
