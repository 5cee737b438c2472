import Foundation
import QuantCore
import SampleData

/// Markets shared by the tests (generated once per test process).
enum SampleMarkets {
    /// The default market: 300 stocks, 10 years, seed 42.
    static let standard: SyntheticMarket = try! SampleMarketGenerator().generate()

    /// A small market for cheap determinism checks.
    static func small(seed: UInt64, premia: FactorPremia = .standard) throws -> SyntheticMarket {
        try SampleMarketGenerator(configuration: .init(seed: seed, stockCount: 40, years: 3, premia: premia)).generate()
    }
}

/// Statistics the tests need, written plainly (no library under test).
enum Stats {
    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    static func standardDeviation(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in x.indices {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Average ranks (ties share their mean rank).
    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var out = [Double](repeating: 0, count: x.count)
        var k = 0
        while k < order.count {
            var e = k
            while e + 1 < order.count && x[order[e + 1]] == x[order[k]] { e += 1 }
            for m in k...e { out[order[m]] = Double(k + e) / 2 }
            k = e + 1
        }
        return out
    }

    static func spearman(_ x: [Double], _ y: [Double]) -> Double { pearson(ranks(x), ranks(y)) }

    /// Mean and t-statistic of a series.
    static func tStat(_ x: [Double]) -> (mean: Double, t: Double) {
        let m = mean(x)
        return (m, m / (standardDeviation(x) / Double(x.count).squareRoot()))
    }
}

/// Bit patterns of a panel's values, so that NaN cells compare equal.
func bits(_ panel: Panel) -> [UInt64] { panel.values.map(\.bitPattern) }

/// Monthly cross-sections for premia tests: for each rebalance date (first trading date of a
/// month) after the first, the stocks listed from the previous close to the end of the month and
/// their forward (month) total return.
struct MonthlyCrossSection {
    let t: Int                // row of the rebalance date in market.dates
    let stocks: [Int]         // column indices
    let forwardReturns: [Double]

    static func all(in market: SyntheticMarket) -> [MonthlyCrossSection] {
        let starts = market.truth.rebalanceDates.compactMap { market.prices.index(of: $0) }
        var out = [MonthlyCrossSection]()
        for (k, t) in starts.enumerated() where t >= 1 {
            let end = k + 1 < starts.count ? starts[k + 1] : market.dates.count
            var stocks = [Int](), forward = [Double]()
            for j in market.stocks.indices {
                guard !market.prices[t - 1, j].isNaN, !market.prices[end - 1, j].isNaN else { continue }
                var growth = 1.0
                for s in t..<end { growth *= 1 + market.returns[s, j] }
                guard growth.isFinite else { continue }
                stocks.append(j)
                forward.append(growth - 1)
            }
            out.append(MonthlyCrossSection(t: t, stocks: stocks, forwardReturns: forward))
        }
        return out
    }
}
