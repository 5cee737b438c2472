import QuantCore
import Testing

private func day(_ y: Int, _ m: Int, _ d: Int) -> TradingDate { TradingDate(year: y, month: m, day: d)! }

/// The user's own reference files: securities (names, kinds, markets, sectors, listing dates)
/// and point-in-time fundamentals, read with errors naming file, line and column.
@Suite("Security master and fundamentals CSV")
struct ReferenceCSVTests {
    @Test func aSecuritiesFileIsReadWithKoreanNamesSectorsAndDelistings() throws {
        let text = """
            \u{FEFF}# the operator's universe
            symbol,name,kind,market,sector,listed,delisted
            005930,삼성전자,stock,KOSPI,Information Technology,1975-06-11,
            069500,"KODEX 200",etf,KOSPI,,2002-10-14,
            123450,예전회사,stock,KOSDAQ,35,2010-03-02,2019-07-31
            777770,새회사,stock,kosdaq,Space Mining,2021-01-04,
            """
        let master = try SecurityMaster(csvText: text, sourceName: "securities.csv")
        #expect(master.symbols == ["005930", "069500", "123450", "777770"])
        #expect(master["005930"]?.name == "삼성전자")
        #expect(master["005930"]?.sector == .informationTechnology)
        #expect(master["123450"]?.sector == .healthCare, "a GICS code is accepted")
        #expect(master["123450"]?.delistedOn == day(2019, 7, 31))
        #expect(master["069500"]?.kind == .etf && master["069500"]?.sector == nil)
        #expect(master["777770"]?.market == .kosdaq && master["777770"]?.sector?.name == "Space Mining")
        #expect(master.universe(on: day(2020, 1, 2), kind: .stock) == ["005930"], "the delisted stock has left by 2020")
    }

    @Test func columnsMayComeInAnyOrderAndOptionalOnesMayBeAbsent() throws {
        let master = try SecurityMaster(csvText: "name,symbol\nSK하이닉스,000660\n")
        #expect(master["000660"]?.kind == .stock && master["000660"]?.market == .kospi)
        #expect(master["000660"]?.listedOn == SecurityMaster.unknownListingDate)
    }

    @Test(arguments: [
        ("symbol,name,kind\n005930,삼성전자,bond\n", 2, 3, "'bond' is not a kind"),
        ("symbol,name,market\n005930,삼성전자,NYSE\n", 2, 3, "'NYSE' is not a market"),
        ("symbol,name,listed\n005930,삼성전자,1975-13-11\n", 2, 3, "'1975-13-11' is not a date"),
        ("symbol,name,listed,delisted\n005930,삼성전자,2000-01-04,1999-12-30\n", 2, 4, "before its listing"),
        ("symbol,name\n005930,삼성전자\n005930,다른이름\n", 3, 1, "already listed on line 2"),
        ("symbol,name\n005930,\n", 2, 2, "name of 005930 is empty"),
        ("symbol,name,sectr\n005930,삼성전자,IT\n", 1, 3, "unknown column 'sectr'"),
    ] as [(String, Int, Int, String)])
    func aBadSecuritiesCellIsNamedByLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        do {
            _ = try SecurityMaster(csvText: text, sourceName: "securities.csv")
            Issue.record("accepted: \(text)")
        } catch let error as CSVError {
            #expect(error.file == "securities.csv" && error.line == line && error.column == column, "\(error)")
            #expect(error.description.contains(words), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aMissingRequiredColumnIsNamed() {
        #expect { try SecurityMaster(csvText: "symbol,kind\n005930,stock\n") } throws: { error in
            (error as? CSVError)?.reason == .invalidHeader && "\(error)".contains("no 'name' column")
        }
        #expect { try SecurityMaster(csvText: "symbol,name\n005930,a,extra\n") } throws: { error in
            (error as? CSVError)?.reason == .fieldCount && (error as? CSVError)?.line == 2
        }
    }

    @Test func fundamentalsAreReadPointInTime() throws {
        let text = """
            symbol,field,period_end,published_on,value
            005930,bookEquity,2024-03-31,2024-05-14,370000000000000
            005930,bookEquity,2024-06-30,2024-08-14,3.8e14
            000660,netIncome,2024-03-31,,1.9e12
            """
        let store = try FundamentalsStore(csvText: text, sourceName: "fundamentals.csv")
        #expect(store.records.count == 3)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2024, 5, 13)) == nil, "not public before its publication date")
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2024, 5, 14)) == 3.7e14)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2024, 9, 2)) == 3.8e14)
        // No publication date: usable 90 days after the period end (2024-06-29).
        #expect(store.value(of: .netIncome, for: "000660", asOf: day(2024, 6, 28)) == nil)
        #expect(store.value(of: .netIncome, for: "000660", asOf: day(2024, 6, 29)) == 1.9e12)
    }

    @Test func fundamentalsRoundTripThroughTheirCSVText() throws {
        var records: [FundamentalRecord] = []
        for k in 0..<40 {
            let quarter = k % 4, year = 2015 + k / 4
            let month = 3 * quarter + 3
            let periodEnd = day(year, month, month == 3 || month == 12 ? 31 : 30)
            let published: TradingDate? = k % 5 == 0 ? nil : periodEnd.adding(days: 40 + k)
            let symbol: Symbol = k % 2 == 0 ? "005930" : "000660"
            let field: FundamentalField = k % 3 == 0 ? .netIncome : .bookEquity
            let value = 1.234_567_890_123e12 * Double(k + 1) / 7
            records.append(FundamentalRecord(symbol: symbol, field: field, periodEnd: periodEnd, publishedOn: published, value: value))
        }
        let store = try FundamentalsStore(records: records)
        let read = try FundamentalsStore(csvText: store.csvText())
        #expect(read == store, "every value, date and field survives exactly")
    }

    @Test(arguments: [
        ("symbol,field,period_end,value\n005930,bookEquity,2024-03-31,12x\n", 2, 4, "'12x' is not a finite number"),
        ("symbol,field,period_end,value\n005930,bookEquity,2024-03-31,\n", 2, 4, "is empty"),
        ("symbol,field,period_end,value\n005930,bookEquity,2024/03/31,1\n", 2, 3, "'2024/03/31' is not a date"),
        ("symbol,field,period_end,published_on,value\n005930,bookEquity,2024-03-31,2024-03-01,1\n", 2, 4, "before the period ended"),
        ("symbol,field,period_end,value\n005930,,2024-03-31,1\n", 2, 2, "field of 005930 is empty"),
    ] as [(String, Int, Int, String)])
    func aBadFundamentalsCellIsNamedByLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        do {
            _ = try FundamentalsStore(csvText: text, sourceName: "fundamentals.csv")
            Issue.record("accepted: \(text)")
        } catch let error as CSVError {
            #expect(error.file == "fundamentals.csv" && error.line == line && error.column == column, "\(error)")
            #expect(error.description.contains(words), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
