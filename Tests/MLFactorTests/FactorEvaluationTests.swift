import Foundation
import MLFactor
import QuantCore
import QuantTestSupport
import Testing

@Suite("Factor evaluation vs scipy/numpy")
struct FactorEvaluationTests {
    @Test(arguments: EvaluationFixture.caseNames)
    func matchesReference(_ name: String) throws {
        let c = try EvaluationFixture.named(name)
        let report = try FactorEvaluator(quantiles: c.quantiles, minimumAssets: c.minAssets)
            .evaluate(factor: try c.panel(c.factor), forwardReturns: try c.panel(c.forwardReturns))
        #expect(report.dates.map(\.description) == c.evaluatedDates)
        #expect(report.skipped.map(\.date.description) == c.skipped.map(\.date))
        #expect(report.skipped.map(\.reason.rawValue) == c.skipped.map(\.reason))
        #expect(report.skipped.map(\.assets) == c.skipped.map(\.assets))
        expectClose(report.ic, c.ic, relative: 1e-10, floor: 1e-3, "IC")
        expectClose(report.rankIC, c.rankIc, relative: 1e-10, floor: 1e-3, "rank IC")
        expectClose(report.quantileReturns.flatMap { $0 }, c.quantileReturns.flatMap { $0 }, relative: 1e-10, floor: 1e-3, "quantile returns")
        expectClose(report.longShort, c.longShort, relative: 1e-10, floor: 1e-3, "long-short")
        expectClose(report.quantileMeanReturns, c.quantileMeanReturns, relative: 1e-10, floor: 1e-3)
        expectClose(report.longShortMean, c.longShortMean, relative: 1e-10, floor: 1e-3)
        expectClose(report.cumulativeLongShort, c.cumulativeLongShort, relative: 1e-10, floor: 1e-3)
        for (actual, expected) in [(report.icSummary, c.icSummary), (report.rankICSummary, c.rankIcSummary)] {
            expectClose([actual.mean, actual.std, actual.icir, actual.tStat, actual.hitRate],
                        [expected.mean, expected.std, expected.icir, expected.tStat, expected.hitRate], relative: 1e-10, floor: 1e-3)
            #expect(actual.dates == expected.dates)
        }
    }

    @Test func matchesAlphalensOnACompleteCrossSection() throws {
        let c = try EvaluationFixture.named("dense")
        let reference = try #require(c.alphalens)
        let report = try FactorEvaluator(quantiles: c.quantiles, minimumAssets: c.minAssets)
            .evaluate(factor: try c.panel(c.factor), forwardReturns: try c.panel(c.forwardReturns))
        #expect(report.dates.map(\.description) == reference.dates)
        expectClose(report.rankIC, reference.rankIc, relative: 1e-10, floor: 1e-3, "alphalens \(reference.version) factor_information_coefficient")
        expectClose(report.quantileReturns.flatMap { $0 }, reference.quantileReturns.flatMap { $0 }, relative: 1e-10, floor: 1e-3,
                    "alphalens mean_return_by_quantile(demeaned=False)")
        expectClose(report.demeanedQuantileReturns.flatMap { $0 }, reference.demeanedQuantileReturns.flatMap { $0 }, relative: 1e-10,
                    floor: 1e-3, "alphalens mean_return_by_quantile(demeaned=True)")
    }

    @Test func averageRanksShareTies() {
        #expect(CrossSectionStatistics.averageRanks([10, 30, 20, 20]) == [1, 4, 2.5, 2.5])
        #expect(CrossSectionStatistics.averageRanks([5, 5, 5]) == [2, 2, 2])
        #expect(CrossSectionStatistics.averageRanks([]) == [])
    }

    @Test func quantileBinsHaveEqualCountsLowestFirst() {
        #expect(CrossSectionStatistics.quantileBins([0.3, -1, 2, 0.5, 0.1], quantiles: 5) == [3, 1, 5, 4, 2])
        let bins = CrossSectionStatistics.quantileBins((0..<23).map { Double(($0 * 7) % 23) }, quantiles: 5)
        let counts = (1...5).map { q in bins.filter { $0 == q }.count }
        #expect(counts.max()! - counts.min()! <= 1)
        #expect(counts.reduce(0, +) == 23)
    }

    @Test func correlationsAreUndefinedForConstantInput() {
        #expect(CrossSectionStatistics.pearson([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(CrossSectionStatistics.spearman([1, 2, 3], [4, 4, 4]).isNaN)
        #expect(CrossSectionStatistics.pearson([1], [2]).isNaN)
        #expect(CrossSectionStatistics.spearman([1, 2, 3, 4], [1, 8, 27, 64]) == 1)
    }

    @Test func summaryOfOneDateHasNoDeviation() {
        let s = ICSummary([0.1, .nan])
        #expect(s.dates == 1)
        #expect(s.mean == 0.1)
        #expect(s.std.isNaN && s.icir.isNaN && s.tStat.isNaN)
        #expect(s.hitRate == 1)
    }

    @Test func noUsableDateIsAnError() throws {
        let dates = [try TradingDate(parsing: "2024-01-31"), try TradingDate(parsing: "2024-02-29")]
        let panel = try Panel(dates: dates, assets: ["A", "B", "C"], columns: [[1, 2], [2, .nan], [.nan, 3]])
        let error = #expect(throws: MLFactorError.self) {
            try FactorEvaluator(quantiles: 3, minimumAssets: 3).evaluate(factor: panel, forwardReturns: panel)
        }
        #expect(error?.reason == .tooFewDates)
    }

    @Test func badSettingsAndInfinitiesAreErrors() throws {
        let dates = [try TradingDate(parsing: "2024-01-31")]
        let good = try Panel(dates: dates, assets: ["A", "B"], columns: [[1], [2]])
        let bad = try Panel(dates: dates, assets: ["A", "B"], columns: [[1], [.infinity]])
        let config = #expect(throws: MLFactorError.self) {
            try FactorEvaluator(quantiles: 5, minimumAssets: 3).evaluate(factor: good, forwardReturns: good)
        }
        #expect(config?.reason == .invalidConfiguration)
        let inf = #expect(throws: MLFactorError.self) {
            try FactorEvaluator(quantiles: 2, minimumAssets: 2).evaluate(factor: good, forwardReturns: bad)
        }
        #expect(inf?.reason == .nonFinite)
        #expect(inf?.asset == "B")
    }

    @Test func onlySharedDatesAndAssetsAreUsed() throws {
        let d = try ["2024-01-31", "2024-02-29", "2024-03-29"].map { try TradingDate(parsing: $0) }
        let factor = try Panel(dates: Array(d[0...1]), assets: ["A", "B", "C", "Z"], columns: [[1, 3], [2, 2], [3, 1], [9, 9]])
        let returns = try Panel(dates: Array(d[1...2]), assets: ["C", "B", "A"], columns: [[0.1, 0], [0.2, 0], [0.3, 0]])
        let report = try FactorEvaluator(quantiles: 2, minimumAssets: 2).evaluate(factor: factor, forwardReturns: returns)
        #expect(report.dates == [d[1]])
        #expect(report.assetCounts == [3])
        // On 2024-02-29 factor A=3, B=2, C=1 and returns A=0.3, B=0.2, C=0.1: perfectly aligned.
        #expect(abs(report.ic[0] - 1) < 1e-15)
        #expect(report.rankIC[0] == 1)
    }

    @Test func turnoverCountsNewTopNames() throws {
        let d = try ["2024-01-31", "2024-02-29", "2024-03-29"].map { try TradingDate(parsing: $0) }
        // 4 assets, 2 quantiles: top half is {C, D}, then {B, D}, then {B, D}.
        let factor = try Panel(dates: d, assets: ["A", "B", "C", "D"], columns: [[1, 1, 1], [2, 3, 3], [3, 2, 2], [4, 4, 4]])
        let returns = try Panel(dates: d, assets: ["A", "B", "C", "D"], columns: [[0.1, 0.1, 0.1], [0.2, 0.3, 0.3], [0.3, 0.1, 0.1], [0.4, 0.4, 0.2]])
        let report = try FactorEvaluator(quantiles: 2, minimumAssets: 2).evaluate(factor: factor, forwardReturns: returns)
        #expect(report.topQuantileTurnover[0].isNaN)
        #expect(Array(report.topQuantileTurnover.dropFirst()) == [0.5, 0])
    }
}

@Suite("Forward returns and IC decay")
struct ForwardReturnTests {
    static let dates = (0..<6).map { TradingDate(daysSinceEpoch: 19_000 + 30 * $0) }

    @Test func forwardReturnsLookAheadByTheHorizon() throws {
        let prices = try Panel(dates: Self.dates, assets: ["A", "B"], columns: [[100, 110, 121, .nan, 100, 50], [10, 10, 10, 10, 10, 20]])
        let one = try ForwardReturns.simple(prices: prices, horizon: 1)
        expectClose(one.column(0).map { $0.isNaN ? -9 : $0 }, [0.1, 0.1, -9, -9, -0.5, -9], relative: 1e-14, floor: 1e-12)
        let two = try ForwardReturns.simple(prices: prices, horizon: 2)
        expectClose(two.column(1).map { $0.isNaN ? -9 : $0 }, [0, 0, 0, 1, -9, -9], relative: 1e-14, floor: 1e-12)
    }

    @Test func nonPositivePriceIsNamed() throws {
        let prices = try Panel(dates: Array(Self.dates[0..<2]), assets: ["A", "B"], columns: [[1, 2], [3, 0]])
        let error = #expect(throws: MLFactorError.self) { try ForwardReturns.simple(prices: prices) }
        #expect(error?.asset == "B")
        #expect(error?.date == Self.dates[1])
    }

    @Test func ranksScaleToUnitInterval() throws {
        let panel = try Panel(dates: Array(Self.dates[0..<1]), assets: ["A", "B", "C", "D"], columns: [[3], [1], [.nan], [2]])
        let ranked = ForwardReturns.crossSectionalRanks(panel)
        #expect(ranked.row(0)[0] == 1 && ranked.row(0)[1] == 0 && ranked.row(0)[3] == 0.5 && ranked.row(0)[2].isNaN)
    }

    @Test func decayFadesForAOneStepSignal() throws {
        // The factor knows exactly the next step's return and nothing later.
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let n = 40, m = 30
        var prices = [[Double]](repeating: [], count: m), factor = [[Double]](repeating: [], count: m)
        let steps = (0..<m).map { _ in (0..<n).map { _ in noise() * 0.1 } }
        for j in 0..<m {
            var p = 100.0
            for t in 0..<n {
                prices[j].append(p)
                factor[j].append(t + 1 < n ? steps[j][t + 1] : 0)
                if t + 1 < n { p *= 1 + steps[j][t + 1] }
            }
        }
        let dates = (0..<n).map { TradingDate(daysSinceEpoch: 18_000 + $0) }
        let assets = (0..<m).map { Symbol("S\($0)") }
        let decay = try FactorEvaluator(quantiles: 5, minimumAssets: 10).icDecay(
            factor: try Panel(dates: dates, assets: assets, columns: factor),
            prices: try Panel(dates: dates, assets: assets, columns: prices), maximumHorizon: 3)
        #expect(decay.map(\.horizon) == [1, 2, 3])
        #expect(decay[0].rankIC.mean == 1)
        #expect(decay[1].rankIC.mean < 0.9)
        #expect(decay[2].rankIC.mean < decay[1].rankIC.mean)
    }
}
