import Foundation
import QuantCore
import SampleData
import Testing

@Suite("Planted factor premia")
struct PlantedPremiaTests {
    let market = SampleMarkets.standard

    /// Monthly rank ICs of `signal(t, j)` (computed from public data as of the close of `t - 1`)
    /// with the next month's total return.
    func rankICs(_ signal: (Int, Int) -> Double?) -> [Double] {
        var ics = [Double]()
        for month in MonthlyCrossSection.all(in: market) {
            var x = [Double](), y = [Double]()
            for (k, j) in month.stocks.enumerated() {
                guard let s = signal(month.t, j), s.isFinite else { continue }
                x.append(s)
                y.append(month.forwardReturns[k])
            }
            if x.count >= 30 { ics.append(Stats.spearman(x, y)) }
        }
        return ics
    }

    /// log(B/M) from the fundamentals store as of the previous close and that close's market cap.
    func value(_ t: Int, _ j: Int) -> Double? {
        guard let book = market.fundamentals.value(of: .bookEquity, for: market.stocks[j], asOf: market.dates[t - 1]) else { return nil }
        return log(book / market.marketCap[t - 1, j])
    }

    /// 12-1 month total return from the returns panel.
    func momentum(_ t: Int, _ j: Int) -> Double? {
        guard t >= 253, !market.returns[t - 252, j].isNaN, !market.prices[t - 253, j].isNaN else { return nil }
        var growth = 1.0
        for s in (t - 252)...(t - 22) { growth *= 1 + market.returns[s, j] }
        return growth.isFinite ? log(growth) : nil
    }

    /// ROE: four times the latest public quarterly net income over that report's book equity.
    func quality(_ t: Int, _ j: Int) -> Double? {
        let symbol = market.stocks[j], asOf = market.dates[t - 1]
        guard let income = market.fundamentals.value(of: .netIncome, for: symbol, asOf: asOf),
              let book = market.fundamentals.value(of: .bookEquity, for: symbol, asOf: asOf) else { return nil }
        return 4 * income / book
    }

    @Test func valueSignalPredictsNextMonthReturns() {
        let ics = rankICs(value)
        let (mean, t) = Stats.tStat(ics)
        #expect(ics.count >= 110)
        #expect(mean > 0.02, "mean rank IC \(mean), t \(t)")
        #expect(t > 3, "mean rank IC \(mean), t \(t)")
    }

    @Test func momentumAndQualitySignalsPredictNextMonthReturns() {
        for (name, signal) in [("momentum", momentum), ("quality", quality)] as [(String, (Int, Int) -> Double?)] {
            let (mean, t) = Stats.tStat(rankICs(signal))
            #expect(mean > 0.02 && t > 3, "\(name): mean rank IC \(mean), t \(t)")
        }
    }

    @Test func recordedSignalsAreThePublicSignalsStandardised() {
        // The truth's value z-scores are the cross-sectional z-scores of log(B/M) computed here
        // from public data alone (where not clipped at ±3).
        let truth = market.truth
        var compared = 0
        for (row, date) in truth.rebalanceDates.enumerated() {
            guard let t = market.prices.index(of: date), t >= 1 else { continue }
            var raw = [(Int, Double)]()
            for j in market.stocks.indices where !market.prices[t - 1, j].isNaN && !market.prices[t, j].isNaN {
                if let v = value(t, j) { raw.append((j, v)) }
            }
            guard raw.count >= 5 else { continue }
            let values = raw.map(\.1)
            let m = Stats.mean(values), sd = Stats.standardDeviation(values)
            for (j, v) in raw {
                let z = (v - m) / sd
                guard abs(z) < 3 else { continue }
                #expect(abs(truth.valueSignal[row, j] - z) < 1e-9)
                compared += 1
            }
        }
        #expect(compared > 20_000)
    }

    @Test func premiaAreCausal() throws {
        // The same seed without premia: the value signal's IC drops by a clear margin.
        var configuration = market.configuration
        configuration.premia = .none
        configuration.stockCount = 150
        var planted = configuration
        planted.premia = .standard
        func meanIC(_ m: SyntheticMarket) -> Double {
            var ics = [Double]()
            for month in MonthlyCrossSection.all(in: m) {
                var x = [Double](), y = [Double]()
                for (k, j) in month.stocks.enumerated() {
                    guard let book = m.fundamentals.value(of: .bookEquity, for: m.stocks[j], asOf: m.dates[month.t - 1]) else { continue }
                    x.append(log(book / m.marketCap[month.t - 1, j]))
                    y.append(month.forwardReturns[k])
                }
                if x.count >= 30 { ics.append(Stats.spearman(x, y)) }
            }
            return Stats.mean(ics)
        }
        let without = meanIC(try SampleMarketGenerator(configuration: configuration).generate())
        let with = meanIC(try SampleMarketGenerator(configuration: planted).generate())
        #expect(with > without + 0.02, "with premia \(with), without \(without)")
        #expect(market.truth.premia == .standard)
        #expect(market.truth.plantedExpectedReturns(row: 20).contains { $0 != 0 })
    }
}
