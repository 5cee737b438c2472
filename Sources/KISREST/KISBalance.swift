public import QuantCore

/// The account balance (주식잔고조회, `inquire-balance`, tr_id `TTTC8434R` real / `VTTC8434R` paper):
/// holdings (`output1`, all pages) and the account summary (`output2`). Amounts are whole won.
public struct KISBalance: Sendable, Hashable {
    /// The stocks held (rows with zero shares are left out).
    public var holdings: [KISHolding]
    /// `dnca_tot_amt`: cash deposit.
    public var cash: Int
    /// `prvs_rcdl_excc_amt`: cash after settlement (D+2).
    public var settledCash: Int
    /// `scts_evlu_amt`: the holdings' market value.
    public var securitiesValue: Int
    /// `tot_evlu_amt`: cash plus holdings, as KIS values them.
    public var totalValue: Int
    /// `pchs_amt_smtl_amt`: what the holdings cost.
    public var purchaseAmount: Int
    /// `evlu_pfls_smtl_amt`: the holdings' unrealised profit or loss.
    public var profitLoss: Int
    /// `nass_amt`: net assets.
    public var netAssets: Int

    /// Creates a value (the client decodes it from KIS's answer).
    public init(
        holdings: [KISHolding], cash: Int, settledCash: Int, securitiesValue: Int, totalValue: Int, purchaseAmount: Int,
        profitLoss: Int, netAssets: Int
    ) {
        self.holdings = holdings
        self.cash = cash
        self.settledCash = settledCash
        self.securitiesValue = securitiesValue
        self.totalValue = totalValue
        self.purchaseAmount = purchaseAmount
        self.profitLoss = profitLoss
        self.netAssets = netAssets
    }

    init(holdings: [KISHolding], summary r: KISResponseFields) throws(KISRESTError) {
        self.init(
            holdings: holdings, cash: try r.integer("dnca_tot_amt"), settledCash: try r.integer("prvs_rcdl_excc_amt", default: 0),
            securitiesValue: try r.integer("scts_evlu_amt", default: 0), totalValue: try r.integer("tot_evlu_amt"),
            purchaseAmount: try r.integer("pchs_amt_smtl_amt", default: 0), profitLoss: try r.integer("evlu_pfls_smtl_amt", default: 0),
            netAssets: try r.integer("nass_amt", default: 0))
    }
}

/// One stock held (a row of `inquire-balance` `output1`).
public struct KISHolding: Sendable, Hashable {
    /// `pdno`.
    public var symbol: Symbol
    /// `prdt_name`.
    public var name: String?
    /// `hldg_qty`: shares held.
    public var quantity: Int
    /// `ord_psbl_qty`: shares that can be sold now.
    public var sellableQuantity: Int
    /// `pchs_avg_pric`: the average purchase price, won.
    public var averagePrice: Double
    /// `pchs_amt`: what the shares cost, won.
    public var purchaseAmount: Int
    /// `prpr`: the current price, won.
    public var price: Int
    /// `evlu_amt`: the market value, won.
    public var marketValue: Int
    /// `evlu_pfls_amt`: unrealised profit or loss, won.
    public var profitLoss: Int
    /// `evlu_pfls_rt`: unrealised profit or loss, percent.
    public var profitLossPercent: Double

    /// Creates a value (the client decodes it from KIS's answer).
    public init(
        symbol: Symbol, name: String? = nil, quantity: Int, sellableQuantity: Int, averagePrice: Double, purchaseAmount: Int,
        price: Int, marketValue: Int, profitLoss: Int, profitLossPercent: Double
    ) {
        self.symbol = symbol
        self.name = name
        self.quantity = quantity
        self.sellableQuantity = sellableQuantity
        self.averagePrice = averagePrice
        self.purchaseAmount = purchaseAmount
        self.price = price
        self.marketValue = marketValue
        self.profitLoss = profitLoss
        self.profitLossPercent = profitLossPercent
    }

    init(_ r: KISResponseFields) throws(KISRESTError) {
        self.init(
            symbol: Symbol(try r.required("pdno")), name: r.text("prdt_name"), quantity: try r.integer("hldg_qty"),
            sellableQuantity: try r.integer("ord_psbl_qty", default: 0), averagePrice: try r.decimal("pchs_avg_pric", default: 0),
            purchaseAmount: try r.integer("pchs_amt", default: 0), price: try r.integer("prpr", default: 0),
            marketValue: try r.integer("evlu_amt", default: 0), profitLoss: try r.integer("evlu_pfls_amt", default: 0),
            profitLossPercent: try r.decimal("evlu_pfls_rt", default: 0))
    }
}
