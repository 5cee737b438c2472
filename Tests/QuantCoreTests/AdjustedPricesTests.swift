import QuantCore
import QuantTestSupport
import Testing

private func day(_ y: Int, _ m: Int, _ d: Int) -> TradingDate { TradingDate(year: y, month: m, day: d)! }

@Suite("Corporate actions and backward-adjusted prices")
struct AdjustedPricesTests {
    let dates = (0..<6).map { day(2024, 3, 4).adding(days: $0) }

    @Test func splitAdjustmentIsContinuous() throws {
        // A 5-for-1 split on day 3: the raw price drops from 50,000 to 10,100 (a +1% day).
        let raw = try Panel(dates: dates, assets: ["A", "B"], columns: [
            [49_000, 49_500, 50_000, 10_100, 10_200, 10_000],
            [1_000, 1_010, 1_020, 1_030, 1_040, 1_050],
        ])
        let split = CorporateAction(symbol: "A", exDate: dates[3], kind: .split(ratio: 5))
        let adjusted = try AdjustedPrices(raw: raw, actions: [split])
        expectClose(adjusted.prices.column(0), [9_800, 9_900, 10_000, 10_100, 10_200, 10_000], relative: 1e-14)
        expectClose(adjusted.factors.column(0), [0.2, 0.2, 0.2, 1, 1, 1], relative: 1e-15)
        #expect(adjusted.prices.column(1) == raw.column(1))
        let r = try adjusted.prices.simpleReturns()
        expectClose(r[2, 0], 0.01, relative: 1e-12)       // across the ex-date
        // Raw returns show the mechanical -80% drop; adjusted ones never move more than 2%.
        #expect(try raw.simpleReturns()[2, 0] < -0.79)
        #expect(r.column(0).allSatisfy { abs($0) < 0.02 })
        // Position accounting: 10 shares held before the split are 50 now.
        #expect(adjusted.sharesToday(10, of: "A", heldOn: dates[2]) == 50)
        #expect(adjusted.sharesToday(10, of: "A", heldOn: dates[3]) == 10)
    }

    @Test func reverseSplitAndDividendCompound() throws {
        let raw = try Panel(dates: dates, assets: ["C"], columns: [[500, 510, 5_000, 5_100, 5_000, 4_900]])
        let actions = [
            CorporateAction(symbol: "C", exDate: dates[4], kind: .cashDividend(perShare: 100)),
            CorporateAction(symbol: "C", exDate: dates[2], kind: .reverseSplit(ratio: 10)),
            CorporateAction(symbol: "ZZZ", exDate: dates[2], kind: .split(ratio: 2)),   // not in panel: ignored
        ]
        let adjusted = try AdjustedPrices(raw: raw, actions: actions)
        let dividendFactor = 1 - 100.0 / 5_100
        expectClose(adjusted.factors.column(0), [10 * dividendFactor, 10 * dividendFactor, dividendFactor, dividendFactor, 1, 1], relative: 1e-14)
        // The ex-dividend return is P_ex / (P_prev - D) - 1.
        let r = try adjusted.prices.simpleReturns()
        expectClose(r[3, 0], 5_000.0 / (5_100 - 100) - 1, relative: 1e-12)
        #expect(adjusted.applied.count == 2)
        // Splits only: the dividend is left in the series.
        let splitsOnly = try AdjustedPrices(raw: raw, actions: actions, mode: .splitsOnly)
        expectClose(splitsOnly.factors.column(0), [10, 10, 1, 1, 1, 1], relative: 1e-15)
    }

    @Test func exDateOnANonTradingDayAppliesFromTheNextDate() throws {
        let sparse = [dates[0], dates[1], dates[4]]
        let raw = try Panel(dates: sparse, assets: ["A"], columns: [[100, 100, 51]])
        let adjusted = try AdjustedPrices(raw: raw, actions: [CorporateAction(symbol: "A", exDate: dates[2], kind: .split(ratio: 2))])
        #expect(adjusted.factors.column(0) == [0.5, 0.5, 1])
    }

    @Test(arguments: [0.0, -2.0, Double.nan, Double.infinity])
    func invalidRatiosNameSymbolAndDate(_ ratio: Double) throws {
        let raw = try Panel(dates: dates, assets: ["A"], columns: [[1, 2, 3, 4, 5, 6]])
        for kind in [CorporateAction.Kind.split(ratio: ratio), .reverseSplit(ratio: ratio)] {
            let error = #expect(throws: DataError.self) {
                try AdjustedPrices(raw: raw, actions: [CorporateAction(symbol: "A", exDate: dates[2], kind: kind)])
            }
            #expect(error?.reason == .invalidValue)
            #expect(error?.asset == "A")
            #expect(error?.date == dates[2])
        }
    }

    @Test func dividendAtOrAbovePreviousCloseIsAnError() throws {
        let raw = try Panel(dates: dates, assets: ["A"], columns: [[100, 100, 100, 100, 100, 100]])
        let error = #expect(throws: DataError.self) {
            try AdjustedPrices(raw: raw, actions: [CorporateAction(symbol: "A", exDate: dates[3], kind: .cashDividend(perShare: 100))])
        }
        #expect(error?.reason == .invalidValue)
        #expect(error?.date == dates[3])
        let negative = #expect(throws: DataError.self) {
            try AdjustedPrices(raw: raw, actions: [CorporateAction(symbol: "A", exDate: dates[3], kind: .cashDividend(perShare: -1))])
        }
        #expect(negative?.reason == .invalidValue)
    }

    @Test func shareMultipliers() {
        #expect(CorporateAction(symbol: "A", exDate: dates[0], kind: .split(ratio: 50)).shareMultiplier == 50)
        #expect(CorporateAction(symbol: "A", exDate: dates[0], kind: .reverseSplit(ratio: 10)).shareMultiplier == 0.1)
        #expect(CorporateAction(symbol: "A", exDate: dates[0], kind: .cashDividend(perShare: 361)).shareMultiplier == 1)
        #expect(CorporateAction(symbol: "A", exDate: dates[0], kind: .cashDividend(perShare: 361)).dividendPerShare == 361)
    }
}
