public import QuantCore

/// A 10-level domestic order book (H0STASP0; 59 documented fields, 62 in the 2026 workbook).
///
/// Level 1 is the best price on each side. Fields past #58 are kept in ``extraFields``.
public struct KISOrderBook: Sendable, Hashable {
    /// One price level.
    public struct Level: Sendable, Hashable {
        /// The price, won (0 when the level is empty).
        public var price: Int
        /// The resting quantity, shares.
        public var quantity: Int

        /// Creates a level.
        public init(price: Int, quantity: Int) {
            self.price = price
            self.quantity = quantity
        }
    }

    /// `MKSC_SHRN_ISCD` (#0).
    public var symbol: Symbol
    /// `BSOP_HOUR` (#1): KST.
    public var timeOfDay: KSTTimeOfDay
    /// `HOUR_CLS_CODE` (#2).
    public var hourClass: KISHourClass
    /// `ASKP1…10` (#3-12) with `ASKP_RSQN1…10` (#23-32), best first.
    public var asks: [Level]
    /// `BIDP1…10` (#13-22) with `BIDP_RSQN1…10` (#33-42), best first.
    public var bids: [Level]
    /// `TOTAL_ASKP_RSQN` (#43).
    public var totalAskQuantity: Int
    /// `TOTAL_BIDP_RSQN` (#44).
    public var totalBidQuantity: Int
    /// `OVTM_TOTAL_ASKP_RSQN` (#45): after-hours total ask quantity.
    public var afterHoursTotalAskQuantity: Int
    /// `OVTM_TOTAL_BIDP_RSQN` (#46): after-hours total bid quantity.
    public var afterHoursTotalBidQuantity: Int
    /// `ANTC_CNPR` (#47): expected auction price, won (0 outside auctions).
    public var expectedPrice: Int
    /// `ANTC_CNQN` (#48): expected auction quantity.
    public var expectedQuantity: Int
    /// `ANTC_VOL` (#49): expected auction volume.
    public var expectedVolume: Int
    /// `ANTC_CNTG_VRSS` (#50): expected change, won.
    public var expectedChange: Int
    /// `ANTC_CNTG_VRSS_SIGN` (#51).
    public var expectedChangeSign: KISChangeSign
    /// `ANTC_CNTG_PRDY_CTRT` (#52): expected change, percent.
    public var expectedChangeRate: Double
    /// `ACML_VOL` (#53): cumulative volume.
    public var accumulatedVolume: Int
    /// `TOTAL_ASKP_RSQN_ICDC` (#54): change in total ask quantity.
    public var totalAskQuantityChange: Int
    /// `TOTAL_BIDP_RSQN_ICDC` (#55): change in total bid quantity.
    public var totalBidQuantityChange: Int
    /// `OVTM_TOTAL_ASKP_ICDC` (#56).
    public var afterHoursTotalAskQuantityChange: Int
    /// `OVTM_TOTAL_BIDP_ICDC` (#57).
    public var afterHoursTotalBidQuantityChange: Int
    /// `STCK_DEAL_CLS_CODE` (#58), marked unused by KIS; as sent.
    public var dealClassCode: String?
    /// Fields after #58 (`MID_PRC`, `MIDP_TOTAL_RSQN`, `MIDP_CLS_CODE` in the 62-field layout), as sent.
    public var extraFields: [String]

    /// The number of documented fields.
    public static let documentedFieldCount = 59

    /// Decodes one record.
    init(_ r: KISFieldReader) throws(KISDecodingError) {
        guard let code = r.text(0) else { throw r.error(0, "MKSC_SHRN_ISCD", "a symbol") }
        symbol = Symbol(code)
        timeOfDay = try r.requiredTimeOfDay(1, "BSOP_HOUR")
        hourClass = KISHourClass(r, 2)
        var asks: [Level] = []
        var bids: [Level] = []
        asks.reserveCapacity(10)
        bids.reserveCapacity(10)
        for level in 0..<10 {
            asks.append(Level(
                price: try r.integer(3 + level, "ASKP\(level + 1)"),
                quantity: try r.integer(23 + level, "ASKP_RSQN\(level + 1)")))
            bids.append(Level(
                price: try r.integer(13 + level, "BIDP\(level + 1)"),
                quantity: try r.integer(33 + level, "BIDP_RSQN\(level + 1)")))
        }
        self.asks = asks
        self.bids = bids
        totalAskQuantity = try r.integer(43, "TOTAL_ASKP_RSQN")
        totalBidQuantity = try r.integer(44, "TOTAL_BIDP_RSQN")
        afterHoursTotalAskQuantity = try r.integer(45, "OVTM_TOTAL_ASKP_RSQN")
        afterHoursTotalBidQuantity = try r.integer(46, "OVTM_TOTAL_BIDP_RSQN")
        expectedPrice = try r.integer(47, "ANTC_CNPR")
        expectedQuantity = try r.integer(48, "ANTC_CNQN")
        expectedVolume = try r.integer(49, "ANTC_VOL")
        expectedChange = try r.integer(50, "ANTC_CNTG_VRSS")
        expectedChangeSign = KISChangeSign(r, 51)
        expectedChangeRate = try r.decimal(52, "ANTC_CNTG_PRDY_CTRT")
        accumulatedVolume = try r.integer(53, "ACML_VOL")
        totalAskQuantityChange = try r.integer(54, "TOTAL_ASKP_RSQN_ICDC")
        totalBidQuantityChange = try r.integer(55, "TOTAL_BIDP_RSQN_ICDC")
        afterHoursTotalAskQuantityChange = try r.integer(56, "OVTM_TOTAL_ASKP_ICDC")
        afterHoursTotalBidQuantityChange = try r.integer(57, "OVTM_TOTAL_BIDP_ICDC")
        dealClassCode = r.text(58)
        extraFields = r.extra(from: Self.documentedFieldCount)
    }
}
