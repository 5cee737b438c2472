import QuantCore
import Testing

private func day(_ y: Int, _ m: Int, _ d: Int) -> TradingDate { TradingDate(year: y, month: m, day: d)! }

@Suite("SecurityMaster and Listing")
struct SecurityMasterTests {
    let master: SecurityMaster = try! SecurityMaster(listings: [
        Listing(symbol: "000660", name: "SK하이닉스", kind: .stock, market: .kospi, sector: .informationTechnology,
                listedOn: day(1996, 12, 26)),
        Listing(symbol: "123450", name: "가상바이오", kind: .stock, market: .kosdaq, sector: .healthCare,
                listedOn: day(2018, 3, 2), delistedOn: day(2021, 7, 1)),
        Listing(symbol: "069500", name: "KODEX 200", kind: .etf, market: .kospi, listedOn: day(2002, 10, 14)),
        Listing(symbol: "222220", name: "새상장", kind: .stock, market: .kosdaq, sector: .healthCare,
                listedOn: day(2022, 1, 3)),
    ])

    @Test func listingsAreSortedAndLookedUp() {
        #expect(master.symbols == ["000660", "069500", "123450", "222220"])
        #expect(master["123450"]?.name == "가상바이오")
        #expect(master.listing(for: "999999") == nil)
        #expect(master.sectors == [.healthCare, .informationTechnology])
    }

    @Test func listingIntervalIsHalfOpen() {
        #expect(!master.isListed("123450", on: day(2018, 3, 1)))
        #expect(master.isListed("123450", on: day(2018, 3, 2)))
        #expect(master.isListed("123450", on: day(2021, 6, 30)))
        #expect(!master.isListed("123450", on: day(2021, 7, 1)))
        #expect(!master.isListed("999999", on: day(2021, 1, 4)))
    }

    @Test func delistedSymbolsRemainInHistory() {
        // The delisted stock is in the universe while it traded and in the master afterwards.
        #expect(master.universe(on: day(2020, 6, 1), kind: .stock) == ["000660", "123450"])
        #expect(master.universe(on: day(2023, 6, 1), kind: .stock) == ["000660", "222220"])
        #expect(master.universe(on: day(2023, 6, 1)).contains("069500"))
        #expect(master.delisted(by: day(2023, 6, 1)).map(\.symbol) == ["123450"])
        #expect(master["123450"]?.delistedOn == day(2021, 7, 1))
        #expect(master.universe(on: day(2020, 6, 1), market: .kosdaq, sector: .healthCare) == ["123450"])
    }

    @Test func duplicateSymbolIsATypedError() throws {
        let a = Listing(symbol: "000660", name: "A", kind: .stock, market: .kospi, listedOn: day(2000, 1, 4))
        let error = #expect(throws: DataError.self) { try SecurityMaster(listings: [a, a]) }
        #expect(error?.reason == .duplicateAsset)
        #expect(error?.asset == "000660")
    }

    @Test func delistingBeforeListingIsATypedError() {
        let bad = Listing(symbol: "111110", name: "B", kind: .stock, market: .kosdaq,
                          listedOn: day(2020, 1, 2), delistedOn: day(2019, 1, 2))
        let error = #expect(throws: DataError.self) { try SecurityMaster(listings: [bad]) }
        #expect(error?.reason == .invalidValue)
        #expect(error?.asset == "111110")
        #expect(error?.date == day(2019, 1, 2))
    }

    @Test func sectorsCompareByCode() {
        #expect(Sector(code: "45", name: "IT") == .informationTechnology)
        #expect(Sector.gics.count == 11)
        #expect(Set(Sector.gics.map(\.code)).count == 11)
        let literal: Sector = "Semiconductors"
        #expect(literal.code == "Semiconductors" && literal.name == "Semiconductors")
    }
}
