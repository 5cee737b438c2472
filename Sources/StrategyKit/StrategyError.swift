public import QuantCore

/// Thrown when a strategy cannot decide: the reason, plus the symbol and date to blame.
public struct StrategyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidData, missingData, invalidWeights, invalidConfiguration, emptyUniverse, componentFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The data handed over is inconsistent.
        public static var invalidData: Self { Self(.invalidData) }
        /// Data the strategy needs is absent.
        public static var missingData: Self { Self(.missingData) }
        /// Target weights are non-finite, negative where not allowed, or sum above one.
        public static var invalidWeights: Self { Self(.invalidWeights) }
        /// A parameter is out of range.
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// Nothing is left to invest in.
        public static var emptyUniverse: Self { Self(.emptyUniverse) }
        /// A composed role (selector or weighting) failed; the detail names it.
        public static var componentFailed: Self { Self(.componentFailed) }
        /// A short name, e.g. `"invalidWeights"`.
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
