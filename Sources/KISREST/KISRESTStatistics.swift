/// Counters of a ``KISRESTClient`` since its creation.
public struct KISRESTStatistics: Sendable, Hashable {
    /// HTTP requests sent, token and approval requests included.
    public var requestsSent = 0
    /// Access tokens issued by `/oauth2/tokenP`.
    public var tokensIssued = 0
    /// Tokens renewed because KIS rejected the cached one (`EGW00123`/`EGW00121`).
    public var tokenRejections = 0
    /// Requests repeated after `EGW00201`.
    public var rateLimitRetries = 0
    /// Continuation pages fetched beyond the first.
    public var continuationPages = 0

    /// Creates zeroed counters.
    public init() {}
}
