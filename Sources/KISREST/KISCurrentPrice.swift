public import Foundation
public import QuantCore

/// A stock's current price (주식현재가 시세, `inquire-price`, tr_id `FHKST01010100`).
///
/// Amounts are whole won. KIS's answer has no trade time, so ``receivedAt`` is the client's
/// clock when the answer arrived.
public struct KISCurrentPrice: Sendable, Hashable {
    /// The stock code asked for.
    public var symbol: Symbol
    /// `stck_prpr`: the last price, won.
    public var price: Int
    /// `prdy_vrss`: the change from the previous close, won (signed).
    public var change: Int
    /// `prdy_ctrt`: the change in percent.
    public var changePercent: Double
    /// `stck_oprc`: today's open, won.
    public var open: Int
    /// `stck_hgpr`: today's high, won.
    public var high: Int
    /// `stck_lwpr`: today's low, won.
    public var low: Int
    /// `acml_vol`: shares traded today.
    public var accumulatedVolume: Int
    /// `acml_tr_pbmn`: value traded today, won.
    public var accumulatedValue: Int
    /// `stck_sdpr`: the reference price (normally the previous close), won.
    public var referencePrice: Int
    /// `stck_mxpr`: the upper price limit, won.
    public var upperLimit: Int?
    /// `stck_llam`: the lower price limit, won.
    public var lowerLimit: Int?
    /// When the answer arrived (client clock).
    public var receivedAt: Date

    /// Creates a value (the client decodes it from KIS's answer).
    public init(
        symbol: Symbol, price: Int, change: Int, changePercent: Double, open: Int, high: Int, low: Int, accumulatedVolume: Int,
        accumulatedValue: Int, referencePrice: Int, upperLimit: Int? = nil, lowerLimit: Int? = nil, receivedAt: Date
    ) {
        self.symbol = symbol
        self.price = price
        self.change = change
        self.changePercent = changePercent
        self.open = open
        self.high = high
        self.low = low
        self.accumulatedVolume = accumulatedVolume
        self.accumulatedValue = accumulatedValue
        self.referencePrice = referencePrice
        self.upperLimit = upperLimit
        self.lowerLimit = lowerLimit
        self.receivedAt = receivedAt
    }

    init(symbol: Symbol, _ r: KISResponseFields, receivedAt: Date) throws(KISRESTError) {
        self.init(
            symbol: symbol, price: try r.integer("stck_prpr"), change: try r.integer("prdy_vrss", default: 0),
            changePercent: try r.decimal("prdy_ctrt", default: 0), open: try r.integer("stck_oprc", default: 0),
            high: try r.integer("stck_hgpr", default: 0), low: try r.integer("stck_lwpr", default: 0),
            accumulatedVolume: try r.integer("acml_vol", default: 0), accumulatedValue: try r.integer("acml_tr_pbmn", default: 0),
            referencePrice: try r.integer("stck_sdpr", default: 0),
            upperLimit: r.text("stck_mxpr") == nil ? nil : try r.integer("stck_mxpr"),
            lowerLimit: r.text("stck_llam") == nil ? nil : try r.integer("stck_llam"), receivedAt: receivedAt)
    }
}
