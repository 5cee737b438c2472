public import Foundation
public import QuantCore

/// One order of the daily order-fill inquiry (주식일별주문체결조회, `inquire-daily-ccld`,
/// tr_id `TTTC0081R` real / `VTTC0081R` paper, formerly `…8001R`): the order and what has filled of it so far.
///
/// KIS reports fills per order, cumulatively (``filledQuantity``, ``filledAmount``), not per
/// execution. Amounts are whole won.
public struct KISOrderFill: Sendable, Hashable {
    /// `ord_dt`: the order date (KST).
    public var orderDate: TradingDate
    /// `odno`: the order number, as sent (KIS zero-pads it to 10 digits in some answers and not
    /// in others; ``normalizedOrderNumber`` compares across them).
    public var orderNumber: String
    /// `orgn_odno`: the original order's number for a modification or cancellation.
    public var originalOrderNumber: String?
    /// `ord_gno_brno`: the branch that took the order (needed to cancel it).
    public var branch: String?
    /// `sll_buy_dvsn_cd`.
    public var side: KISOrderSide
    /// `pdno`: the stock code.
    public var symbol: Symbol
    /// `prdt_name`: the stock's name.
    public var stockName: String?
    /// `ord_qty`: shares ordered.
    public var orderQuantity: Int
    /// `ord_unpr`: the limit price, won (0 for a market order).
    public var orderPrice: Int
    /// `ord_dt` + `ord_tmd` as an instant.
    public var orderedAt: Date
    /// `tot_ccld_qty`: shares filled so far.
    public var filledQuantity: Int
    /// `tot_ccld_amt`: value filled so far, won.
    public var filledAmount: Int
    /// `avg_prvs`: the average fill price, won.
    public var averagePrice: Double
    /// `rmn_qty`: shares still open.
    public var remainingQuantity: Int
    /// `cncl_yn`: the order was cancelled.
    public var isCancelled: Bool
    /// `rjct_qty`: shares rejected.
    public var rejectedQuantity: Int
    /// `ord_dvsn_cd`: the order-type code (`00` limit, `01` market, …).
    public var orderType: String?

    /// Creates a value (the client decodes it from KIS's answer).
    public init(
        orderDate: TradingDate, orderNumber: String, originalOrderNumber: String? = nil, branch: String? = nil, side: KISOrderSide,
        symbol: Symbol, stockName: String? = nil, orderQuantity: Int, orderPrice: Int, orderedAt: Date, filledQuantity: Int,
        filledAmount: Int, averagePrice: Double, remainingQuantity: Int, isCancelled: Bool = false, rejectedQuantity: Int = 0,
        orderType: String? = nil
    ) {
        self.orderDate = orderDate
        self.orderNumber = orderNumber
        self.originalOrderNumber = originalOrderNumber
        self.branch = branch
        self.side = side
        self.symbol = symbol
        self.stockName = stockName
        self.orderQuantity = orderQuantity
        self.orderPrice = orderPrice
        self.orderedAt = orderedAt
        self.filledQuantity = filledQuantity
        self.filledAmount = filledAmount
        self.averagePrice = averagePrice
        self.remainingQuantity = remainingQuantity
        self.isCancelled = isCancelled
        self.rejectedQuantity = rejectedQuantity
        self.orderType = orderType
    }

    /// The order number without leading zeros, for matching against notices and receipts.
    public var normalizedOrderNumber: String { Self.normalize(orderNumber) }

    /// An order number without leading zeros (`"0000012345"` → `"12345"`).
    public static func normalize(_ orderNumber: String) -> String {
        let trimmed = orderNumber.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    init(_ r: KISResponseFields) throws(KISRESTError) {
        let date = try r.date("ord_dt")
        let sideCode = try r.required("sll_buy_dvsn_cd")
        guard let side = KISOrderSide(code: sideCode) else { throw r.malformed("sll_buy_dvsn_cd", "is neither 01 nor 02") }
        let original = r.text("orgn_odno")
        self.init(
            orderDate: date, orderNumber: try r.required("odno"),
            originalOrderNumber: original.flatMap { Self.normalize($0) == "0" ? nil : $0 }, branch: r.text("ord_gno_brno"),
            side: side, symbol: Symbol(try r.required("pdno")), stockName: r.text("prdt_name"),
            orderQuantity: try r.integer("ord_qty"), orderPrice: try r.integer("ord_unpr", default: 0),
            orderedAt: KISClock.instant(date, secondsOfDay: try r.secondsOfDay("ord_tmd") ?? 0),
            filledQuantity: try r.integer("tot_ccld_qty", default: 0), filledAmount: try r.integer("tot_ccld_amt", default: 0),
            averagePrice: try r.decimal("avg_prvs", default: 0), remainingQuantity: try r.integer("rmn_qty", default: 0),
            isCancelled: r.text("cncl_yn") == "Y", rejectedQuantity: try r.integer("rjct_qty", default: 0),
            orderType: r.text("ord_dvsn_cd"))
    }
}

/// What the daily order-fill inquiry asks for. The defaults ask for every order of today.
public struct KISOrderFillQuery: Sendable, Hashable {
    /// Which orders by fill state (`CCLD_DVSN`).
    public enum FillState: String, Sendable, Hashable {
        /// `00`: all.
        case all = "00"
        /// `01`: filled (partly or fully).
        case filled = "01"
        /// `02`: not filled.
        case unfilled = "02"
    }

    /// `INQR_STRT_DT`: the first order date (KST). Nil means today.
    public var startDate: TradingDate?
    /// `INQR_END_DT`: the last order date (KST). Nil means today.
    public var endDate: TradingDate?
    /// `SLL_BUY_DVSN_CD`: nil for both sides.
    public var side: KISOrderSide?
    /// `PDNO`: nil for every stock.
    public var symbol: Symbol?
    /// `CCLD_DVSN`.
    public var fillState: FillState
    /// `ODNO`: one order, or nil for all.
    public var orderNumber: String?

    /// Creates a query.
    public init(
        startDate: TradingDate? = nil, endDate: TradingDate? = nil, side: KISOrderSide? = nil, symbol: Symbol? = nil,
        fillState: FillState = .all, orderNumber: String? = nil
    ) {
        self.startDate = startDate
        self.endDate = endDate
        self.side = side
        self.symbol = symbol
        self.fillState = fillState
        self.orderNumber = orderNumber
    }

    /// Every order of today (KST).
    public static var today: Self { Self() }
}

/// A source of the daily order fills, such as ``KISRESTClient``; KISStream uses it to recover
/// execution notices missed while disconnected.
public protocol KISOrderFillSource: Sendable {
    /// The orders matching `query`, with their cumulative fills, all pages.
    func orderFills(_ query: KISOrderFillQuery) async throws -> [KISOrderFill]
}
