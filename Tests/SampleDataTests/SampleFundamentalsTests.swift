import Foundation
import QuantCore
import SampleData
import Testing

@Suite("Synthetic fundamentals")
struct SampleFundamentalsTests {
    let market = SampleMarkets.standard

    @Test func publicationDatesFollowPeriodEnds() {
        let records = market.fundamentals.records
        #expect(records.count > 300 * 40 * 8 * 8 / 10)
        for r in records {
            guard let published = r.publishedOn else {
                Issue.record("\(r.symbol) \(r.field) \(r.periodEnd) has no publication date")
                return
            }
            let lag = r.periodEnd.distance(to: published)
            let yearEnd = r.periodEnd.month == 12
            if !(yearEnd ? (60...93).contains(lag) : (30...48).contains(lag)) {
                Issue.record("\(r.symbol) \(r.field) \(r.periodEnd): published after \(lag) days")
                return
            }
            #expect(!published.isWeekend)
        }
    }

    @Test func everyStockReportsEveryQuarterWhileListed() throws {
        let store = market.fundamentals
        for symbol in market.stocks {
            let listing = market.securityMaster[symbol]!
            let history = store.history(of: .bookEquity, for: symbol)
            #expect(!history.isEmpty)
            // Consecutive quarters, book equity positive.
            for (a, b) in zip(history, history.dropFirst()) {
                #expect(a.periodEnd.adding(months: 3).adding(days: 3) >= b.periodEnd && a.periodEnd < b.periodEnd)
            }
            #expect(history.allSatisfy { $0.value > 0 })
            if let delisted = listing.delistedOn {
                #expect(history.allSatisfy { $0.periodEnd < delisted })
            }
            let shares = store.history(of: .sharesOutstanding, for: symbol)
            #expect(shares.count == history.count)
        }
    }

    @Test func pointInTimeBookEquityIsAvailableFromTheStart() throws {
        let d = market.dates[0]
        let listedAtStart = market.securityMaster.universe(on: d, kind: .stock)
        let book = try market.fundamentals.panel(of: .bookEquity, symbols: listedAtStart, dates: [d])
        #expect(book.values.allSatisfy { !$0.isNaN && $0 > 0 })
        // Trailing-twelve-month net income exists too (five pre-sample quarters, four of them public).
        #expect(listedAtStart.allSatisfy { market.fundamentals.trailingSum(of: .netIncome, for: $0, asOf: d) != nil })
        // Price-to-book is in a plausible range for most stocks.
        let pbr = listedAtStart.enumerated().map { j, s in market.marketCap.value(of: s, on: d)! / book[0, j] }
        let median = pbr.sorted()[pbr.count / 2]
        #expect((0.4...3.0).contains(median))
    }
}
