public import Foundation
public import QuantCore

/// One domestic stock trade (H0STCNT0, 46 documented fields), decoded to typed values.
///
/// Prices are whole won; times are KST. Fields that KIS appends after the 46 documented
/// ones are kept in ``extraFields``.
public struct KISTradeTick: Sendable, Hashable {
    /// `MKSC_SHRN_ISCD` (#0): the short code.
    public var symbol: Symbol
    /// `STCK_CNTG_HOUR` (#1): the trade time, KST.
    public var timeOfDay: KSTTimeOfDay
    /// `STCK_PRPR` (#2): the last price, won.
    public var price: Int
    /// `PRDY_VRSS_SIGN` (#3).
    public var changeSign: KISChangeSign
    /// `PRDY_VRSS` (#4): change versus the previous close, won.
    public var change: Int
    /// `PRDY_CTRT` (#5): change versus the previous close, percent.
    public var changeRate: Double
    /// `WGHN_AVRG_STCK_PRC` (#6): volume-weighted average price.
    public var volumeWeightedAveragePrice: Double
    /// `STCK_OPRC` (#7): open, won.
    public var open: Int
    /// `STCK_HGPR` (#8): high, won.
    public var high: Int
    /// `STCK_LWPR` (#9): low, won.
    public var low: Int
    /// `ASKP1` (#10): best ask, won.
    public var bestAsk: Int
    /// `BIDP1` (#11): best bid, won.
    public var bestBid: Int
    /// `CNTG_VOL` (#12): this trade's volume, shares.
    public var volume: Int
    /// `ACML_VOL` (#13): cumulative volume today, shares (monotonic; prefer it to summing ``volume``).
    public var accumulatedVolume: Int
    /// `ACML_TR_PBMN` (#14): cumulative traded value, won.
    public var accumulatedValue: Int
    /// `SELN_CNTG_CSNU` (#15): seller-initiated trade count.
    public var sellTradeCount: Int
    /// `SHNU_CNTG_CSNU` (#16): buyer-initiated trade count.
    public var buyTradeCount: Int
    /// `NTBY_CNTG_CSNU` (#17): net buyer-initiated trade count.
    public var netBuyTradeCount: Int
    /// `CTTR` (#18): trade strength (체결강도), percent.
    public var tradeStrength: Double
    /// `SELN_CNTG_SMTN` (#19): total seller-initiated quantity.
    public var totalSellQuantity: Int
    /// `SHNU_CNTG_SMTN` (#20): total buyer-initiated quantity.
    public var totalBuyQuantity: Int
    /// `CCLD_DVSN` (#21): the aggressor.
    public var aggressor: KISTradeAggressor
    /// `SHNU_RATE` (#22): buy ratio, percent.
    public var buyRatio: Double
    /// `PRDY_VOL_VRSS_ACML_VOL_RATE` (#23): volume versus the previous day, percent.
    public var volumeRateVersusPreviousDay: Double
    /// `OPRC_HOUR` (#24): time of the open.
    public var openTime: KSTTimeOfDay?
    /// `OPRC_VRSS_PRPR_SIGN` (#25).
    public var changeSignVersusOpen: KISChangeSign
    /// `OPRC_VRSS_PRPR` (#26): price minus open, won.
    public var changeVersusOpen: Int
    /// `HGPR_HOUR` (#27): time of the high.
    public var highTime: KSTTimeOfDay?
    /// `HGPR_VRSS_PRPR_SIGN` (#28).
    public var changeSignVersusHigh: KISChangeSign
    /// `HGPR_VRSS_PRPR` (#29): price minus high, won.
    public var changeVersusHigh: Int
    /// `LWPR_HOUR` (#30): time of the low.
    public var lowTime: KSTTimeOfDay?
    /// `LWPR_VRSS_PRPR_SIGN` (#31).
    public var changeSignVersusLow: KISChangeSign
    /// `LWPR_VRSS_PRPR` (#32): price minus low, won.
    public var changeVersusLow: Int
    /// `BSOP_DATE` (#33): the business date.
    public var businessDate: TradingDate
    /// `NEW_MKOP_CLS_CODE` (#34): session and trade kind.
    public var marketOperationClass: KISMarketOperationClass
    /// `TRHT_YN` (#35): whether trading is halted.
    public var isHalted: Bool
    /// `ASKP_RSQN1` (#36): quantity at the best ask.
    public var bestAskQuantity: Int
    /// `BIDP_RSQN1` (#37): quantity at the best bid.
    public var bestBidQuantity: Int
    /// `TOTAL_ASKP_RSQN` (#38): total ask quantity.
    public var totalAskQuantity: Int
    /// `TOTAL_BIDP_RSQN` (#39): total bid quantity.
    public var totalBidQuantity: Int
    /// `VOL_TNRT` (#40): turnover rate, percent.
    public var turnoverRate: Double
    /// `PRDY_SMNS_HOUR_ACML_VOL` (#41): the previous day's cumulative volume at this time.
    public var previousDaySameTimeVolume: Int
    /// `PRDY_SMNS_HOUR_ACML_VOL_RATE` (#42): ratio to the above, percent.
    public var previousDaySameTimeVolumeRate: Double
    /// `HOUR_CLS_CODE` (#43).
    public var hourClass: KISHourClass
    /// `MRKT_TRTM_CLS_CODE` (#44): arbitrary-end code, as sent.
    public var arbitraryEndCode: String?
    /// `VI_STND_PRC` (#45): static VI reference price, won.
    public var volatilityInterruptionReferencePrice: Int
    /// Fields after #45 (e.g. `MARKET_CLS_CODE`, announced for 2026-09), as sent.
    public var extraFields: [String]

    /// The number of documented fields.
    public static let documentedFieldCount = 46

    /// The trade's instant (``businessDate`` + ``timeOfDay`` in KST).
    public var time: Date { timeOfDay.date(on: businessDate) }

    /// Decodes one record.
    init(_ r: KISFieldReader) throws(KISDecodingError) {
        guard let code = r.text(0) else { throw r.error(0, "MKSC_SHRN_ISCD", "a symbol") }
        symbol = Symbol(code)
        timeOfDay = try r.requiredTimeOfDay(1, "STCK_CNTG_HOUR")
        price = try r.integer(2, "STCK_PRPR")
        changeSign = KISChangeSign(r, 3)
        change = try r.integer(4, "PRDY_VRSS")
        changeRate = try r.decimal(5, "PRDY_CTRT")
        volumeWeightedAveragePrice = try r.decimal(6, "WGHN_AVRG_STCK_PRC")
        open = try r.integer(7, "STCK_OPRC")
        high = try r.integer(8, "STCK_HGPR")
        low = try r.integer(9, "STCK_LWPR")
        bestAsk = try r.integer(10, "ASKP1")
        bestBid = try r.integer(11, "BIDP1")
        volume = try r.integer(12, "CNTG_VOL")
        accumulatedVolume = try r.integer(13, "ACML_VOL")
        accumulatedValue = try r.integer(14, "ACML_TR_PBMN")
        sellTradeCount = try r.integer(15, "SELN_CNTG_CSNU")
        buyTradeCount = try r.integer(16, "SHNU_CNTG_CSNU")
        netBuyTradeCount = try r.integer(17, "NTBY_CNTG_CSNU")
        tradeStrength = try r.decimal(18, "CTTR")
        totalSellQuantity = try r.integer(19, "SELN_CNTG_SMTN")
        totalBuyQuantity = try r.integer(20, "SHNU_CNTG_SMTN")
        aggressor = KISTradeAggressor(r, 21)
        buyRatio = try r.decimal(22, "SHNU_RATE")
        volumeRateVersusPreviousDay = try r.decimal(23, "PRDY_VOL_VRSS_ACML_VOL_RATE")
        openTime = try r.timeOfDay(24, "OPRC_HOUR")
        changeSignVersusOpen = KISChangeSign(r, 25)
        changeVersusOpen = try r.integer(26, "OPRC_VRSS_PRPR")
        highTime = try r.timeOfDay(27, "HGPR_HOUR")
        changeSignVersusHigh = KISChangeSign(r, 28)
        changeVersusHigh = try r.integer(29, "HGPR_VRSS_PRPR")
        lowTime = try r.timeOfDay(30, "LWPR_HOUR")
        changeSignVersusLow = KISChangeSign(r, 31)
        changeVersusLow = try r.integer(32, "LWPR_VRSS_PRPR")
        guard let date = try r.date(33, "BSOP_DATE") else { throw r.error(33, "BSOP_DATE", "a date YYYYMMDD") }
        businessDate = date
        marketOperationClass = KISMarketOperationClass(code: r.code(34))
        isHalted = try r.flag(35, "TRHT_YN")
        bestAskQuantity = try r.integer(36, "ASKP_RSQN1")
        bestBidQuantity = try r.integer(37, "BIDP_RSQN1")
        totalAskQuantity = try r.integer(38, "TOTAL_ASKP_RSQN")
        totalBidQuantity = try r.integer(39, "TOTAL_BIDP_RSQN")
        turnoverRate = try r.decimal(40, "VOL_TNRT")
        previousDaySameTimeVolume = try r.integer(41, "PRDY_SMNS_HOUR_ACML_VOL")
        previousDaySameTimeVolumeRate = try r.decimal(42, "PRDY_SMNS_HOUR_ACML_VOL_RATE")
        hourClass = KISHourClass(r, 43)
        arbitraryEndCode = r.text(44)
        volatilityInterruptionReferencePrice = try r.integer(45, "VI_STND_PRC")
        extraFields = r.extra(from: Self.documentedFieldCount)
    }
}
