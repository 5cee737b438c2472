/// An error of the real-time client. Never contains a credential.
public struct KISStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (extensible).
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case subscriptionLimitExceeded, appKeyInUse, approvalKeyRequestFailed, subscriptionRefused, invalidApproval
            case noticeRecoveryFailed
        }
        private let base: Base
        /// The request would exceed the registration cap; nothing was sent.
        public static var subscriptionLimitExceeded: Self { Self(base: .subscriptionLimitExceeded) }
        /// `OPSP8996`: another session holds the app key.
        public static var appKeyInUse: Self { Self(base: .appKeyInUse) }
        /// `/oauth2/Approval` failed.
        public static var approvalKeyRequestFailed: Self { Self(base: .approvalKeyRequestFailed) }
        /// The server refused a subscription.
        public static var subscriptionRefused: Self { Self(base: .subscriptionRefused) }
        /// `OPSP0011` persisted after re-issuing the approval key.
        public static var invalidApproval: Self { Self(base: .invalidApproval) }
        /// The order-fill inquiry that recovers missed notices failed (retried; the next session tries again).
        public static var noticeRecoveryFailed: Self { Self(base: .noticeRecoveryFailed) }
        /// The reason's name.
        public var description: String { base.rawValue }
    }

    /// The reason.
    public var reason: Reason
    /// The subscription concerned, when there is one (its description hides the HTS ID).
    public var subscription: KISSubscription?
    /// The server's code, when the server refused.
    public var code: KISControlCode?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(reason: Reason, subscription: KISSubscription? = nil, code: KISControlCode? = nil, detail: String) {
        self.reason = reason
        self.subscription = subscription
        self.code = code
        self.detail = detail
    }

    /// `subscriptionLimitExceeded H0STCNT0/005930: …`.
    public var description: String {
        var text = reason.description
        if let subscription { text += " \(subscription)" }
        if let code { text += " [\(code.rawValue)]" }
        return text + ": " + detail
    }
}
