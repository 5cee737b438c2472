public import QuantCore

/// An own-order execution notice (H0STCNI0 real / H0STCNI9 paper), decrypted and decoded.
///
/// Two layouts exist: 26 fields since the NXT launch (about March 2025), 23 before it
/// (#18 was the stock name and `ORD_COND_PRC`, `ORD_EXG_GB`, `POPUP_YN`, `FILLER` were
/// absent). The decoder picks the layout from the record width; fields past the layout are
/// kept in ``extraFields``.
///
/// The customer (HTS) ID, account number and account name are credentials or personal
/// data: ``description`` and the mirror redact them.
public struct KISExecutionNotice: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The record layout the notice was decoded with.
    public enum Layout: Sendable, Hashable {
        /// 23 fields (before about March 2025).
        case legacy23
        /// 26 fields (current).
        case current26
    }

    /// `SELN_BYOV_CLS`: 01 sell, 02 buy.
    public enum Side: Sendable, Hashable {
        /// `01`.
        case sell
        /// `02`.
        case buy
        /// Undocumented, as sent.
        case other(String)
    }

    /// `RCTF_CLS`: 0 normal, 1 modify, 2 cancel.
    public enum Correction: Sendable, Hashable {
        /// `0`: a new order.
        case normal
        /// `1`: a modification.
        case modify
        /// `2`: a cancellation.
        case cancel
        /// Undocumented, as sent.
        case other(String)
    }

    /// `ODER_COND`: 0 none, 1 IOC, 2 FOK.
    public enum Condition: Sendable, Hashable {
        /// `0`.
        case none
        /// `1`: immediate or cancel.
        case immediateOrCancel
        /// `2`: fill or kill.
        case fillOrKill
        /// Undocumented, as sent.
        case other(String)
    }

    /// `CNTG_YN`: what the notice reports.
    public enum Kind: Sendable, Hashable {
        /// `1`: an order, modify, cancel or reject acknowledgement (quantity and price are the order's).
        case acknowledgement
        /// `2`: a fill.
        case fill
        /// Undocumented, as sent.
        case other(String)
    }

    /// `ACPT_YN`: 1 received, 2 confirmed, 3 cancelled (FOK/IOC).
    public enum Acceptance: Sendable, Hashable {
        /// `1`.
        case received
        /// `2`.
        case confirmed
        /// `3`.
        case cancelled
        /// Undocumented, as sent.
        case other(String)
    }

    /// `ORD_EXG_GB` (26-field layout): the venue.
    public enum Exchange: Sendable, Hashable {
        /// `1` KRX.
        case krx
        /// `2` NXT.
        case nxt
        /// `3` SOR routed to KRX.
        case smartRoutedKRX
        /// `4` SOR routed to NXT.
        case smartRoutedNXT
        /// Undocumented, as sent.
        case other(String)
    }

    /// The layout this record had.
    public var layout: Layout
    /// `CUST_ID` (#0): the HTS ID. Redacted in descriptions.
    public var customerID: String
    /// `ACNT_NO` (#1). Redacted in descriptions.
    public var accountNumber: String
    /// `ODER_NO` (#2): the order number, as sent (zero-padded).
    public var orderNumber: String
    /// `OODER_NO` (#3): the original order number for a modify or cancel.
    public var originalOrderNumber: String?
    /// `SELN_BYOV_CLS` (#4).
    public var side: Side
    /// `RCTF_CLS` (#5).
    public var correction: Correction
    /// `ODER_KIND` (#6): the KRX order-type code (00 limit, 01 market, …), as sent.
    public var orderKind: String
    /// `ODER_COND` (#7).
    public var condition: Condition
    /// `STCK_SHRN_ISCD` (#8).
    public var symbol: Symbol
    /// `CNTG_QTY` (#9): filled quantity (the order quantity for an acknowledgement).
    public var quantity: Int
    /// `CNTG_UNPR` (#10): fill price in won (the order price for an acknowledgement).
    public var price: Int
    /// `STCK_CNTG_HOUR` (#11): KST.
    public var timeOfDay: KSTTimeOfDay
    /// `RFUS_YN` (#12): the order was rejected.
    public var isRejected: Bool
    /// `CNTG_YN` (#13).
    public var kind: Kind
    /// `ACPT_YN` (#14).
    public var acceptance: Acceptance
    /// `BRNC_NO` (#15).
    public var branch: String?
    /// `ODER_QTY` (#16): the order quantity.
    public var orderQuantity: Int
    /// `ACNT_NAME` (#17). Redacted in descriptions.
    public var accountName: String?
    /// `ORD_COND_PRC` (#18, 26-field layout): the stop price, won.
    public var stopPrice: Int?
    /// `ORD_EXG_GB` (#19, 26-field layout).
    public var exchange: Exchange?
    /// `POPUP_YN` (#20, 26-field layout).
    public var showsPopup: Bool?
    /// `CRDT_CLS` (#22; #19 in the 23-field layout): credit type, as sent.
    public var creditClass: String?
    /// `CRDT_LOAN_DATE` (#23; #20 in the 23-field layout), as sent.
    public var creditLoanDate: String?
    /// `CNTG_ISNM40` (#24; #21 in the 23-field layout), or the 23-field layout's `CNTG_ISNM` (#18) when that is empty.
    public var stockName: String?
    /// `ODER_PRC` (#25; #22 in the 23-field layout): the order price, won.
    public var orderPrice: Int
    /// Fields past the layout, as sent.
    public var extraFields: [String]

    /// Decodes one record, choosing the layout from its width (≥ 26: current; 23-25: legacy).
    init(_ r: KISFieldReader) throws(KISDecodingError) {
        layout = r.count >= 26 ? .current26 : .legacy23
        guard let customer = r.text(0) else { throw r.error(0, "CUST_ID", "present") }
        customerID = customer
        accountNumber = r.text(1) ?? ""
        guard let order = r.text(2) else { throw r.error(2, "ODER_NO", "present") }
        orderNumber = order
        originalOrderNumber = r.text(3)
        switch r.code(4) {
        case "01": side = .sell
        case "02": side = .buy
        case let code: side = .other(String(code))
        }
        switch r.code(5) {
        case "0": correction = .normal
        case "1": correction = .modify
        case "2": correction = .cancel
        case let code: correction = .other(String(code))
        }
        orderKind = r.code(6)
        switch r.code(7) {
        case "0", "": condition = .none
        case "1": condition = .immediateOrCancel
        case "2": condition = .fillOrKill
        case let code: condition = .other(String(code))
        }
        guard let code = r.text(8) else { throw r.error(8, "STCK_SHRN_ISCD", "a symbol") }
        symbol = Symbol(code)
        quantity = try r.integer(9, "CNTG_QTY")
        price = try r.integer(10, "CNTG_UNPR")
        timeOfDay = try r.requiredTimeOfDay(11, "STCK_CNTG_HOUR")
        isRejected = try r.flag(12, "RFUS_YN")
        switch r.code(13) {
        case "1": kind = .acknowledgement
        case "2": kind = .fill
        case let code: kind = .other(String(code))
        }
        switch r.code(14) {
        case "1": acceptance = .received
        case "2": acceptance = .confirmed
        case "3": acceptance = .cancelled
        case let code: acceptance = .other(String(code))
        }
        branch = r.text(15)
        orderQuantity = try r.integer(16, "ODER_QTY")
        accountName = r.text(17)
        switch layout {
        case .current26:
            stopPrice = try r.integer(18, "ORD_COND_PRC")
            switch r.code(19) {
            case "1": exchange = .krx
            case "2": exchange = .nxt
            case "3": exchange = .smartRoutedKRX
            case "4": exchange = .smartRoutedNXT
            case let code: exchange = code.isEmpty ? nil : .other(String(code))
            }
            showsPopup = try r.flag(20, "POPUP_YN")
            creditClass = r.text(22)
            creditLoanDate = r.text(23)
            stockName = r.text(24)
            orderPrice = try r.integer(25, "ODER_PRC")
            extraFields = r.extra(from: 26)
        case .legacy23:
            stopPrice = nil
            exchange = nil
            showsPopup = nil
            creditClass = r.text(19)
            creditLoanDate = r.text(20)
            stockName = r.text(21) ?? r.text(18)
            orderPrice = try r.integer(22, "ODER_PRC")
            extraFields = r.extra(from: 23)
        }
    }

    /// A summary without the HTS ID, account number or account name.
    public var description: String {
        "KISExecutionNotice(order \(orderNumber), \(kind), \(side), \(symbol), \(quantity) @ \(price), \(timeOfDay), rejected: \(isRejected))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that redacts the HTS ID, account number and account name.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "orderNumber": orderNumber, "kind": kind, "side": side, "symbol": symbol,
            "quantity": quantity, "price": price, "timeOfDay": timeOfDay, "customerID": "<redacted>",
            "accountNumber": "<redacted>", "accountName": "<redacted>",
        ])
    }
}
