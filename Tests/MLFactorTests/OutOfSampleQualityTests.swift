import Foundation
import MLFactor
import QuantCore
import SampleData
import Testing

/// Out-of-sample quality on a generated market with planted value, momentum and quality premia.
@Suite("Planted premia are recovered out of sample")
struct OutOfSampleQualityTests {
    static let market: SyntheticMarket = {
        do { return try SampleMarketGenerator(configuration: .init(seed: 42, stockCount: 200, years: 8)).generate() }
        catch { fatalError("sample market: \(error)") }
    }()

    @Test func everyModelBeatsItsFloor() throws {
        let market = Self.market
        let dates = SampleMarketPipeline.monthEnds(market.dates)
        let raw = try SampleMarketPipeline.builder(market).panels(asOf: dates, features: [.bookToPrice, .momentum12_1, .returnOnEquity])
        let target = try ForwardReturns.compounded(dailyReturns: market.returns, asOf: dates)
        let composite = try ThreeFactorScore().score(value: raw[0].panel, momentum: raw[1].panel, quality: raw[2].panel)
        let evaluator = FactorEvaluator(quantiles: 5, minimumAssets: 30)
        // The same out-of-sample months as the walk-forward below.
        let data = try SampleMarketPipeline.dataset(market)
        let schedule = WalkForward(minimumTrainingDates: 36, retrainEvery: 6, gap: 1)
        let firstTest = schedule.minimumTrainingDates + schedule.gap
        let oos = composite.rows(firstTest..<dates.count)
        let compositeReport = try evaluator.evaluate(factor: oos, forwardReturns: target)
        let ridge = try schedule.run(RidgeRegression(alpha: 10), on: data)
        let ridgeReport = try evaluator.evaluate(factor: ridge.predictions, forwardReturns: try data.targetPanel())
        let boosting = try schedule.run(GradientBoostingRegressor(iterations: 60, learningRate: 0.05, maximumLeaves: 15, minimumSamplesPerLeaf: 200), on: data)
        let boostingReport = try evaluator.evaluate(factor: boosting.predictions, forwardReturns: try data.targetPanel())
        let forest = try schedule.run(RandomForestRegressor(trees: 30, maximumDepth: 5, minimumSamplesPerLeaf: 200, maximumFeatures: 0.5, seed: 1), on: data)
        let forestReport = try evaluator.evaluate(factor: forest.predictions, forwardReturns: try data.targetPanel())
        // Measured: three-factor 0.092, ridge 0.081, boosting 0.061, forest 0.065 over 58 months (the planted
        // signals are linear, so the linear models lead). Floors sit under these and above noise (about 0.02).
        #expect(compositeReport.rankICSummary.mean > 0.05)
        #expect(ridgeReport.rankICSummary.mean > 0.05)
        #expect(boostingReport.rankICSummary.mean > 0.04)
        #expect(forestReport.rankICSummary.mean > 0.04)

        // Trained on the cross-sectionally ranked target, scored against raw returns.
        let ranked = try SampleMarketPipeline.dataset(market, rankedTarget: true)
        let rankedRidge = try schedule.run(RidgeRegression(alpha: 10), on: ranked)
        let rankedReport = try evaluator.evaluate(factor: rankedRidge.predictions, forwardReturns: try data.targetPanel())
        #expect(rankedReport.rankICSummary.mean > 0.05)
    }
}
