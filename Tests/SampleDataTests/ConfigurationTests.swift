import QuantCore
import SampleData
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaults() {
        let c = SampleMarketGenerator.Configuration()
        #expect(c.stockCount == 300 && c.years == 10 && c.seed == 42)
        #expect(c.startDate == TradingDate(year: 2015, month: 1, day: 2))
        #expect(c.premia == .standard)
    }

    @Test(arguments: [
        SampleMarketGenerator.Configuration(stockCount: 0),
        SampleMarketGenerator.Configuration(stockCount: 5001),
        SampleMarketGenerator.Configuration(years: 0),
        SampleMarketGenerator.Configuration(delistingShare: 1.5),
        SampleMarketGenerator.Configuration(premia: FactorPremia(value: .nan, momentum: 0, quality: 0)),
        SampleMarketGenerator.Configuration(marketVolatility: 0),
    ])
    func invalidConfigurationsAreTypedErrors(_ c: SampleMarketGenerator.Configuration) {
        let error = #expect(throws: DataError.self) { try SampleMarketGenerator(configuration: c).generate() }
        #expect(error?.reason == .invalidValue)
        #expect(error?.detail.contains("configuration") == true)
    }

    @Test func smallAndLateMarketsWork() throws {
        let m = try SampleMarketGenerator(configuration: .init(seed: 3, stockCount: 1, years: 1,
                                                               startDate: TradingDate(year: 2030, month: 6, day: 1)!)).generate()
        #expect(m.stocks.count == 1)
        #expect(m.dates.first! >= TradingDate(year: 2030, month: 6, day: 1)!)
        // Real ETF listing dates before the window: listed from the start.
        #expect(m.prices.column(for: SyntheticMarket.sp500ETF)!.allSatisfy { !$0.isNaN })
    }
}
