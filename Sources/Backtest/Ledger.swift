import Execution
import QuantCore
import StrategyKit

/// Cash, positions and fills of a running backtest, marked at each symbol's last traded price.
struct Ledger {
    let prices: Panel
    let configuration: BacktestConfiguration
    private(set) var cash: Double
    /// Shares by column of the price panel.
    private(set) var positions: [Int: Int] = [:]
    private(set) var trades: [Trade] = []
    /// The last traded price of every column up to the current date (NaN before its first).
    private var lastPrice: [Double]
    /// Columns whose delisting date has come; never bought again.
    private var delisted: Set<Int> = []
    private let columnOf: [Symbol: Int]
    private let delistingDates: [(column: Int, date: TradingDate)]

    init(prices: Panel, configuration: BacktestConfiguration) {
        self.prices = prices
        self.configuration = configuration
        cash = configuration.initialCapital
        lastPrice = [Double](repeating: .nan, count: prices.assetCount)
        columnOf = Dictionary(uniqueKeysWithValues: prices.assets.enumerated().map { ($1, $0) })
        delistingDates = configuration.delistings.compactMap { symbol, date in
            prices.index(of: symbol).map { ($0, date) }
        }.sorted { $0.column < $1.column }
    }

    /// The price of column `j` on date index `t`, or NaN.
    private func price(_ j: Int, _ t: Int) -> Double {
        prices.withUnsafeValues { $0[t + j * prices.dateCount] }
    }

    /// - Throws: ``BacktestError`` (`.invalidData`) naming the first non-positive or infinite price.
    func validatePrices(from first: Int, through last: Int) throws {
        let n = prices.dateCount
        let bad: (Int, Int)? = prices.withUnsafeValues { v in
            for j in 0..<prices.assetCount {
                for t in first...last {
                    let p = v[t + j * n]
                    if !p.isNaN && !(p.isFinite && p > 0) { return (j, t) }
                }
            }
            return nil
        }
        if let (j, t) = bad {
            throw BacktestError(.invalidData, symbol: prices.assets[j], date: prices.dates[t],
                                detail: "price \(price(j, t)) is not a positive finite number")
        }
    }

    /// Remembers each column's last price before the first date, for marking only.
    mutating func seedPrices(before first: Int) {
        for j in 0..<prices.assetCount {
            var t = first - 1
            while t >= 0, price(j, t).isNaN { t -= 1 }
            if t >= 0 { lastPrice[j] = price(j, t) }
        }
    }

    /// Moves to the close of date index `t`.
    mutating func advance(to t: Int) {
        for j in 0..<prices.assetCount {
            let p = price(j, t)
            if !p.isNaN { lastPrice[j] = p }
        }
    }

    /// Closes every position whose symbol is delisted on or before date index `t`, at its last
    /// traded price less slippage, commission and tax.
    mutating func closeDelisted(on t: Int) {
        let date = prices.dates[t]
        for (j, delistedOn) in delistingDates where delistedOn <= date && !delisted.contains(j) {
            delisted.insert(j)
            if let shares = positions[j], shares > 0, !lastPrice[j].isNaN {
                sell(j, shares: shares, close: lastPrice[j], on: t, reason: "delisted")
            }
        }
    }

    /// Cash plus every position at its last traded price.
    func equity() -> Double {
        var total = cash
        for (j, shares) in positions where !lastPrice[j].isNaN { total += Double(shares) * lastPrice[j] }
        return total
    }

    /// The held weights at the last traded prices.
    func currentWeights() -> PortfolioWeights {
        let total = equity()
        guard total > 0 else { return .allCash }
        let held = positions.keys.sorted().filter { positions[$0, default: 0] > 0 && !lastPrice[$0].isNaN }
        let weights = held.map { max(0, Double(positions[$0, default: 0]) * lastPrice[$0] / total) }
        let sum = weights.reduce(0, +)
        // Rounding can push the sum a hair above one; scale it back rather than fail.
        let scaled = sum > 1 ? weights.map { $0 / sum } : weights
        return (try? PortfolioWeights(symbols: held.map { prices.assets[$0] }, weights: scaled)) ?? .allCash
    }

    /// Shares held at the end, by symbol.
    var positionsBySymbol: [Symbol: Int] {
        Dictionary(uniqueKeysWithValues: positions.filter { $0.value > 0 }.map { (prices.assets[$0.key], $0.value) })
    }

    /// Trades towards `target` at date index `t`'s closes; returns the one-way turnover.
    ///
    /// Symbols without a close on `t` (halted, not yet listed) are neither bought nor sold;
    /// symbols the price panel does not have, and delisted ones, are not bought.
    mutating func execute(_ target: PortfolioWeights, on t: Int) -> Double {
        let before = equity()
        guard before > 0 else { return 0 }
        let investable = before * (1 - configuration.cashBuffer)
        let lot = configuration.lotSize
        var desired: [Int: Int] = [:]
        for (symbol, weight) in zip(target.symbols, target.weights) {
            guard let j = columnOf[symbol], !delisted.contains(j) else { continue }
            let p = price(j, t)
            guard !p.isNaN else { continue }
            desired[j] = Int((weight * investable / (p * Double(lot))).rounded(.down)) * lot
        }
        var traded = 0.0
        // Sells first: positions above their target, including those the target drops.
        for j in positions.keys.sorted() {
            let held = positions[j, default: 0]
            let p = price(j, t)
            guard held > 0, !p.isNaN, !delisted.contains(j) else { continue }
            let want = desired[j] ?? 0
            if want < held { traded += sell(j, shares: held - want, close: p, on: t, reason: "rebalance") }
        }
        // Then buys, scaled down to the cash left when they cost more.
        let costs = configuration.costs
        var buys = desired.keys.sorted().compactMap { j -> (Int, Int)? in
            let extra = desired[j, default: 0] - positions[j, default: 0]
            return extra > 0 ? (j, extra) : nil
        }
        let needed = buys.reduce(0.0) { total, buy in
            let cost = costs.buyCost(shares: buy.1, price: price(buy.0, t))
            return total + cost.value + cost.commission
        }
        if needed > cash {
            let factor = max(0, cash / needed)
            buys = buys.map { ($0.0, Int((Double($0.1) * factor / Double(lot)).rounded(.down)) * lot) }
        }
        for (j, shares) in buys where shares > 0 {
            let (fill, value, commission) = costs.buyCost(shares: shares, price: price(j, t))
            guard value + commission <= cash + 1e-6 else { continue }
            cash -= value + commission
            positions[j, default: 0] += shares
            trades.append(Trade(date: prices.dates[t], symbol: prices.assets[j], side: .buy, shares: shares, price: fill,
                                commission: commission, tax: 0, reason: "rebalance"))
            traded += value
        }
        return traded / (2 * before)
    }

    /// Sells `shares` of column `j` at `close` less slippage; returns the traded value.
    @discardableResult
    private mutating func sell(_ j: Int, shares: Int, close: Double, on t: Int, reason: String) -> Double {
        let (fill, value, commission, tax) = configuration.costs.sellProceeds(shares: shares, price: close)
        cash += value - commission - tax
        let left = positions[j, default: 0] - shares
        positions[j] = left > 0 ? left : nil
        trades.append(Trade(date: prices.dates[t], symbol: prices.assets[j], side: .sell, shares: shares, price: fill,
                            commission: commission, tax: tax, reason: reason))
        return value
    }
}
