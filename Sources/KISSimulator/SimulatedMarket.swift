import KISStream
import QuantCore

/// The seeded random-walk market behind the simulator: one state per stock (internal).
struct SimulatedMarket {
    struct Stock {
        let previousClose: Int
        var price: Int
        var open: Int
        var high: Int
        var low: Int
        var accumulatedVolume = 0
        var accumulatedValue = 0
        var sellCount = 0
        var buyCount = 0
        var sellQuantity = 0
        var buyQuantity = 0
        var openTime = "090000"
        var highTime = "090000"
        var lowTime = "090000"
    }

    var random: SimulatorRandom
    var stocks: [String: Stock] = [:]
    let initialPrices: [String: Int]
    let extraTradeFields: Int

    init(seed: UInt64, initialPrices: [String: Int], extraTradeFields: Int) {
        random = SimulatorRandom(seed: seed)
        self.initialPrices = initialPrices
        self.extraTradeFields = extraTradeFields
    }

    /// KRX tick size for a price.
    static func tickSize(_ price: Int) -> Int {
        switch price {
        case ..<2_000: 1
        case ..<5_000: 5
        case ..<20_000: 10
        case ..<50_000: 50
        case ..<200_000: 100
        case ..<500_000: 500
        default: 1_000
        }
    }

    mutating func stock(_ code: String) -> Stock {
        if let s = stocks[code] { return s }
        let p = initialPrices[code] ?? 50_000
        let s = Stock(previousClose: p, price: p, open: p, high: p, low: p)
        stocks[code] = s
        return s
    }

    static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func hhmmss(_ t: KSTTimeOfDay) -> String { pad(t.hour) + pad(t.minute) + pad(t.second) }

    static func sign(_ diff: Int) -> String { diff > 0 ? "2" : diff < 0 ? "5" : "3" }

    /// Advances one stock by one trade and returns its 46-field H0STCNT0 record (plus drift fields).
    mutating func trade(_ code: String, date: TradingDate, time: KSTTimeOfDay) -> [String] {
        var s = stock(code)
        let tick = Self.tickSize(s.price)
        let step = Int.random(in: -2...2, using: &random)
        s.price = max(tick, s.price + step * tick)
        let volume = Int.random(in: 1...500, using: &random)
        let buyer = Bool.random(using: &random)
        let now = Self.hhmmss(time)
        if s.accumulatedVolume == 0 {
            s.open = s.price; s.high = s.price; s.low = s.price
            s.openTime = now; s.highTime = now; s.lowTime = now
        }
        if s.price > s.high { s.high = s.price; s.highTime = now }
        if s.price < s.low { s.low = s.price; s.lowTime = now }
        s.accumulatedVolume += volume
        s.accumulatedValue += volume * s.price
        if buyer { s.buyCount += 1; s.buyQuantity += volume } else { s.sellCount += 1; s.sellQuantity += volume }
        stocks[code] = s
        let change = s.price - s.previousClose
        let rate = Double(change) / Double(s.previousClose) * 100
        let vwap = Double(s.accumulatedValue) / Double(max(1, s.accumulatedVolume))
        let strength = s.sellQuantity == 0 ? 100 : Double(s.buyQuantity) / Double(s.sellQuantity) * 100
        func f2(_ x: Double) -> String { String(Double(Int((x * 100).rounded())) / 100) }
        var fields = [
            code, now, "\(s.price)", Self.sign(change), "\(change)", f2(rate), f2(vwap), "\(s.open)", "\(s.high)", "\(s.low)",
            "\(s.price + tick)", "\(s.price)", "\(volume)", "\(s.accumulatedVolume)", "\(s.accumulatedValue)",
            "\(s.sellCount)", "\(s.buyCount)", "\(s.buyCount - s.sellCount)", f2(strength), "\(s.sellQuantity)",
            "\(s.buyQuantity)", buyer ? "1" : "5", f2(Double(s.buyQuantity) / Double(max(1, s.accumulatedVolume)) * 100), "50.00",
            s.openTime, Self.sign(s.price - s.open), "\(s.price - s.open)", s.highTime, Self.sign(s.price - s.high),
            "\(s.price - s.high)", s.lowTime, Self.sign(s.price - s.low), "\(s.price - s.low)", date.compactDescription, "20",
            "N", "\(Int.random(in: 100...5_000, using: &random))", "\(Int.random(in: 100...5_000, using: &random))",
            "\(Int.random(in: 100_000...900_000, using: &random))", "\(Int.random(in: 100_000...900_000, using: &random))",
            "0.01", "\(s.accumulatedVolume * 2)", "50.00", "0", "", "\(s.previousClose)",
        ]
        for i in 0..<extraTradeFields { fields.append("X\(i)") }
        return fields
    }

    /// A 59-field H0STASP0 record around the stock's current price.
    mutating func orderBook(_ code: String, time: KSTTimeOfDay) -> [String] {
        let s = stock(code)
        let tick = Self.tickSize(s.price)
        var fields = [code, Self.hhmmss(time), "0"]
        fields += (1...10).map { "\(s.price + $0 * tick)" }
        fields += (0..<10).map { "\(max(tick, s.price - $0 * tick))" }
        let askQty = (0..<10).map { _ in Int.random(in: 1...10_000, using: &random) }
        let bidQty = (0..<10).map { _ in Int.random(in: 1...10_000, using: &random) }
        fields += askQty.map(String.init) + bidQty.map(String.init)
        fields += ["\(askQty.reduce(0, +))", "\(bidQty.reduce(0, +))", "0", "0"]
        fields += ["0", "0", "0", "0", "3", "0.00"]
        fields += ["\(s.accumulatedVolume)", "0", "0", "0", "0", "0"]
        return fields
    }

    /// A 26-field H0STCNI0 fill of `quantity` shares at the stock's current price.
    mutating func fillNotice(htsID: String, orderNumber: Int, code: String, quantity: Int, time: KSTTimeOfDay) -> [String] {
        let s = stock(code)
        let order = String(orderNumber)
        let padded = String(repeating: "0", count: max(0, 10 - order.count)) + order
        return [
            htsID, "5000000001", padded, "0000000000", "02", "0", "00", "0", code, "\(quantity)",
            "\(s.price)", Self.hhmmss(time), "0", "2", "2", "00950", "\(quantity)", "SIMULATED", "0", "1",
            "N", "", "10", "", "SIM \(code)", "\(s.price)",
        ]
    }
}
