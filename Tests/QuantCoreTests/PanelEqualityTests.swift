import QuantCore
import Testing

@Suite("Panel equality")
struct PanelEqualityTests {
    @Test func missingCellsCompareEqual() throws {
        let d = [TradingDate(year: 2024, month: 1, day: 2)!, TradingDate(year: 2024, month: 1, day: 3)!]
        let a = try Panel(dates: d, assets: ["A"], values: [1, .nan])
        let b = try Panel(dates: d, assets: ["A"], values: [1, .nan])
        let c = try Panel(dates: d, assets: ["A"], values: [1, 2])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
    }
}
