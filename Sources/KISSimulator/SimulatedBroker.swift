import KISStream
import QuantCore

/// The simulator's own-order book: orders accepted over REST, filled against the random-walk
/// market, remembered for the daily order-fill and balance inquiries (internal).
struct SimulatedBroker {
    struct Order {
        let number: Int
        let appKey: String
        let account: String
        let branch: String
        let side: Side
        let symbol: String
        let quantity: Int
        var price: Int  // 0 for a market order
        let orderType: String
        let date: TradingDate
        let time: KSTTimeOfDay
        var filledQuantity = 0
        var filledAmount = 0
        var cancelled = false

        var remaining: Int { cancelled ? 0 : quantity - filledQuantity }
        var orderNumber: String { SimulatedBroker.pad(number, 10) }
        var averagePrice: Int { filledQuantity == 0 ? 0 : filledAmount / filledQuantity }
    }

    enum Side: String { case buy = "02", sell = "01" }

    struct Fill {
        let orderIndex: Int
        let quantity: Int
        let price: Int
    }

    var orders: [Order] = []
    var nextNumber = 1
    let initialCash: Int
    let fillLotSize: Int?

    init(initialCash: Int, fillLotSize: Int?, firstOrderNumber: Int) {
        self.initialCash = initialCash
        self.fillLotSize = fillLotSize
        nextNumber = firstOrderNumber
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    mutating func accept(
        appKey: String, account: String, side: Side, symbol: String, quantity: Int, price: Int, orderType: String,
        date: TradingDate, time: KSTTimeOfDay
    ) -> Int {
        let order = Order(
            number: nextNumber, appKey: appKey, account: account, branch: "91252", side: side, symbol: symbol, quantity: quantity,
            price: price, orderType: orderType, date: date, time: time)
        nextNumber += 1
        orders.append(order)
        return orders.count - 1
    }

    func index(ofOrder number: String, account: String) -> Int? {
        guard let value = Int(number) else { return nil }
        return orders.firstIndex { $0.number == value && $0.account == account }
    }

    /// Fills what the market allows: market orders at the current price, limit buys when the
    /// price is at or below the limit, limit sells at or above; at most one lot per order per call.
    mutating func match(price: (String) -> Int) -> [Fill] {
        var fills: [Fill] = []
        for i in orders.indices where orders[i].remaining > 0 {
            let market = price(orders[i].symbol)
            let order = orders[i]
            let marketable =
                order.price == 0 || (order.side == .buy && market <= order.price) || (order.side == .sell && market >= order.price)
            guard marketable else { continue }
            let lot = min(order.remaining, fillLotSize ?? order.remaining)
            orders[i].filledQuantity += lot
            orders[i].filledAmount += lot * market
            fills.append(Fill(orderIndex: i, quantity: lot, price: market))
        }
        return fills
    }

    /// Cash and holdings of an account from its fills.
    func position(account: String) -> (cash: Int, holdings: [(symbol: String, quantity: Int, cost: Int)]) {
        var cash = initialCash
        var holdings: [String: (quantity: Int, cost: Int)] = [:]
        for order in orders where order.account == account && order.filledQuantity > 0 {
            var entry = holdings[order.symbol] ?? (0, 0)
            switch order.side {
            case .buy:
                cash -= order.filledAmount
                entry.quantity += order.filledQuantity
                entry.cost += order.filledAmount
            case .sell:
                cash += order.filledAmount
                let average = entry.quantity == 0 ? 0 : entry.cost / entry.quantity
                entry.quantity -= order.filledQuantity
                entry.cost -= average * order.filledQuantity
            }
            holdings[order.symbol] = entry
        }
        let sorted = holdings.keys.sorted().compactMap { symbol -> (String, Int, Int)? in
            guard let entry = holdings[symbol], entry.quantity != 0 else { return nil }
            return (symbol, entry.quantity, entry.cost)
        }
        return (cash, sorted.map { (symbol: $0.0, quantity: $0.1, cost: $0.2) })
    }

    /// A 26-field H0STCNI0 record for an order event: an acknowledgement (`kind` 1) or a fill (`kind` 2).
    static func notice(
        htsID: String, order: Order, kind: String, correction: String = "0", quantity: Int, price: Int, time: KSTTimeOfDay
    ) -> [String] {
        [
            htsID, order.account, order.orderNumber, "0000000000", order.side.rawValue, correction, order.orderType, "0",
            order.symbol, "\(quantity)", "\(price)", SimulatedMarket.hhmmss(time), "0", kind, kind == "2" ? "2" : "1",
            order.branch, "\(order.quantity)", "SIMULATED", "0", "1", "N", "", "10", "", "SIM \(order.symbol)", "\(order.price)",
        ]
    }
}
