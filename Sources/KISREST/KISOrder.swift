public import Foundation
public import QuantCore

/// A cash order to send with ``KISRESTClient/placeOrder(_:)`` (주식주문(현금), `order-cash`).
///
/// ```swift
/// let order = KISOrderRequest(side: .buy, symbol: "005930", quantity: 10, price: 71_000)
/// ```
public struct KISOrderRequest: Sendable, Hashable {
    /// Buy or sell (chooses the `tr_id`).
    public var side: KISOrderSide
    /// `PDNO`: the stock code.
    public var symbol: Symbol
    /// `ORD_QTY`: shares, at least 1.
    public var quantity: Int
    /// `ORD_UNPR`: the limit price in won, or nil for a market order (`ORD_DVSN` `01`, price 0).
    public var price: Int?
    /// `ORD_DVSN`: the order type, `00` limit or `01` market by default from ``price``; other
    /// KRX codes (`03` best-limit, …) may be set explicitly.
    public var orderType: String

    /// Creates an order; a nil price makes it a market order.
    public init(side: KISOrderSide, symbol: Symbol, quantity: Int, price: Int? = nil, orderType: String? = nil) {
        self.side = side
        self.symbol = symbol
        self.quantity = quantity
        self.price = price
        self.orderType = orderType ?? (price == nil ? "01" : "00")
    }
}

/// KIS's acknowledgement of an order, amendment or cancellation (`output` of `order-cash` / `order-rvsecncl`).
public struct KISOrderReceipt: Sendable, Hashable {
    /// `ODNO`: the order number (of the new order; for a cancel, of the cancel order).
    public var orderNumber: String
    /// `KRX_FWDG_ORD_ORGNO`: the branch that forwarded it, needed to amend or cancel.
    public var branch: String
    /// `ORD_TMD` on today's KST date.
    public var acceptedAt: Date?

    /// Creates a receipt, for example from a stored order to cancel it later.
    public init(orderNumber: String, branch: String, acceptedAt: Date? = nil) {
        self.orderNumber = orderNumber
        self.branch = branch
        self.acceptedAt = acceptedAt
    }

    init(_ r: KISResponseFields, today: TradingDate) throws(KISRESTError) {
        let seconds = try r.secondsOfDay("ORD_TMD")
        self.init(
            orderNumber: try r.required("ODNO"), branch: try r.required("KRX_FWDG_ORD_ORGNO"),
            acceptedAt: seconds.map { KISClock.instant(today, secondsOfDay: $0) })
    }
}
