import Foundation
import QuantCore
import Testing

@Suite("TradingDate")
struct TradingDateTests {
    @Test func weekdaysAreRight() throws {
        #expect(try TradingDate(parsing: "2024-03-29").weekday == .friday)
        #expect(try TradingDate(parsing: "1970-01-01").weekday == .thursday)
        #expect(try TradingDate(parsing: "2000-02-29").weekday == .tuesday)
        #expect(try TradingDate(parsing: "1969-12-31").weekday == .wednesday)
        #expect(try TradingDate(parsing: "2024-03-30").isWeekend)
        #expect(try !TradingDate(parsing: "2024-04-01").isWeekend)
    }

    @Test func parsesBothFormsAndRejectsImpossibleDates() throws {
        #expect(try TradingDate(parsing: "20240329") == TradingDate(year: 2024, month: 3, day: 29))
        #expect(TradingDate(year: 2023, month: 2, day: 29) == nil)
        #expect(TradingDate(year: 2024, month: 2, day: 29) != nil)
        #expect(throws: DateParseError.self) { try TradingDate(parsing: "2024-13-01") }
        #expect(throws: DateParseError.self) { try TradingDate(parsing: "2024-3-29") }
    }

    @Test func arithmeticAndComponentsAgree() throws {
        let d = try TradingDate(parsing: "2024-01-31")
        #expect(d.adding(months: 1).description == "2024-02-29")
        #expect(d.adding(days: 30).description == "2024-03-01")
        #expect(d.adding(months: -2).description == "2023-11-30")
        #expect(d.compactDescription == "20240131")
        // Components round-trip over a long span, checked against Foundation's Gregorian calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for offset in stride(from: -40_000, through: 40_000, by: 997) {
            let date = TradingDate(daysSinceEpoch: offset)
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(offset) * 86_400))
            #expect([date.year, date.month, date.day] == [c.year, c.month, c.day])
            #expect(date.weekday.rawValue == c.weekday)
            #expect(TradingDate(year: date.year, month: date.month, day: date.day) == date)
        }
    }
}

@Suite("Panel and returns")
struct PanelReturnsTests {
    private let dates = (0..<4).map { TradingDate(year: 2024, month: 3, day: 25)!.adding(days: $0) }

    @Test func simpleAndLogReturns() throws {
        let prices = try Panel(dates: dates, assets: ["A"], columns: [[100, 110, 99, 99]])
        let simple = try prices.simpleReturns()
        #expect(simple.dates == Array(dates.dropFirst()))
        let expected: [Double] = [110.0 / 100 - 1, 99.0 / 110 - 1, 0]
        #expect(simple.column(0) == expected)
        let expectedLog: [Double] = [log(110.0 / 100), log(99.0 / 110), 0]
        #expect(try prices.logReturns().column(0) == expectedLog)
    }

    @Test func returnsAcrossAMissingPriceAreMissing() throws {
        let prices = try Panel(dates: dates, assets: ["A", "B"], columns: [[100, .nan, 120, 132], [10, 11, 12, 13]])
        let r = try prices.simpleReturns()
        #expect(r[0, 0].isNaN)
        #expect(r[1, 0].isNaN)
        #expect(abs(r[2, 0] - 0.1) < 1e-15)
        #expect(r.column(1).allSatisfy { !$0.isNaN })
    }

    @Test func nonPositivePriceNamesAssetAndDate() throws {
        let prices = try Panel(dates: dates, assets: ["005930", "000660"], columns: [[1, 2, 3, 4], [5, 6, 0, 7]])
        let error = #expect(throws: DataError.self) { try prices.simpleReturns() }
        #expect(error?.reason == .nonPositivePrice)
        #expect(error?.asset == "000660")
        #expect(error?.date == dates[2])
    }

    @Test func returnsNeedTwoDates() throws {
        let one = try Panel(dates: [dates[0]], assets: ["A"], values: [1])
        let error = #expect(throws: DataError.self) { try one.simpleReturns() }
        #expect(error?.reason == .tooFewObservations)
    }

    @Test func constructionValidatesLabels() {
        let duplicate = #expect(throws: DataError.self) { try Panel(dates: [dates[1], dates[1]], assets: ["A"], values: [1, 2]) }
        #expect(duplicate?.reason == .duplicateDate)
        let unsorted = #expect(throws: DataError.self) { try Panel(dates: [dates[1], dates[0]], assets: ["A"], values: [1, 2]) }
        #expect(unsorted?.reason == .unsortedDates)
        let asset = #expect(throws: DataError.self) { try Panel(dates: [dates[0]], assets: ["A", "A"], values: [1, 2]) }
        #expect(asset?.reason == .duplicateAsset)
        #expect(asset?.asset == "A")
        #expect(throws: DataError.self) { try Panel(dates: dates, assets: ["A"], values: [1]) }
    }

    @Test func missingDataPolicies() throws {
        let panel = try Panel(dates: dates, assets: ["A", "B"], columns: [[1, .nan, 3, 4], [5, 6, 7, 8]])
        let forbid = #expect(throws: DataError.self) { try panel.applying(.forbid) }
        #expect(forbid?.reason == .missingValue)
        #expect(forbid?.asset == "A")
        #expect(forbid?.date == dates[1])
        #expect(try panel.applying(.dropIncompleteRows).dates == [dates[0], dates[2], dates[3]])
        #expect(try panel.applying(.pairwise).dateCount == 4)
        let infinite = try Panel(dates: dates, assets: ["A"], values: [1, .infinity, 3, 4])
        #expect((#expect(throws: DataError.self) { try infinite.applying(.pairwise) })?.reason == .nonFinite)
    }

    @Test func slicingAndSelecting() throws {
        let panel = try Panel(dates: dates, assets: ["A", "B"], columns: [[1, 2, 3, 4], [5, 6, 7, 8]])
        #expect(panel.rows(from: dates[1], through: dates[2]).values == [2, 3, 6, 7])
        #expect(try panel.selecting(assets: ["B"]).values == [5, 6, 7, 8])
        #expect((#expect(throws: DataError.self) { try panel.selecting(assets: ["C"]) })?.reason == .unknownAsset)
        #expect(panel.value(of: "B", on: dates[3]) == 8)
        #expect(panel.row(1) == [2, 6])
    }
}
