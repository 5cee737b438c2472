/// How a ``KISRealtimeClient`` connects and behaves. Every parameter has a default.
///
/// ```swift
/// var config = KISStreamConfiguration.real
/// config.silenceTimeout = .seconds(90)
/// ```
public struct KISStreamConfiguration: Sendable {
    /// The WebSocket URL (`ws://ops.koreainvestment.com:21000/tryitout` for real).
    public var webSocketURL: String
    /// The REST base URL for `/oauth2/Approval`.
    public var restBaseURL: String
    /// `custtype`: `P` individual, `B` corporate.
    public var customerType: String
    /// The pause between subscribe/unsubscribe frames (KIS samples: 50 ms real, 500 ms paper).
    public var subscribePacing: Duration
    /// The registration cap per session (41 on KIS); enforced before sending.
    public var maxRegistrations: Int
    /// Reconnect when no frame at all (data, control or PINGPONG) arrives for this long.
    public var silenceTimeout: Duration
    /// Backoff between reconnect attempts.
    public var backoff: KISBackoffPolicy
    /// The wait after `OPSP8996 ALREADY IN USE appkey` (another session holds the key).
    public var appKeyInUseDelay: Duration
    /// Re-issue the approval key before a connect once it is this old (KIS: valid 24 h).
    public var approvalKeyLifetime: Duration
    /// A session that lasted this long resets the backoff to its first step.
    public var stableSessionDuration: Duration
    /// Pending events kept for a slow consumer before market data is conflated (see ``KISEventStream``).
    public var bufferCapacity: Int
    /// The largest inbound message accepted, bytes (KIS sends large multi-record frames).
    public var maxMessageSize: Int
    /// How long to wait for the server's close reply when the client ends a session.
    public var closeTimeout: Duration
    /// How long a TCP connect and WebSocket upgrade may take.
    public var connectTimeout: Duration
    /// How PINGPONG is answered: the text echoed unchanged (current official sample, python-kis)
    /// or a WebSocket pong control frame (legacy samples). KIS's own preference is unconfirmed.
    public var pingPongReply: PingPongReply
    /// The `tr_type` sent to release a registration: `"2"` (every working client) by default;
    /// some generated docstrings say `"0"`.
    public var releaseTransactionType: String
    /// Decrypt with the session's only key when a TR's own key has not arrived (see
    /// ``KISFrameDecoder/usesSessionKeyFallback``).
    public var usesSessionKeyFallback: Bool

    /// How the client answers PINGPONG.
    public enum PingPongReply: Sendable, Hashable {
        /// Echo the received text frame unchanged.
        case echoText
        /// Send its bytes back as a WebSocket pong control frame.
        case pongFrame
    }

    /// Creates a configuration.
    public init(
        webSocketURL: String, restBaseURL: String, customerType: String = "P",
        subscribePacing: Duration = .milliseconds(50), maxRegistrations: Int = 41,
        silenceTimeout: Duration = .seconds(120), backoff: KISBackoffPolicy = KISBackoffPolicy(),
        appKeyInUseDelay: Duration = .seconds(300), approvalKeyLifetime: Duration = .seconds(86_400),
        stableSessionDuration: Duration = .seconds(60), bufferCapacity: Int = 8192,
        maxMessageSize: Int = 1 << 20, closeTimeout: Duration = .seconds(2), connectTimeout: Duration = .seconds(10),
        pingPongReply: PingPongReply = .echoText, releaseTransactionType: String = "2", usesSessionKeyFallback: Bool = true
    ) {
        self.pingPongReply = pingPongReply
        self.releaseTransactionType = releaseTransactionType
        self.usesSessionKeyFallback = usesSessionKeyFallback
        self.webSocketURL = webSocketURL
        self.restBaseURL = restBaseURL
        self.customerType = customerType
        self.subscribePacing = subscribePacing
        self.maxRegistrations = maxRegistrations
        self.silenceTimeout = silenceTimeout
        self.backoff = backoff
        self.appKeyInUseDelay = appKeyInUseDelay
        self.approvalKeyLifetime = approvalKeyLifetime
        self.stableSessionDuration = stableSessionDuration
        self.bufferCapacity = max(16, bufferCapacity)
        self.maxMessageSize = maxMessageSize
        self.closeTimeout = closeTimeout
        self.connectTimeout = connectTimeout
    }

    /// The real (실전) endpoints.
    public static var real: Self {
        Self(webSocketURL: "ws://ops.koreainvestment.com:21000/tryitout", restBaseURL: "https://openapi.koreainvestment.com:9443")
    }

    /// The paper (모의) endpoints, with the samples' 500 ms pacing.
    public static var paper: Self {
        Self(
            webSocketURL: "ws://ops.koreainvestment.com:31000/tryitout", restBaseURL: "https://openapivts.koreainvestment.com:29443",
            subscribePacing: .milliseconds(500))
    }
}
