/// How a ``KISSimulator`` behaves. Every parameter has a default suited to tests.
public struct KISSimulatorConfiguration: Sendable {
    /// The address to bind; loopback.
    public var host: String
    /// The WebSocket port; 0 picks a free one.
    public var webSocketPort: Int
    /// The REST port (`/oauth2/Approval`, `/oauth2/tokenP`, `/uapi/…`); 0 picks a free one.
    public var restPort: Int
    /// The seed of the random-walk market (and of the session keys).
    public var seed: UInt64
    /// Starting prices in won, per stock code; unknown codes start at 50,000.
    public var initialPrices: [String: Int]
    /// How often subscribed stocks trade (and their books update).
    public var tickInterval: Duration
    /// The chance that a tick packs 2-4 records into one frame (`count` > 1).
    public var multiRecordProbability: Double
    /// How often PINGPONG is sent to every session.
    public var pingPongInterval: Duration
    /// A session whose PINGPONG is not echoed (text or pong frame) within this time is closed.
    public var pingPongTimeout: Duration
    /// The registration cap per session.
    public var maxRegistrations: Int
    /// Fields appended to every H0STCNT0 record (layout drift, as KIS does over time).
    public var extraTradeFields: Int
    /// When set, only these app keys get an approval key (others get HTTP 403 `EGW00103`).
    public var acceptedAppKeys: Set<String>?
    /// When set, each notice subscription receives an encrypted fill this often.
    public var automaticNoticeInterval: Duration?
    /// When set, REST requests per app key beyond this many in any second are answered
    /// HTTP 500 `EGW00201` (KIS: 20 real, 2 paper); nil accepts everything.
    public var restRequestsPerSecond: Int?
    /// How long an access token from `/oauth2/tokenP` is valid (KIS: 24 h); `expires_in` says so.
    public var accessTokenLifetime: Duration
    /// Rows per page of the order-fill and balance inquiries (continuation beyond it).
    public var restPageSize: Int
    /// Each account's cash before its first fill, won.
    public var initialCash: Int
    /// When set, an order fills at most this many shares per market tick (partial fills).
    public var fillLotSize: Int?
    /// The first order number handed out.
    public var firstOrderNumber: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", webSocketPort: Int = 0, restPort: Int = 0, seed: UInt64 = 20_261_203,
        initialPrices: [String: Int] = ["005930": 71_000, "000660": 180_000, "035420": 210_000],
        tickInterval: Duration = .milliseconds(50), multiRecordProbability: Double = 0.25,
        pingPongInterval: Duration = .seconds(10), pingPongTimeout: Duration = .seconds(100), maxRegistrations: Int = 41,
        extraTradeFields: Int = 0, acceptedAppKeys: Set<String>? = nil, automaticNoticeInterval: Duration? = nil,
        restRequestsPerSecond: Int? = nil, accessTokenLifetime: Duration = .seconds(86_400), restPageSize: Int = 100,
        initialCash: Int = 100_000_000, fillLotSize: Int? = nil, firstOrderNumber: Int = 1
    ) {
        self.restRequestsPerSecond = restRequestsPerSecond
        self.accessTokenLifetime = accessTokenLifetime
        self.restPageSize = max(1, restPageSize)
        self.initialCash = initialCash
        self.fillLotSize = fillLotSize.map { max(1, $0) }
        self.firstOrderNumber = firstOrderNumber
        self.host = host
        self.webSocketPort = webSocketPort
        self.restPort = restPort
        self.seed = seed
        self.initialPrices = initialPrices
        self.tickInterval = tickInterval
        self.multiRecordProbability = multiRecordProbability
        self.pingPongInterval = pingPongInterval
        self.pingPongTimeout = pingPongTimeout
        self.maxRegistrations = maxRegistrations
        self.extraTradeFields = extraTradeFields
        self.acceptedAppKeys = acceptedAppKeys
        self.automaticNoticeInterval = automaticNoticeInterval
    }
}

/// A small seeded generator (SplitMix64), so a seed replays the same market.
struct SimulatorRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
