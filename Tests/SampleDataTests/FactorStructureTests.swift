import Foundation
import QuantCore
import SampleData
import Testing

@Suite("Factor structure")
struct FactorStructureTests {
    let market = SampleMarkets.standard

    /// Stocks listed over the whole history, with complete daily returns after the first date.
    var fullHistory: [Int] {
        market.stocks.indices.filter { j in (1..<market.dates.count).allSatisfy { !market.returns[$0, j].isNaN } }
    }

    @Test func returnsCorrelateMoreWithinSectors() {
        let columns = Array(fullHistory.prefix(120))
        #expect(columns.count >= 100)
        let series = columns.map { Array(market.returns.column($0).dropFirst()) }
        let sectors = columns.map { market.securityMaster[market.stocks[$0]]!.sector! }
        var within = [Double](), across = [Double]()
        for a in series.indices {
            for b in series.indices where b > a {
                let rho = Stats.pearson(series[a], series[b])
                if sectors[a] == sectors[b] { within.append(rho) } else { across.append(rho) }
            }
        }
        let acrossMean = Stats.mean(across), withinMean = Stats.mean(within)
        #expect(acrossMean > 0.05, "mean cross-sector correlation \(acrossMean)")
        #expect(withinMean > acrossMean + 0.03, "within \(withinMean) vs across \(acrossMean)")
    }

    @Test func returnsHaveFatTailsAndVolatilityClustering() {
        // Pooled standardised daily returns: excess kurtosis well above 0 (normal), and
        // squared returns are autocorrelated (GARCH), raw returns nearly not.
        var kurtosis = [Double](), squaredAutocorrelation = [Double](), rawAutocorrelation = [Double]()
        for j in fullHistory.prefix(60) {
            let r = Array(market.returns.column(j).dropFirst())
            let m = Stats.mean(r), sd = Stats.standardDeviation(r)
            kurtosis.append(r.reduce(0) { $0 + pow(($1 - m) / sd, 4) } / Double(r.count) - 3)
            let sq = r.map { ($0 - m) * ($0 - m) }
            squaredAutocorrelation.append(Stats.pearson(Array(sq.dropFirst()), Array(sq.dropLast())))
            rawAutocorrelation.append(Stats.pearson(Array(r.dropFirst()), Array(r.dropLast())))
        }
        #expect(Stats.mean(kurtosis) > 1.5)
        #expect(Stats.mean(squaredAutocorrelation) > 0.03)
        #expect(abs(Stats.mean(rawAutocorrelation)) < 0.05)
    }

    @Test func marketFactorDrivesTheKOSPIETFAndBetasAreRecorded() {
        let truth = market.truth
        #expect(truth.marketBetas.count == 300 && truth.sectorLoadings.count == 300)
        #expect(truth.sectorFactorReturns.count == truth.sectors.count)
        let e = market.prices.index(of: SyntheticMarket.kospi200ETF)!
        let etf = Array(market.returns.column(e).dropFirst())
        #expect(Stats.pearson(etf, Array(truth.marketFactorReturns.dropFirst())) > 0.8)
        // Higher-beta stocks co-move more with the market factor.
        let columns = fullHistory
        let corr = columns.map { Stats.pearson(Array(market.returns.column($0).dropFirst()), Array(truth.marketFactorReturns.dropFirst())) }
        #expect(Stats.spearman(columns.map { truth.marketBetas[$0] }, corr) > 0.3)
    }
}
