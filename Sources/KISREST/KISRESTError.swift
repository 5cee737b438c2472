/// An error of the KIS REST client: what failed, on which endpoint, with the HTTP status and
/// KIS's `msg_cd` when the server answered.
///
/// Never contains the app key, app secret, access token, approval key or account number.
public struct KISRESTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (extensible).
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case transport, httpStatus, rejected, rateLimited, tokenRequestFailed, approvalKeyRequestFailed
            case malformedResponse, ordersDisabled, missingAccount, invalidRequest, tooManyPages
        }
        private let base: Base
        /// The request could not be sent or no complete answer came (connect, timeout, reset).
        public static var transport: Self { Self(base: .transport) }
        /// A non-200 HTTP status without a more specific KIS code.
        public static var httpStatus: Self { Self(base: .httpStatus) }
        /// KIS answered `rt_cd` other than `"0"`; ``KISRESTError/messageCode`` says why.
        public static var rejected: Self { Self(base: .rejected) }
        /// `EGW00201` (per-second limit exceeded) persisted through every retry.
        public static var rateLimited: Self { Self(base: .rateLimited) }
        /// `POST /oauth2/tokenP` failed.
        public static var tokenRequestFailed: Self { Self(base: .tokenRequestFailed) }
        /// `POST /oauth2/Approval` failed.
        public static var approvalKeyRequestFailed: Self { Self(base: .approvalKeyRequestFailed) }
        /// The answer was not the JSON the endpoint documents (a field missing or not a number).
        public static var malformedResponse: Self { Self(base: .malformedResponse) }
        /// An order or cancel was attempted while ``KISRESTConfiguration/ordersEnabled`` is false.
        public static var ordersDisabled: Self { Self(base: .ordersDisabled) }
        /// The endpoint needs ``KISRESTConfiguration/account``, which is nil.
        public static var missingAccount: Self { Self(base: .missingAccount) }
        /// The request itself was invalid (for example a non-positive quantity); nothing was sent.
        public static var invalidRequest: Self { Self(base: .invalidRequest) }
        /// Continuation paging went past ``KISRESTConfiguration/maxPages``.
        public static var tooManyPages: Self { Self(base: .tooManyPages) }
        /// The reason's name.
        public var description: String { base.rawValue }
    }

    /// The reason.
    public var reason: Reason
    /// The endpoint path (such as `/uapi/domestic-stock/v1/quotations/inquire-price`), or a
    /// short name for client-side checks.
    public var endpoint: String
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// KIS's `msg_cd` (such as `EGW00201`), when the response had one.
    public var messageCode: String?
    /// One sentence for humans; never a credential.
    public var detail: String

    /// Creates an error.
    public init(reason: Reason, endpoint: String, httpStatus: Int? = nil, messageCode: String? = nil, detail: String) {
        self.reason = reason
        self.endpoint = endpoint
        self.httpStatus = httpStatus
        self.messageCode = messageCode
        self.detail = detail
    }

    /// `rejected /uapi/…/inquire-price HTTP 500 [EGW00201]: …`.
    public var description: String {
        var text = "\(reason) \(endpoint)"
        if let httpStatus { text += " HTTP \(httpStatus)" }
        if let messageCode { text += " [\(messageCode)]" }
        return text + ": " + detail
    }
}
