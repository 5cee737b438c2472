/// A KIS real-time transaction identifier (`tr_id`), such as `H0STCNT0`.
///
/// Unknown identifiers are representable: the decoder reports them as diagnostics.
public struct KISTransactionID: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The identifier as it appears on the wire.
    public let rawValue: String

    /// Creates an identifier from its wire form.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates an identifier from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The identifier itself.
    public var description: String { rawValue }

    /// Domestic stock trade ticks (체결가, KRX).
    public static let tradeTick: Self = "H0STCNT0"
    /// Domestic 10-level order book (호가, KRX).
    public static let orderBook: Self = "H0STASP0"
    /// Own-order execution notices on the real server (encrypted; `tr_key` is the HTS ID).
    public static let executionNotice: Self = "H0STCNI0"
    /// Own-order execution notices on the paper server (encrypted; `tr_key` is the HTS ID).
    public static let paperExecutionNotice: Self = "H0STCNI9"
    /// Market-operation and volatility-interruption notices (장운영정보, KRX; real server only).
    public static let marketOperation: Self = "H0STMKO0"
    /// The server's application-level keep-alive.
    public static let pingPong: Self = "PINGPONG"

    /// Whether this is an execution-notice TR, whose `tr_key` is the HTS ID (a credential).
    public var isExecutionNotice: Bool { self == .executionNotice || self == .paperExecutionNotice }
}
