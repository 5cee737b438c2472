import Foundation
import LinearAlgebra
import MLFactor
import QuantCore
import SampleData
import StrategyKit
import Testing

@Suite("ML factor strategy")
struct MLFactorStrategyTests {
    static let market: SyntheticMarket = {
        do { return try SampleMarketGenerator(configuration: .init(seed: 5, stockCount: 80, years: 4)).generate() }
        catch { fatalError("sample market: \(error)") }
    }()

    static func dataset(_ prices: Panel? = nil) throws -> MarketDataset {
        try MarketDataset(prices: prices ?? market.prices, volumes: market.volumes, panels: ["marketCap": market.marketCap])
    }

    static let features: [FactorFeature] = [.bookToPrice, .momentum12_1, .returnOnEquity, .volatility60]

    /// A ridge model trained on the first two years of month ends.
    static func model() throws -> RidgeModel {
        let data = try SampleMarketPipeline.dataset(market, features: features)
        let rows = data.rows(onDates: Array(12..<24), requiringTarget: true)
        let training = data.subset(rows)
        return try RidgeRegression(alpha: 1).fit(features: training.features, target: training.target)
    }

    static var asOf: TradingDate { SampleMarketPipeline.monthEnds(market.dates)[36] }

    func context(_ dataset: MarketDataset) throws -> StrategyContext {
        StrategyContext(universe: Self.market.stocks, view: try dataset.view(asOf: Self.asOf))
    }

    @Test func selectsTheTopNEligibleStocksBestFirst() throws {
        let selector = MLFactorSelector(model: try Self.model(), features: Self.features, fundamentals: Self.market.fundamentals,
                                        predictionWeight: 0.5, topN: 10, minimumPrice: 2_000, minimumTradedValue: 1e8)
        let selection = try selector.select(try context(try Self.dataset()))
        #expect(selection.symbols.count == 10)
        #expect(Set(selection.symbols).count == 10)
        #expect(zip(selection.scores, selection.scores.dropFirst()).allSatisfy { $0 >= $1 })
        let t = Self.market.prices.index(of: Self.asOf)!
        for symbol in selection.symbols {
            let j = Self.market.prices.index(of: symbol)!
            #expect(Self.market.prices[t, j] >= 2_000)
        }
        let strategy = ComposedStrategy(selector: selector, weighting: EqualWeighting())
        var state = NoState()
        let decision = try strategy.decide(try context(try Self.dataset()), state: &state)
        #expect(decision.target.weights.allSatisfy { abs($0 - 0.1) < 1e-15 })
    }

    @Test func weightZeroIsTheThreeFactorRanking() throws {
        let selector = MLFactorSelector<RidgeModel>(model: nil, features: [], fundamentals: Self.market.fundamentals,
                                                    predictionWeight: 0, topN: 5, minimumPrice: 0)
        let selection = try selector.select(try context(try Self.dataset()))
        // The same ranking computed directly: the stocks trading on the as-of date, 260 returns of history.
        let m = Self.market
        let t = m.prices.index(of: Self.asOf)!
        let trading = m.stocks.filter { !m.prices[t, m.prices.index(of: $0)!].isNaN }
        let returns = try m.prices.rows((t - 260)..<(t + 1)).selecting(assets: trading).simpleReturns()
        let caps = try m.marketCap.rows((t - 259)..<(t + 1)).selecting(assets: trading)
        let panels = try FeatureBuilder(returns: returns, marketCap: caps, fundamentals: m.fundamentals)
            .panels(asOf: [Self.asOf], features: [.bookToPrice, .momentum12_1, .returnOnEquity])
        let score = try ThreeFactorScore().score(value: panels[0].panel, momentum: panels[1].panel, quality: panels[2].panel)
        let z = CrossSectionalTransform.zScore.apply(to: score).row(0).map { $0.isNaN ? 0 : $0 }
        let expected = z.indices.sorted { z[$0] > z[$1] || (z[$0] == z[$1] && trading[$0] < trading[$1]) }.prefix(5).map { trading[$0] }
        #expect(selection.symbols == expected)
        #expect(selection.symbols.count == 5)
        let withModel = MLFactorSelector(model: try Self.model(), features: Self.features, fundamentals: Self.market.fundamentals,
                                         predictionWeight: 0, topN: 5, minimumPrice: 0)
        #expect(try withModel.select(try context(try Self.dataset())).symbols == selection.symbols)
        let blended = MLFactorSelector(model: try Self.model(), features: Self.features, fundamentals: Self.market.fundamentals,
                                       predictionWeight: 1, topN: 5, minimumPrice: 0)
        #expect(try blended.select(try context(try Self.dataset())).symbols != selection.symbols)
    }

    @Test func decisionIgnoresPricesAfterTheAsOfDate() throws {
        let selector = MLFactorSelector(model: try Self.model(), features: Self.features, fundamentals: Self.market.fundamentals, topN: 10, minimumPrice: 0)
        let prices = Self.market.prices
        let n = prices.dateCount
        var values = prices.values
        for t in 0..<n where prices.dates[t] > Self.asOf {
            for j in 0..<prices.assetCount where !values[t + j * n].isNaN { values[t + j * n] *= Double(1 + (j % 3)) }
        }
        let altered = try Panel(dates: prices.dates, assets: prices.assets, values: values)
        let a = try selector.select(try context(try Self.dataset()))
        let b = try selector.select(try context(try Self.dataset(altered)))
        #expect(a == b)
    }

    @Test func misconfigurationIsReported() throws {
        let model = try Self.model()
        let cases: [MLFactorSelector<RidgeModel>] = [
            MLFactorSelector(model: model, features: Self.features, fundamentals: Self.market.fundamentals, topN: 0),
            MLFactorSelector(model: model, features: Self.features, fundamentals: Self.market.fundamentals, predictionWeight: 1.5),
            MLFactorSelector(model: model, features: [.bookToPrice], fundamentals: Self.market.fundamentals),
        ]
        for selector in cases {
            let error = #expect(throws: StrategyError.self) { try selector.select(try context(try Self.dataset())) }
            #expect(error?.reason == .invalidConfiguration)
        }
        let nothing = MLFactorSelector(model: model, features: Self.features, fundamentals: Self.market.fundamentals, minimumPrice: 1e12)
        let empty = #expect(throws: StrategyError.self) { try nothing.select(try context(try Self.dataset())) }
        #expect(empty?.reason == .emptyUniverse)
        let noCaps = #expect(throws: StrategyError.self) {
            try nothing.select(StrategyContext(universe: Self.market.stocks, view: try MarketDataset(prices: Self.market.prices).view(asOf: Self.asOf)))
        }
        #expect(noCaps?.reason == .missingData)
    }
}
