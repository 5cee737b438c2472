import Foundation
import LinearAlgebra
import MLFactor
import QuantCore
import SampleData
import StrategyKit
import Testing

@Suite("Retraining ML factor strategy")
struct RetrainingFactorStrategyTests {
    static let market: SyntheticMarket? = try? SampleMarketGenerator(configuration: .init(seed: 11, stockCount: 80, years: 5)).generate()

    static func dataset(_ market: SyntheticMarket) throws -> MarketDataset {
        try MarketDataset(prices: market.adjustedPrices.prices, volumes: market.volumes, panels: ["marketCap": market.marketCap])
    }

    func strategy(_ market: SyntheticMarket) -> RetrainingFactorStrategy<RidgeRegression, EqualWeighting> {
        RetrainingFactorStrategy(regressor: RidgeRegression(alpha: 10), weighting: EqualWeighting(), features: [.bookToPrice, .momentum12_1, .returnOnEquity, .volatility60],
                                 fundamentals: market.fundamentals, trainingAssets: market.stocks, trainingMonths: 24, retrainEveryMonths: 3, topN: 10)
    }

    @Test func itRetrainsEveryQuarterFromThePointInTimeView() throws {
        let market = try #require(Self.market)
        let data = try Self.dataset(market)
        let strategy = strategy(market)
        var state = strategy.initialState()
        var trainedOn: [TradingDate] = []
        // Month ends of the last three years.
        let dates = market.dates
        let monthEnds = dates.indices.filter { $0 + 1 == dates.count || dates[$0 + 1].month != dates[$0].month }.map { dates[$0] }.suffix(36)
        for date in monthEnds {
            let view = try data.view(asOf: date)
            let universe = market.stocks.filter { view.isTrading($0) }
            let decision = try strategy.decide(StrategyContext(universe: universe, view: view), state: &state)
            #expect(decision.target.symbols.count == 10 && decision.target.symbols.allSatisfy(universe.contains))
            if state.trainedOn == date { trainedOn.append(date) }
        }
        #expect(trainedOn.count == 12, "36 month ends, a training every 3 months")
        #expect(zip(trainedOn, trainedOn.dropFirst()).allSatisfy { ($1.year - $0.year) * 12 + $1.month - $0.month == 3 })
        #expect(state.model?.featureCount == 4)
        // The state survives a round trip through JSON (a bot stores it between days).
        let decoded = try JSONDecoder().decode(RetrainingFactorStrategy<RidgeRegression, EqualWeighting>.State.self, from: JSONEncoder().encode(state))
        #expect(decoded.trainings == state.trainings && decoded.model?.featureCount == 4)
    }

    /// A price column the market-cap and volume panels lack (an index added for comparison):
    /// its cells are missing there, and the model still trains on everything else.
    @Test func anAssetMissingFromThePanelsDoesNotStopTheTraining() throws {
        let market = try #require(Self.market)
        let prices = market.adjustedPrices.prices
        let index = (0..<prices.dateCount).map { 1_000 + Double($0) }
        let columns = (0..<prices.assetCount).map { j in (0..<prices.dateCount).map { prices[$0, j] } } + [index]
        let withIndex = try Panel(dates: prices.dates, assets: prices.assets + ["KOSPI200"], columns: columns)
        let data = try MarketDataset(prices: withIndex, volumes: try market.volumes.aligned(toAssets: withIndex.assets),
                                     panels: ["marketCap": market.marketCap])
        var strategy = strategy(market)
        strategy.trainingAssets = nil      // every price column, the index included
        var state = strategy.initialState()
        let date = market.dates[market.dates.count - 1]
        let view = try data.view(asOf: date)
        let decision = try strategy.decide(StrategyContext(universe: market.stocks.filter { view.isTrading($0) }, view: view), state: &state)
        #expect(state.trainedOn == date, "\(decision.diagnostics)")
        if case .number(let rows)? = decision.diagnostics["trainingRows"] { #expect(rows > 1_000) } else { Issue.record("no training rows") }
    }

    @Test func theModelOfADateIgnoresEverythingAfterIt() throws {
        let market = try #require(Self.market)
        let data = try Self.dataset(market)
        let d = market.dates[market.dates.count - 300]
        // The same market with every price, volume and cap after d scrambled.
        let cut = market.dates.firstIndex(of: d)! + 1
        func scrambled(_ p: Panel) throws -> Panel {
            try Panel(dates: p.dates, assets: p.assets, columns: (0..<p.assetCount).map { j in
                p.column(j).enumerated().map { t, x in t >= cut && !x.isNaN ? x * (1.3 + 0.2 * sin(Double(t * (j + 1)))) : x }
            })
        }
        let altered = try MarketDataset(prices: scrambled(market.adjustedPrices.prices), volumes: scrambled(market.volumes),
                                        panels: ["marketCap": scrambled(market.marketCap)])
        let strategy = strategy(market)
        var a = strategy.initialState(), b = strategy.initialState()
        let universe = market.stocks.filter { (try? data.view(asOf: d).isTrading($0)) == true }
        let da = try strategy.decide(StrategyContext(universe: universe, view: try data.view(asOf: d)), state: &a)
        let db = try strategy.decide(StrategyContext(universe: universe, view: try altered.view(asOf: d)), state: &b)
        #expect(da.target == db.target)
        let probe = Matrix(rows: 1, columns: 4, repeating: 0.5)
        #expect(try a.model?.predict(probe) == b.model?.predict(probe), "identical models")
    }
}
