public import QuantCore

/// A market-operation or volatility-interruption notice (H0STMKO0, 11 fields; the last may be missing).
public struct KISMarketOperationNotice: Sendable, Hashable {
    /// `MKOP_CLS_CODE` values with a documented meaning.
    public enum Operation: Sendable, Hashable {
        /// `110`: pre-open auction starts.
        case preOpenAuctionStart
        /// `112`: the market opens.
        case open
        /// `121`: closing auction starts.
        case closingAuctionStart
        /// `129`: the market closes.
        case close
        /// `164`: market-wide halt.
        case marketHalt
        /// `174`: circuit breaker triggered.
        case circuitBreakerOn
        /// `175`: circuit breaker released.
        case circuitBreakerOff
        /// `387`/`397`: sidecar triggered.
        case sidecarOn
        /// `388`/`398`: sidecar released.
        case sidecarOff
        /// Empty, a countdown (`F0x`/`P0x`) or another code, as sent.
        case other(String)

        /// Maps a wire code.
        public init(code: some StringProtocol) {
            switch code {
            case "110": self = .preOpenAuctionStart
            case "112": self = .open
            case "121": self = .closingAuctionStart
            case "129": self = .close
            case "164": self = .marketHalt
            case "174": self = .circuitBreakerOn
            case "175": self = .circuitBreakerOff
            case "387", "397": self = .sidecarOn
            case "388", "398": self = .sidecarOff
            default: self = .other(String(code))
            }
        }
    }

    /// `MKSC_SHRN_ISCD` (#0).
    public var symbol: Symbol
    /// `TRHT_YN` (#1): trading halted.
    public var isHalted: Bool
    /// `TR_SUSP_REAS_CNTT` (#2): the halt reason, nil when empty or `(null)`.
    public var haltReason: String?
    /// `MKOP_CLS_CODE` (#3).
    public var operation: Operation
    /// `ANTC_MKOP_CLS_CODE` (#4): the expected next operation.
    public var expectedOperation: Operation
    /// `MRKT_TRTM_CLS_CODE` (#5), as sent.
    public var arbitraryEndCode: String?
    /// `DIVI_APP_CLS_CODE` (#6), as sent.
    public var dividendApplicationCode: String?
    /// `ISCD_STAT_CLS_CODE` (#7), as sent.
    public var issueStatusCode: String?
    /// `VI_CLS_CODE` (#8): a volatility interruption is in force.
    public var isVolatilityInterruption: Bool
    /// `OVTM_VI_CLS_CODE` (#9): an after-hours volatility interruption is in force.
    public var isAfterHoursVolatilityInterruption: Bool
    /// `EXCH_CLS_CODE` (#10), nil when the field is missing.
    public var exchangeCode: String?
    /// Fields after #10, as sent.
    public var extraFields: [String]

    /// The minimum field count accepted (a documented example carries 10).
    public static let minimumFieldCount = 10

    /// Decodes one record.
    init(_ r: KISFieldReader) throws(KISDecodingError) {
        guard let code = r.text(0) else { throw r.error(0, "MKSC_SHRN_ISCD", "a symbol") }
        symbol = Symbol(code)
        isHalted = try r.flag(1, "TRHT_YN")
        haltReason = r.text(2)
        operation = Operation(code: r.code(3))
        expectedOperation = Operation(code: r.code(4))
        arbitraryEndCode = r.text(5)
        dividendApplicationCode = r.text(6)
        issueStatusCode = r.text(7)
        isVolatilityInterruption = try r.flag(8, "VI_CLS_CODE")
        isAfterHoursVolatilityInterruption = try r.flag(9, "OVTM_VI_CLS_CODE")
        exchangeCode = r.text(10)
        extraFields = r.extra(from: 11)
    }
}
