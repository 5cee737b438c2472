public import QuantCore

/// Thrown when the daily pipeline cannot run a day: the reason and the date.
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noMarketData, inconsistentStore
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The data has no prices for the run date.
        public static var noMarketData: Self { Self(.noMarketData) }
        /// The store's state contradicts itself (e.g. orders without an account).
        public static var inconsistentStore: Self { Self(.inconsistentStore) }
        /// A short name, e.g. `"noMarketData"`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// The run date.
    public var date: TradingDate?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, date: TradingDate? = nil, detail: String) {
        self.reason = reason
        self.date = date
        self.detail = detail
    }

    /// The reason, the date when known, and the detail.
    public var description: String { "\(reason)\(date.map { " on \($0)" } ?? ""): \(detail)" }
}
