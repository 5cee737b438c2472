/// A control-reply message code (`msg_cd`), such as `OPSP0000`.
public struct KISControlCode: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The code as sent.
    public let rawValue: String
    /// Creates a code from its wire form.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The code itself.
    public var description: String { rawValue }

    /// `SUBSCRIBE SUCCESS`.
    public static let subscribeSuccess: Self = "OPSP0000"
    /// `UNSUBSCRIBE SUCCESS`.
    public static let unsubscribeSuccess: Self = "OPSP0001"
    /// `ALREADY IN SUBSCRIBE`: benign, treated as subscribed.
    public static let alreadySubscribed: Self = "OPSP0002"
    /// `UNSUBSCRIBE ERROR (not found!)`: treated as released.
    public static let unsubscribeNotFound: Self = "OPSP0003"
    /// `SUBSCRIBE INTERNAL ERROR`: retried later.
    public static let subscribeInternalError: Self = "OPSP0007"
    /// `MAX SUBSCRIBE OVER`: over the 41-registration cap.
    public static let maxSubscriptionsExceeded: Self = "OPSP0008"
    /// `mci send failed`.
    public static let mciSendFailed: Self = "OPSP0009"
    /// `SUBSCRIBE WARNING : invalid appkey`.
    public static let invalidAppKeyWarning: Self = "OPSP0010"
    /// `invalid approval : NOT FOUND`: the approval key is re-issued.
    public static let invalidApproval: Self = "OPSP0011"
    /// `SUBSCRIBE ERROR : invalid tr_id`.
    public static let invalidTransactionID: Self = "OPSP8991"
    /// `SUBSCRIBE ERROR : invalid tr_key`.
    public static let invalidTransactionKey: Self = "OPSP8992"
    /// `ALREADY IN USE appkey`: another session holds the app key.
    public static let appKeyInUse: Self = "OPSP8996"

    /// `OPSP9990`…`OPSP9999`: the server could not parse the request (`JSON PARSING ERROR`).
    public var isRequestParsingError: Bool {
        rawValue.hasPrefix("OPSP999") && rawValue.count == 8
    }
}
