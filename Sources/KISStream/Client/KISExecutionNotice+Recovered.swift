import KISREST
import QuantCore

extension KISExecutionNotice {
    /// The single entry of ``extraFields`` that marks a notice synthesized from the daily
    /// order-fill inquiry rather than received over the WebSocket.
    public static let recoveredMarker = "RECOVERED"

    /// The notice was recovered through the REST order-fill inquiry after a reconnect (see
    /// ``KISRealtimeClient/init(credentials:configuration:approvalKeyIssuer:orderFills:logger:)``).
    ///
    /// Such a notice carries the order's number, side, stock, order quantity and price, and
    /// the quantity filled while the client was away (``quantity``) at its average price
    /// (``price``); ``timeOfDay`` is when it was recovered (KIS reports no per-fill time),
    /// and the HTS ID is the subscription's, the account number empty.
    public var isRecovered: Bool { extraFields == [Self.recoveredMarker] }

    /// A fill notice for `quantity` shares of `fill` at `price` won (internal).
    init(recovered fill: KISOrderFill, quantity: Int, price: Int, customerID: String, at time: KSTTimeOfDay) {
        layout = .current26
        self.customerID = customerID
        accountNumber = ""
        orderNumber = fill.orderNumber
        originalOrderNumber = fill.originalOrderNumber
        side = fill.side == .buy ? .buy : .sell
        correction = .normal
        orderKind = fill.orderType ?? "00"
        condition = .none
        symbol = fill.symbol
        self.quantity = quantity
        self.price = price
        timeOfDay = time
        isRejected = false
        kind = .fill
        acceptance = .confirmed
        branch = fill.branch
        orderQuantity = fill.orderQuantity
        accountName = nil
        stopPrice = nil
        exchange = nil
        showsPopup = nil
        creditClass = nil
        creditLoanDate = nil
        stockName = fill.stockName
        orderPrice = fill.orderPrice
        extraFields = [Self.recoveredMarker]
    }
}
