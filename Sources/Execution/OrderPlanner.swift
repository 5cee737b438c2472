public import QuantCore
public import StrategyKit

/// Turns target weights into KRX limit orders: whole lots, prices on the tick grid inside the
/// daily band, sells before buys, buys scaled to the cash the account will have.
///
/// Equity is `cash + Σ shares · price`. A symbol's target is
/// `floor(w · equity · (1 - cashBuffer) / (price · lot)) · lot` shares. Sells are limit
/// orders `limitOffset` below the price (rounded down onto the grid, no lower than the band's
/// floor); buys `limitOffset` above it (rounded up, no higher than the band's ceiling).
/// Orders worth less than ``minimumOrderValue`` are not sent. Buys are sized so that, at
/// their limit prices with commission, they cost no more than the cash left after the sells
/// (counted at their limits, less commission and tax).
///
/// ```swift
/// let planner = OrderPlanner(costs: .krx, cashBuffer: 0.01)
/// let plan = try planner.plan(target: weights, holdings: ["005930": 120], cash: 3_000_000, quotes: quotes)
/// plan.orders        // sells, then buys
/// plan.notPlanned    // symbols left alone, with the reason
/// ```
public struct OrderPlanner: Sendable, Hashable {
    /// Shares per lot (1 on KRX).
    public var lotSize: Int
    /// Fraction of equity left in cash.
    public var cashBuffer: Double
    /// How far from the price the limit is set, as a fraction (0.005 = 0.5%: marketable).
    public var limitOffset: Double
    /// Orders worth less than this many won are not sent.
    public var minimumOrderValue: Double
    /// Costs used to budget the buys.
    public var costs: TradingCosts

    /// Creates a planner.
    public init(lotSize: Int = 1, cashBuffer: Double = 0, limitOffset: Double = 0.005, minimumOrderValue: Double = 10_000,
                costs: TradingCosts = .krx) {
        self.lotSize = lotSize
        self.cashBuffer = cashBuffer
        self.limitOffset = limitOffset
        self.minimumOrderValue = minimumOrderValue
        self.costs = costs
    }

    /// The planned orders and what was left alone.
    public struct Plan: Sendable, Hashable {
        /// Sells first, then buys, each group in symbol order.
        public var orders: [Order]
        /// Symbols that needed a trade but got no order, with the reason.
        public var notPlanned: [Symbol: String]
        /// Equity at the quotes' prices, in won.
        public var equity: Double
    }

    /// Plans the orders.
    ///
    /// - Parameters:
    ///   - target: The target weights.
    ///   - holdings: Shares held now, by symbol.
    ///   - cash: Cash available now, in won.
    ///   - quotes: A quote for every held and every targeted symbol.
    /// - Throws: ``ExecutionError``: `.invalidConfiguration` for an out-of-range parameter,
    ///   `.invalidHoldings` for negative shares or cash, `.invalidQuote` naming a held symbol
    ///   without a usable quote (its value is unknown, so equity is).
    public func plan(target: PortfolioWeights, holdings: [Symbol: Int], cash: Double, quotes: [Symbol: Quote]) throws -> Plan {
        try validate()
        guard cash.isFinite, cash >= 0 else { throw ExecutionError(.invalidHoldings, detail: "cash \(cash) must be a non-negative number") }
        var equity = cash
        for (symbol, shares) in holdings.sorted(by: { $0.key < $1.key }) {
            guard shares >= 0 else { throw ExecutionError(.invalidHoldings, symbol: symbol, detail: "\(shares) shares held") }
            guard shares > 0 else { continue }
            guard let quote = quotes[symbol], quote.price.isFinite, quote.price > 0 else {
                throw ExecutionError(.invalidQuote, symbol: symbol, detail: "a held symbol needs a positive price to value the account")
            }
            equity += Double(shares) * quote.price
        }
        var notPlanned: [Symbol: String] = [:]
        var desired: [Symbol: Int] = [:]
        let investable = equity * (1 - cashBuffer)
        for (symbol, weight) in zip(target.symbols, target.weights) where weight > 0 {
            guard let quote = quotes[symbol], quote.price.isFinite, quote.price > 0, quote.previousClose > 0 else {
                notPlanned[symbol] = "no usable quote"
                continue
            }
            desired[symbol] = Int((weight * investable / (quote.price * Double(lotSize))).rounded(.down)) * lotSize
        }
        // Sells.
        var sells: [Order] = [], cashAfter = cash
        for symbol in Set(holdings.keys).sorted() {
            let held = holdings[symbol, default: 0], want = desired[symbol] ?? 0
            guard held > want else { continue }
            guard let quote = quotes[symbol] else { continue }
            if quote.halted { notPlanned[symbol] = "halted"; continue }
            let quantity = held - want
            let limit = max(quote.band.lower, KRXTickSize.roundDown(quote.price * (1 - limitOffset), kind: quote.kind))
            let order = Order(symbol: symbol, side: .sell, quantity: quantity, limitPrice: limit, kind: quote.kind,
                              reason: reason(symbol, target: target, held: held, price: quote.price, equity: equity))
            if order.value < minimumOrderValue { notPlanned[symbol] = "order worth \(Int(order.value)) won is below the minimum"; continue }
            let proceeds = costs.sellProceeds(shares: quantity, price: Double(limit))
            cashAfter += proceeds.value - proceeds.commission - proceeds.tax
            sells.append(order)
        }
        // Buys, scaled to the cash after the sells.
        var buys: [(symbol: Symbol, quantity: Int, limit: Int, quote: Quote)] = []
        for symbol in desired.keys.sorted() {
            let extra = desired[symbol, default: 0] - holdings[symbol, default: 0]
            guard extra > 0, let quote = quotes[symbol] else { continue }
            if quote.halted { notPlanned[symbol] = "halted"; continue }
            let limit = min(quote.band.upper, KRXTickSize.roundUp(quote.price * (1 + limitOffset), kind: quote.kind))
            buys.append((symbol, extra, limit, quote))
        }
        let budget = cashAfter * (1 - 1e-12)
        let needed = buys.reduce(0.0) { total, b in
            let cost = costs.buyCost(shares: b.quantity, price: Double(b.limit))
            return total + cost.value + cost.commission
        }
        let factor = needed > budget ? max(0, budget / needed) : 1
        var buyOrders: [Order] = []
        for b in buys {
            let quantity = factor < 1 ? Int((Double(b.quantity) * factor / Double(lotSize)).rounded(.down)) * lotSize : b.quantity
            let order = Order(symbol: b.symbol, side: .buy, quantity: quantity, limitPrice: b.limit, kind: b.quote.kind,
                              reason: reason(b.symbol, target: target, held: holdings[b.symbol, default: 0], price: b.quote.price, equity: equity))
            if quantity == 0 || order.value < minimumOrderValue {
                notPlanned[b.symbol] = "order worth \(Int(order.value)) won is below the minimum"
                continue
            }
            buyOrders.append(order)
        }
        return Plan(orders: sells + buyOrders, notPlanned: notPlanned, equity: equity)
    }

    private func reason(_ symbol: Symbol, target: PortfolioWeights, held: Int, price: Double, equity: Double) -> String {
        let now = equity > 0 ? Double(held) * price / equity : 0
        return "target \(percent(target.weight(of: symbol))) (held \(percent(now)))"
    }

    private func percent(_ x: Double) -> String { "\((x * 1000).rounded() / 10)%" }

    private func validate() throws {
        guard lotSize >= 1 else { throw ExecutionError(.invalidConfiguration, detail: "lot size \(lotSize) must be at least 1") }
        guard cashBuffer.isFinite, cashBuffer >= 0, cashBuffer < 1 else {
            throw ExecutionError(.invalidConfiguration, detail: "cash buffer \(cashBuffer) must be in [0, 1)")
        }
        guard limitOffset.isFinite, limitOffset >= 0, limitOffset < 0.3 else {
            throw ExecutionError(.invalidConfiguration, detail: "limit offset \(limitOffset) must be in [0, 0.3)")
        }
        guard minimumOrderValue.isFinite, minimumOrderValue >= 0 else {
            throw ExecutionError(.invalidConfiguration, detail: "minimum order value \(minimumOrderValue) must be non-negative")
        }
        if let bad = costs.invalidRate { throw ExecutionError(.invalidConfiguration, detail: "\(bad.name) \(bad.value) must be in [0, 1)") }
    }
}
