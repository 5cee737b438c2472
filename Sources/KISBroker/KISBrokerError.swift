/// Why the live broker adapter stopped or refused.
public struct KISBrokerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case killSwitchEngaged, positionsDiffer, noAccount, brokerFailed
        }
        let base: Base
        /// The kill-switch file exists: nothing was sent.
        public static var killSwitchEngaged: Self { Self(base: .killSwitchEngaged) }
        /// The broker's positions differ from the store's and adopting them was not allowed.
        public static var positionsDiffer: Self { Self(base: .positionsDiffer) }
        /// The store has no account (run the pipeline once, or reconcile with adoption).
        public static var noAccount: Self { Self(base: .noAccount) }
        /// A KIS request failed (the underlying error is in the detail, without credentials).
        public static var brokerFailed: Self { Self(base: .brokerFailed) }
        /// The reason's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let reason: Reason
    /// What happened, naming symbols and order numbers, never credentials or the account number.
    public let detail: String

    /// Creates an error.
    public init(_ reason: Reason, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// `reason: detail`.
    public var description: String { "\(reason): \(detail)" }
}
