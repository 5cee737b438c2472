import QuantCore
import StrategyKit
import Testing

/// A small price panel: 30 weekdays from 2024-01-02, three assets.
func makePrices(days: Int = 30, bump: (Int, Int) -> Double = { _, _ in 0 }) throws -> Panel {
    var dates: [TradingDate] = []
    var d = TradingDate(year: 2024, month: 1, day: 2)!
    while dates.count < days {
        if !d.isWeekend { dates.append(d) }
        d = d.adding(days: 1)
    }
    let assets: [Symbol] = ["069500", "360750", "153130"]
    let columns = assets.indices.map { j in
        dates.indices.map { t in 10_000 * (1 + 0.01 * Double(j + 1) * Double(t)) + bump(t, j) }
    }
    return try Panel(dates: dates, assets: assets, columns: columns)
}

@Suite("Point-in-time view")
struct PointInTimeViewTests {
    @Test func viewStopsAtAsOf() throws {
        let prices = try makePrices()
        let asOf = prices.dates[19]
        let view = try MarketDataset(prices: prices).view(asOf: asOf)
        #expect(view.prices().dates.last == asOf)
        #expect(view.prices().dateCount == 20)
        #expect(view.prices(lookback: 5).dates == Array(prices.dates[15...19]))
        #expect(try view.returns(lookback: 4).dateCount == 4)
        #expect(view.dates.last == asOf)
    }

    @Test func changingFutureDataChangesNothingVisible() throws {
        let original = try makePrices()
        let asOf = original.dates[14]
        // Alter every price after the as-of date.
        let altered = try makePrices { t, _ in t > 14 ? 5_000 : 0 }
        let a = try MarketDataset(prices: original).view(asOf: asOf)
        let b = try MarketDataset(prices: altered).view(asOf: asOf)
        #expect(a.prices() == b.prices())
        #expect(try a.returns(lookback: 10) == b.returns(lookback: 10))
        #expect(a.latestPrice(of: "069500") == b.latestPrice(of: "069500"))
        // And the alteration is real: the full panels differ.
        #expect(original != altered)
    }

    @Test func asOfOnANonTradingDayShowsThePreviousDate() throws {
        let prices = try makePrices()
        let saturday = prices.dates.first { $0.weekday == .friday }!.adding(days: 1)
        let view = try MarketDataset(prices: prices).view(asOf: saturday)
        #expect(view.prices().dates.last == saturday.adding(days: -1))
        #expect(!view.isTrading("069500"))
    }

    @Test func asOfBeforeTheDataIsAnError() throws {
        let prices = try makePrices()
        let error = #expect(throws: StrategyError.self) { try MarketDataset(prices: prices).view(asOf: prices.dates[0].adding(days: -1)) }
        #expect(error?.reason == .invalidData)
    }

    @Test func missingNamedPanelIsNamed() throws {
        let prices = try makePrices()
        let view = try MarketDataset(prices: prices).view(asOf: prices.dates[5])
        let error = #expect(throws: StrategyError.self) { try view.panel(named: "marketCap") }
        #expect(error?.detail.contains("marketCap") == true)
    }
}
