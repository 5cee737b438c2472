import QuantCore
import Testing

@Suite("Panel alignment and forward fill")
struct PanelAlignmentTests {
    private let a = try! Panel(csvText: "date,X,Y\n2024-01-02,1,2\n2024-01-03,3,4\n2024-01-05,5,6\n")
    private let b = try! Panel(csvText: "date,Z,X\n2024-01-03,30,10\n2024-01-04,40,20\n2024-01-05,50,\n")

    @Test func intersectionKeepsCommonDatesAndAssets() {
        let aligned = Panel.aligned([a, b], dates: .intersection, assets: .intersection)
        #expect(aligned.count == 2)
        #expect(aligned[0].dates.map(\.description) == ["2024-01-03", "2024-01-05"])
        #expect(aligned[0].assets == ["X"])
        #expect(aligned[0].values == [3, 5])
        #expect(aligned[1].dates == aligned[0].dates)
        #expect(aligned[1].assets == ["X"])
        #expect(aligned[1][0, 0] == 10)
        #expect(aligned[1][1, 0].isNaN)
    }

    @Test func unionFillsMissingCells() {
        let aligned = Panel.aligned([a, b], dates: .union, assets: .union)
        #expect(aligned[0].dates.map(\.description) == ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
        #expect(aligned[0].assets == ["X", "Y", "Z"])
        #expect(aligned[1].assets == ["X", "Y", "Z"])
        #expect(aligned[0].column(0).map { $0.isNaN ? -1 : $0 } == [1, 3, -1, 5])
        #expect(aligned[0].column(2).allSatisfy { $0.isNaN })
        #expect(aligned[1].column(2).map { $0.isNaN ? -1 : $0 } == [-1, 30, 40, 50])
        #expect(aligned[1].column(0).map { $0.isNaN ? -1 : $0 } == [-1, 10, 20, -1])
    }

    @Test func alignsToADateList() throws {
        let dates = try ["2024-01-01", "2024-01-03", "2024-01-05"].map { try TradingDate(parsing: $0) }
        let out = try a.aligned(to: dates)
        #expect(out.dates == dates)
        #expect(out.column(1).map { $0.isNaN ? -1 : $0 } == [-1, 4, 6])
        let error = #expect(throws: DataError.self) { try a.aligned(to: [dates[1], dates[0]]) }
        #expect(error?.reason == .unsortedDates)
    }

    @Test func alignsToTradingDays() throws {
        let calendar = try TradingCalendar(csvText: """
            date,open,close,note
            2024-01-01,,,New Year's Day
            2024-01-02,10:00,15:30,
            2024-01-03,09:00,15:30,
            2024-01-04,09:00,15:30,
            2024-01-05,09:00,15:30,
            """)
        let prices = try Panel(csvText: "date,A\n2024-01-01,1\n2024-01-02,2\n2024-01-05,5\n")
        let out = try prices.aligned(to: calendar)
        #expect(out.dates.map(\.description) == ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
        #expect(out.column(0).map { $0.isNaN ? -1 : $0 } == [2, -1, -1, 5])
        let late = try Panel(csvText: "date,A\n2024-01-05,1\n2024-01-08,2\n")
        #expect(throws: TradingCalendarError.self) { try late.aligned(to: calendar) }
    }

    @Test func alignsToAnAssetList() throws {
        let out = try a.aligned(toAssets: ["Y", "W"])
        #expect(out.assets == ["Y", "W"])
        #expect(out.column(0) == [2, 4, 6])
        #expect(out.column(1).allSatisfy { $0.isNaN })
        #expect(throws: DataError.self) { try a.aligned(toAssets: ["Y", "Y"]) }
    }

    @Test func forwardFillRespectsTheLimit() throws {
        let prices = try Panel(csvText: "date,A,B\n2024-01-01,,1\n2024-01-02,10,\n2024-01-03,,\n2024-01-04,,\n2024-01-05,12,2\n")
        let unlimited = prices.forwardFilled()
        #expect(unlimited.column(0).map { $0.isNaN ? -1 : $0 } == [-1, 10, 10, 10, 12])
        #expect(unlimited.column(1) == [1, 1, 1, 1, 2])
        let one = prices.forwardFilled(limit: 1)
        #expect(one.column(0).map { $0.isNaN ? -1 : $0 } == [-1, 10, 10, -1, 12])
        #expect(one.column(1).map { $0.isNaN ? -1 : $0 } == [1, 1, -1, -1, 2])
        #expect(prices.forwardFilled(limit: 0).column(0)[2].isNaN)
    }
}
