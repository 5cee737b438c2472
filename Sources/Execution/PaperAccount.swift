public import QuantCore
public import StrategyKit

/// A simulated brokerage account: cash and positions that limit orders fill against prices.
///
/// A buy fills when the price is at or below its limit, a sell when it is at or above; the
/// fill is at the price with the costs' slippage, commission and (sells) tax. A buy that the
/// cash cannot pay for, or a sell of more than is held, does not fill. Nothing is partially
/// filled.
///
/// ```swift
/// var account = PaperAccount(cash: 100_000_000)
/// let report = account.execute(verdict.accepted, at: closes, on: today, costs: .krx)
/// report.fills; report.unfilled
/// ```
public struct PaperAccount: Sendable, Hashable, Codable {
    /// Cash, in won.
    public private(set) var cash: Double
    /// Shares held, by symbol.
    public private(set) var positions: [Symbol: Int]

    /// Opens an account.
    public init(cash: Double, positions: [Symbol: Int] = [:]) {
        self.cash = cash
        self.positions = positions
    }

    /// Cash plus every position at `prices`, in won (a position without a price counts zero).
    public func value(at prices: [Symbol: Double]) -> Double {
        cash + positions.reduce(0) { $0 + Double($1.value) * (prices[$1.key] ?? 0) }
    }

    /// The positions' weights at `prices` (positions without a price left out), in symbol
    /// order; scaled back to a sum of one when rounding pushes it above.
    public func weights(at prices: [Symbol: Double]) -> PortfolioWeights {
        let values = positions.sorted { $0.key < $1.key }.compactMap { symbol, shares in prices[symbol].map { (symbol, Double(shares) * $0) } }
        let total = value(at: prices)
        guard total > 0, !values.isEmpty else { return .allCash }
        let weights = values.map { $0.1 / total }
        let sum = weights.reduce(0, +)
        return (try? PortfolioWeights(symbols: values.map(\.0), weights: sum > 1 ? weights.map { $0 / sum } : weights)) ?? .allCash
    }

    /// One filled order.
    public struct Fill: Sendable, Hashable, Codable {
        /// The order.
        public let order: Order
        /// The date it filled.
        public let date: TradingDate
        /// The fill price, in won, slippage included.
        public let price: Double
        /// Commission paid, in won.
        public let commission: Double
        /// Tax paid, in won.
        public let tax: Double

        /// Creates a fill.
        public init(order: Order, date: TradingDate, price: Double, commission: Double, tax: Double) {
            self.order = order
            self.date = date
            self.price = price
            self.commission = commission
            self.tax = tax
        }
    }

    /// What an execution did.
    public struct ExecutionReport: Sendable, Hashable {
        /// Orders that filled.
        public var fills: [Fill]
        /// Orders that did not, with the reason.
        public var unfilled: [Unfilled]

        /// Creates a report (a live broker adapter reports in the same shape).
        public init(fills: [Fill], unfilled: [Unfilled]) {
            self.fills = fills
            self.unfilled = unfilled
        }
    }

    /// An order that did not fill, and why.
    public struct Unfilled: Sendable, Hashable {
        /// The order.
        public let order: Order
        /// Why it did not fill.
        public let reason: String

        /// Creates a record.
        public init(order: Order, reason: String) {
            self.order = order
            self.reason = reason
        }
    }

    /// Fills `orders` in order against `prices` (won, by symbol).
    public mutating func execute(_ orders: [Order], at prices: [Symbol: Double], on date: TradingDate, costs: TradingCosts) -> ExecutionReport {
        var report = ExecutionReport(fills: [], unfilled: [])
        for order in orders {
            guard let price = prices[order.symbol], price.isFinite, price > 0 else {
                report.unfilled.append(Unfilled(order: order, reason: "no price"))
                continue
            }
            switch order.side {
            case .buy:
                guard price <= Double(order.limitPrice) else { report.unfilled.append(Unfilled(order: order, reason: "price \(price) above the limit")); continue }
                let cost = costs.buyCost(shares: order.quantity, price: price)
                guard cost.value + cost.commission <= cash else { report.unfilled.append(Unfilled(order: order, reason: "not enough cash")); continue }
                cash -= cost.value + cost.commission
                positions[order.symbol, default: 0] += order.quantity
                report.fills.append(Fill(order: order, date: date, price: cost.fill, commission: cost.commission, tax: 0))
            case .sell:
                guard price >= Double(order.limitPrice) else { report.unfilled.append(Unfilled(order: order, reason: "price \(price) below the limit")); continue }
                let held = positions[order.symbol, default: 0]
                guard order.quantity <= held else { report.unfilled.append(Unfilled(order: order, reason: "only \(held) shares held")); continue }
                let proceeds = costs.sellProceeds(shares: order.quantity, price: price)
                cash += proceeds.value - proceeds.commission - proceeds.tax
                positions[order.symbol] = held == order.quantity ? nil : held - order.quantity
                report.fills.append(Fill(order: order, date: date, price: proceeds.fill, commission: proceeds.commission, tax: proceeds.tax))
            }
        }
        return report
    }
}
