import Foundation
import QuantCore
import SampleData
import Testing

@Suite("Synthetic market: shapes, listings, prices")
struct SyntheticMarketTests {
    let market = SampleMarkets.standard

    @Test func shapesAndLabels() {
        #expect(market.stocks.count == 300)
        #expect(market.etfs == [SyntheticMarket.kospi200ETF, SyntheticMarket.sp500ETF, SyntheticMarket.shortTermBondETF])
        // Ten years of trading dates: about 246 a year after weekends and holidays.
        #expect((2_400...2_520).contains(market.dates.count))
        #expect(market.dates.first == TradingDate(year: 2015, month: 1, day: 2))
        #expect(market.dates.allSatisfy { !$0.isWeekend })
        #expect(Set(market.dates).isDisjoint(with: market.holidays))
        for panel in [market.prices, market.volumes, market.sharesOutstanding, market.marketCap, market.returns] {
            #expect(panel.dates == market.dates)
            #expect(panel.assets == market.assets)
        }
        #expect(market.securityMaster.count == 303)
        #expect(Set(market.assets).count == 303)
        #expect(market.stocks.allSatisfy { $0.code.count == 6 && $0.code.allSatisfy(\.isNumber) })
        #expect(SyntheticMarket.disclaimer.contains("SYNTHETIC"))
    }

    @Test func missingExactlyWhenNotListed() {
        let master = market.securityMaster
        for (j, symbol) in market.assets.enumerated() {
            let listing = master[symbol]!
            var previousListed = false
            for (t, date) in market.dates.enumerated() {
                let listed = listing.isListed(on: date)
                for panel in [market.prices, market.volumes, market.sharesOutstanding, market.marketCap] {
                    if panel[t, j].isNaN == listed {
                        Issue.record("\(symbol) on \(date): listed \(listed) but value \(panel[t, j])")
                        return
                    }
                }
                // A return needs yesterday's close too.
                if market.returns[t, j].isNaN == (listed && previousListed) {
                    Issue.record("\(symbol) on \(date): return \(market.returns[t, j]) with listed \(listed), yesterday \(previousListed)")
                    return
                }
                previousListed = listed
            }
        }
    }

    @Test func pricesArePositiveIntegersOnTheTickGrid() {
        var off = 0
        for (k, p) in market.prices.values.enumerated() where !p.isNaN {
            let j = k / market.dates.count
            let isETF = j >= market.stocks.count
            let stockTick: Double = switch p {
                case ..<2_000: 1
                case ..<5_000: 5
                case ..<20_000: 10
                case ..<50_000: 50
                case ..<200_000: 100
                case ..<500_000: 500
                default: 1_000
            }
            let tick = isETF ? 5 : stockTick
            if !(p > 0 && p == p.rounded() && (p / tick).rounded() * tick == p) { off += 1 }
        }
        #expect(off == 0)
        #expect(market.volumes.values.allSatisfy { $0.isNaN || ($0 >= 1 && $0 == $0.rounded()) })
        let cap = market.marketCap.values, close = market.prices.values, shares = market.sharesOutstanding.values
        #expect(cap.indices.allSatisfy { cap[$0].isNaN || cap[$0] == close[$0] * shares[$0] })
    }

    @Test func listingsAndDelistingsMidHistoryKeepTheirHistory() {
        let stocks = market.stocks.compactMap { market.securityMaster[$0] }
        let late = stocks.filter { $0.listedOn > market.dates[0] }
        let delisted = stocks.filter { $0.delistedOn != nil }
        #expect(late.count >= 20)
        #expect(delisted.count >= 10)
        let last = market.dates.last!
        for listing in delisted {
            let j = market.prices.index(of: listing.symbol)!
            let t = market.prices.index(of: listing.delistedOn!)!
            // Traded the day before its delisting date, not on it; still in the master and universe history.
            #expect(!market.prices[t - 1, j].isNaN && market.prices[t, j].isNaN)
            #expect(market.securityMaster.universe(on: market.dates[t - 1], kind: .stock).contains(listing.symbol))
            #expect(!market.securityMaster.universe(on: last, kind: .stock).contains(listing.symbol))
        }
        #expect(market.securityMaster.universe(on: last, kind: .stock).count == 300 - delisted.count)
        #expect(market.securityMaster.universe(on: market.dates[0], kind: .stock).count == 300 - late.count)
    }

    @Test func etfsHavePlausibleProfiles() throws {
        func annualised(_ symbol: Symbol) -> (mean: Double, volatility: Double, count: Int) {
            let r = market.returns.column(for: symbol)!.filter { !$0.isNaN }
            return (Stats.mean(r) * 252, Stats.standardDeviation(r) * 252.0.squareRoot(), r.count)
        }
        let master = market.securityMaster
        #expect(master[SyntheticMarket.kospi200ETF]?.name == "KODEX 200")
        #expect(master[SyntheticMarket.sp500ETF]?.name == "TIGER 미국S&P500")
        #expect(master[SyntheticMarket.shortTermBondETF]?.name == "KODEX 단기채권")
        #expect(master[SyntheticMarket.kospi200ETF]?.kind == .etf)
        let kodex = annualised(SyntheticMarket.kospi200ETF)
        let sp = annualised(SyntheticMarket.sp500ETF)
        let bond = annualised(SyntheticMarket.shortTermBondETF)
        #expect((0.10...0.30).contains(kodex.volatility))
        #expect((0.08...0.30).contains(sp.volatility))
        #expect(bond.volatility < 0.01)
        #expect((0.0...0.05).contains(bond.mean))
        // The S&P 500 ETF lists on its real listing date, 2020-08-07.
        #expect(master[SyntheticMarket.sp500ETF]?.listedOn == TradingDate(year: 2020, month: 8, day: 7))
        #expect(sp.count < kodex.count)
        // KODEX 200 tracks the capitalisation-weighted KOSPI stocks.
        let kospi = market.stocks.indices.filter { master[market.stocks[$0]]?.market == .kospi }
        var index = [Double](), etf = [Double]()
        let e = market.prices.index(of: SyntheticMarket.kospi200ETF)!
        for t in 1..<market.dates.count {
            var w = 0.0, wr = 0.0
            for j in kospi where !market.returns[t, j].isNaN && !market.marketCap[t - 1, j].isNaN {
                w += market.marketCap[t - 1, j]
                wr += market.marketCap[t - 1, j] * market.returns[t, j]
            }
            index.append(wr / w)
            etf.append(market.returns[t, e])
        }
        #expect(Stats.pearson(index, etf) > 0.9)
    }
}
