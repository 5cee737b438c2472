/// How a ``KISRESTClient`` reaches KIS and paces itself. Every parameter but the environment has a default.
///
/// ```swift
/// var configuration = KISRESTConfiguration(environment: .paper, account: try KISAccount(parsing: "50000000-01"))
/// configuration.ordersEnabled = true   // only for a live trading adapter
/// ```
public struct KISRESTConfiguration: Sendable {
    /// Real or paper; chooses the defaults below.
    public var environment: KISEnvironment
    /// The REST base URL (``KISEnvironment/restBaseURL`` by default; the simulator's URL in tests).
    public var baseURL: String
    /// The account for order-fill, balance and order endpoints; nil for quote-only use.
    public var account: KISAccount?
    /// `custtype`: `P` individual (`B` corporate needs headers this client does not send).
    public var customerType: String
    /// The `tr_id` of each endpoint.
    public var transactionIDs: KISTransactionIDs
    /// Requests per ``rateLimitWindow`` for every endpoint but the token (20 real, 2 paper).
    public var requestsPerSecond: Int
    /// Requests per ``rateLimitWindow`` to `/oauth2/tokenP` (KIS: 1 per second).
    public var tokenRequestsPerSecond: Int
    /// The window the per-second limits are counted over, from each request's answer (a request
    /// holds its slot while in flight, so latency cannot squeeze `requestsPerSecond + 1`
    /// arrivals into one server second). Slightly over 1 s by default, for clock granularity.
    public var rateLimitWindow: Duration
    /// How many times an `EGW00201` answer is retried before ``KISRESTError/Reason/rateLimited``.
    public var rateLimitRetries: Int
    /// The wait before the first retry after `EGW00201`; it doubles per retry up to ``rateLimitBackoffCap``.
    public var rateLimitBackoff: Duration
    /// The longest wait between `EGW00201` retries.
    public var rateLimitBackoffCap: Duration
    /// Renew the access token this long before it expires (KIS tokens last 24 h).
    public var tokenRefreshMargin: Duration
    /// `msg_cd`s meaning the access token expired or is invalid: the client renews it and retries once.
    public var tokenRejectedCodes: Set<String>
    /// The timeout of one HTTP request.
    public var requestTimeout: Duration
    /// Continuation pages followed at most by one inquiry (daily order fills, balance).
    public var maxPages: Int
    /// `EXCG_ID_DVSN_CD`, the venue sent with orders and the daily order-fill inquiry (`KRX`,
    /// `NXT`, `SOR`; `ALL` for the inquiry); nil leaves the field out, as older samples do.
    public var exchangeID: String?
    /// Send a `hashkey` header (from `POST /uapi/hashkey`) with orders. KIS documents it as optional.
    public var usesHashKey: Bool
    /// Allows ``KISRESTClient/placeOrder(_:)``, ``KISRESTClient/cancelOrder(_:quantity:)`` and
    /// ``KISRESTClient/amendOrder(_:price:quantity:)``. Off by default: without it they throw
    /// ``KISRESTError/Reason/ordersDisabled`` and send nothing.
    public var ordersEnabled: Bool

    /// Creates a configuration with the environment's defaults.
    public init(
        environment: KISEnvironment, baseURL: String? = nil, account: KISAccount? = nil, customerType: String = "P",
        transactionIDs: KISTransactionIDs? = nil, requestsPerSecond: Int? = nil, tokenRequestsPerSecond: Int = 1,
        rateLimitWindow: Duration = .milliseconds(1_050), rateLimitRetries: Int = 5,
        rateLimitBackoff: Duration = .milliseconds(250), rateLimitBackoffCap: Duration = .seconds(4),
        tokenRefreshMargin: Duration = .seconds(600), tokenRejectedCodes: Set<String> = ["EGW00123", "EGW00121"],
        requestTimeout: Duration = .seconds(10), maxPages: Int = 50, exchangeID: String? = "KRX", usesHashKey: Bool = true,
        ordersEnabled: Bool = false
    ) {
        self.exchangeID = exchangeID
        self.environment = environment
        self.baseURL = baseURL ?? environment.restBaseURL
        self.account = account
        self.customerType = customerType
        self.transactionIDs = transactionIDs ?? .forEnvironment(environment)
        self.requestsPerSecond = max(1, requestsPerSecond ?? environment.requestsPerSecond)
        self.tokenRequestsPerSecond = max(1, tokenRequestsPerSecond)
        self.rateLimitWindow = rateLimitWindow
        self.rateLimitRetries = max(0, rateLimitRetries)
        self.rateLimitBackoff = rateLimitBackoff
        self.rateLimitBackoffCap = rateLimitBackoffCap
        self.tokenRefreshMargin = tokenRefreshMargin
        self.tokenRejectedCodes = tokenRejectedCodes
        self.requestTimeout = requestTimeout
        self.maxPages = max(1, maxPages)
        self.usesHashKey = usesHashKey
        self.ordersEnabled = ordersEnabled
    }
}
