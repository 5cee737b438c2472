public import QuantCore

/// Thrown when the store cannot do what was asked: the reason and where.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case cannotOpen, database, unknownRun, unknownOrder, conflict
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The database file cannot be opened or migrated.
        public static var cannotOpen: Self { Self(.cannotOpen) }
        /// SQLite reported an error.
        public static var database: Self { Self(.database) }
        /// No run is recorded for the date.
        public static var unknownRun: Self { Self(.unknownRun) }
        /// A fill names an order the store does not have.
        public static var unknownOrder: Self { Self(.unknownOrder) }
        /// The request contradicts what is stored (e.g. a completed run's orders changed).
        public static var conflict: Self { Self(.conflict) }
        /// A short name, e.g. `"unknownRun"`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// The run date concerned, when there is one.
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
    public var description: String {
        "\(reason)\(date.map { " on \($0)" } ?? ""): \(detail)"
    }
}
