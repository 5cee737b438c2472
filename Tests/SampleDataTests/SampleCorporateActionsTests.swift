import Foundation
import QuantCore
import SampleData
import Testing

@Suite("Synthetic corporate actions")
struct SampleCorporateActionsTests {
    let market = SampleMarkets.standard

    @Test func dividendsAndSplitsAreGeneratedAndAdjusted() throws {
        let actions = market.corporateActions
        let dividends = actions.filter { !$0.isSplit }
        let splits = actions.filter(\.isSplit)
        #expect(dividends.count > 500)
        #expect(splits.count >= 3)
        // Ex-dividend dates are trading dates in late December.
        #expect(dividends.allSatisfy { $0.exDate.month == 12 && $0.exDate.day >= 20 && market.prices.index(of: $0.exDate) != nil })
        // The declared dividend per share is recorded in the fundamentals for the fiscal year.
        for d in dividends.prefix(50) {
            let fy = TradingDate(year: d.exDate.year, month: 12, day: 31)!
            let recorded = market.fundamentals.history(of: .dividendsPerShare, for: d.symbol).first { $0.periodEnd == fy }
            if d.exDate.year < market.dates.last!.year {
                #expect(recorded?.value == d.dividendPerShare)
            }
        }
        // Shares outstanding jump by the split ratio on the ex-date.
        for s in splits {
            let j = market.prices.index(of: s.symbol)!, t = market.prices.index(of: s.exDate)!
            let ratio = market.sharesOutstanding[t, j] / market.sharesOutstanding[t - 1, j]
            #expect(abs(ratio - s.shareMultiplier) < 1e-5 * s.shareMultiplier)   // shares are whole
        }
    }

    @Test func adjustedPricesAreContinuousAcrossSplits() throws {
        let raw = try market.prices.simpleReturns()
        let adjusted = try AdjustedPrices(raw: market.prices, actions: market.corporateActions, mode: .splitsOnly)
        let r = try adjusted.prices.simpleReturns()
        // Raw returns show the mechanical jumps (-80% / +900%); adjusted ones respect the ±30% limit.
        #expect(raw.values.contains { !$0.isNaN && abs($0) > 0.5 })
        #expect(r.values.allSatisfy { $0.isNaN || abs($0) < 0.31 })
    }

    @Test func totalReturnsMatchDividendAdjustedPrices() throws {
        // The returns panel is the exact total return b = (P_ex + D) / P - 1; the backward
        // (Yahoo/CRSP) adjustment gives P_ex / (P - D) - 1 = b / (1 - y) with y = D / P on an
        // ex-dividend date, and the same return elsewhere (splits included).
        let r = try market.adjustedPrices.prices.simpleReturns()
        var dividends = [String: Double]()
        for a in market.corporateActions where !a.isSplit { dividends["\(a.symbol) \(a.exDate)"] = a.dividendPerShare }
        var exDates = 0
        for t in 0..<r.dateCount {
            for j in 0..<r.assetCount {
                let adjusted = r[t, j], exact = market.returns[t + 1, j]
                guard adjusted.isNaN == exact.isNaN else {
                    Issue.record("missing mismatch at \(market.assets[j]) \(r.dates[t])")
                    return
                }
                guard !exact.isNaN else { continue }
                var expected = exact
                if let d = dividends["\(market.assets[j]) \(r.dates[t])"] {
                    expected = exact / (1 - d / market.prices[t, j])
                    exDates += 1
                }
                if abs(adjusted - expected) > 1e-10 {
                    Issue.record("\(market.assets[j]) \(r.dates[t]): adjusted \(adjusted) vs total \(exact)")
                    return
                }
            }
        }
        #expect(exDates == dividends.count)
    }
}
