import QuantCore
import Testing

private func day(_ y: Int, _ m: Int, _ d: Int) -> TradingDate { TradingDate(year: y, month: m, day: d)! }

@Suite("FundamentalsStore point-in-time queries")
struct FundamentalsStoreTests {
    /// Quarterly book equity of one company: Q4 2022 published 2023-03-20, Q1 2023 on
    /// 2023-05-15, Q2 2023 with no known publication date, and a restatement of Q1 on 2023-06-10.
    let records: [FundamentalRecord] = [
        FundamentalRecord(symbol: "005930", field: .bookEquity, periodEnd: day(2022, 12, 31), publishedOn: day(2023, 3, 20), value: 100),
        FundamentalRecord(symbol: "005930", field: .bookEquity, periodEnd: day(2023, 3, 31), publishedOn: day(2023, 5, 15), value: 110),
        FundamentalRecord(symbol: "005930", field: .bookEquity, periodEnd: day(2023, 6, 30), value: 120),
        FundamentalRecord(symbol: "005930", field: .bookEquity, periodEnd: day(2023, 3, 31), publishedOn: day(2023, 6, 10), value: 111),
        FundamentalRecord(symbol: "000660", field: .netIncome, periodEnd: day(2023, 3, 31), publishedOn: day(2023, 5, 1), value: 5),
    ]

    @Test func nothingPublishedAfterTheAsOfDateIsReturned() throws {
        let store = try FundamentalsStore(records: records)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 3, 19)) == nil)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 3, 20)) == 100)   // on the day: public
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 5, 14)) == 100)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 5, 15)) == 110)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 6, 10)) == 111)   // restatement
        // Exhaustive: for every as-of date, the record returned was available by then and no
        // later-period record was.
        var date = day(2022, 12, 1)
        while date < day(2024, 3, 1) {
            let r = store.record(of: .bookEquity, for: "005930", asOf: date)
            if let r {
                #expect(r.availableOn(reportingLag: 90) <= date, "leak on \(date)")
            }
            let newerPublic = records.filter {
                $0.symbol == "005930" && $0.availableOn(reportingLag: 90) <= date && $0.periodEnd > (r?.periodEnd ?? day(1900, 1, 1))
            }
            #expect(newerPublic.isEmpty, "missed a newer period on \(date)")
            date = date.adding(days: 1)
        }
    }

    @Test func reportingLagIsTheFallbackWithoutPublicationDate() throws {
        let store = try FundamentalsStore(records: records)
        // Q2 2023 (period end 2023-06-30) has no publication date: usable from 2023-09-28 (+90 days).
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 9, 27)) == 111)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 9, 28)) == 120)
        // A shorter lag makes it usable earlier; a store-wide default applies when none is passed.
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 8, 14), reportingLag: 45) == 120)
        #expect(store.value(of: .bookEquity, for: "005930", asOf: day(2023, 8, 13), reportingLag: 45) == 111)
        let quick = try FundamentalsStore(records: records, defaultReportingLag: 45)
        #expect(quick.value(of: .bookEquity, for: "005930", asOf: day(2023, 8, 14)) == 120)
    }

    @Test func unknownSymbolOrFieldIsNil() throws {
        let store = try FundamentalsStore(records: records)
        #expect(store.value(of: .revenue, for: "005930", asOf: day(2024, 1, 1)) == nil)
        #expect(store.value(of: .bookEquity, for: "999999", asOf: day(2024, 1, 1)) == nil)
        #expect(store.symbols == ["000660", "005930"])
        #expect(store.history(of: .bookEquity, for: "005930").count == 4)
    }

    @Test func panelIsPointInTimeRowByRow() throws {
        let store = try FundamentalsStore(records: records)
        let dates = [day(2023, 3, 1), day(2023, 3, 20), day(2023, 6, 9), day(2023, 6, 12), day(2023, 10, 1)]
        let panel = try store.panel(of: .bookEquity, symbols: ["005930", "000660"], dates: dates)
        #expect(panel[0, 0].isNaN)
        #expect(panel.column(0).dropFirst() == [100, 110, 111, 120])
        #expect(panel.column(1).allSatisfy { $0.isNaN })
        for (t, date) in dates.enumerated() {
            let single = store.value(of: .bookEquity, for: "005930", asOf: date)
            #expect(single == (panel[t, 0].isNaN ? nil : panel[t, 0]))
        }
    }

    @Test func trailingSumNeedsConsecutivePublicQuarters() throws {
        var quarters = [FundamentalRecord]()
        let ends = [day(2022, 3, 31), day(2022, 6, 30), day(2022, 9, 30), day(2022, 12, 31), day(2023, 3, 31)]
        for (k, end) in ends.enumerated() {
            quarters.append(FundamentalRecord(symbol: "A", field: .netIncome, periodEnd: end,
                                              publishedOn: end.adding(days: 45), value: Double(k + 1)))
        }
        // A gap: Q3 2021 then Q1 2022 (no Q4 2021) for B.
        quarters.append(FundamentalRecord(symbol: "B", field: .netIncome, periodEnd: day(2021, 9, 30), publishedOn: day(2021, 11, 1), value: 1))
        for end in ends.prefix(3) {
            quarters.append(FundamentalRecord(symbol: "B", field: .netIncome, periodEnd: end, publishedOn: end.adding(days: 45), value: 1))
        }
        let store = try FundamentalsStore(records: quarters)
        #expect(store.trailingSum(of: .netIncome, for: "A", asOf: day(2023, 2, 14)) == 10.0)
        #expect(store.trailingSum(of: .netIncome, for: "A", asOf: day(2023, 5, 15)) == 14.0)
        #expect(store.trailingSum(of: .netIncome, for: "A", asOf: day(2022, 12, 31)) == nil)     // only 3 public
        #expect(store.trailingSum(of: .netIncome, for: "B", asOf: day(2023, 1, 1)) == nil)       // gap
        #expect(store.trailingSum(of: .netIncome, for: "B", asOf: day(2023, 1, 1), periods: 3) == 3)
    }

    @Test func invalidRecordsAreTypedErrors() {
        let early = FundamentalRecord(symbol: "A", field: .revenue, periodEnd: day(2023, 3, 31), publishedOn: day(2023, 3, 1), value: 1)
        let e1 = #expect(throws: DataError.self) { try FundamentalsStore(records: [early]) }
        #expect(e1?.reason == .invalidValue)
        #expect(e1?.asset == "A")
        let nan = FundamentalRecord(symbol: "B", field: .revenue, periodEnd: day(2023, 3, 31), value: .nan)
        let e2 = #expect(throws: DataError.self) { try FundamentalsStore(records: [nan]) }
        #expect(e2?.reason == .nonFinite)
        #expect(e2?.date == day(2023, 3, 31))
        #expect(throws: DataError.self) { try FundamentalsStore(records: [], defaultReportingLag: -1) }
    }

    @Test func fieldsAreOpenAndNamed() {
        let capex: FundamentalField = "capex"
        #expect(capex.name == "capex")
        #expect(FundamentalField.bookEquity.description == "bookEquity")
        #expect(FundamentalField("netIncome") == .netIncome)
    }
}

@Suite("FundamentalsStore against a brute-force definition")
struct FundamentalsStoreBruteForceTests {
    /// A small deterministic generator for the test data (64-bit LCG, high bits).
    struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func queriesMatchTheDefinitionOnRandomRecords() throws {
        var g = LCG(state: 12_345)
        let symbols: [Symbol] = ["A", "B", "C"]
        let fields: [FundamentalField] = [.bookEquity, .netIncome]
        var records = [FundamentalRecord]()
        for _ in 0..<400 {
            let year = 2018 + g.next(4), quarter = g.next(4)
            let periodEnd = TradingDate(year: year, month: quarter * 3 + 1, day: 1)!.adding(months: 3).adding(days: -1)
            let published: TradingDate? = g.next(4) == 0 ? nil : periodEnd.adding(days: g.next(200))
            records.append(FundamentalRecord(symbol: symbols[g.next(3)], field: fields[g.next(2)], periodEnd: periodEnd,
                                             publishedOn: published, value: Double(g.next(1_000_000))))
        }
        let store = try FundamentalsStore(records: records)
        let start = TradingDate(year: 2018, month: 1, day: 1)!
        var dates = [TradingDate]()
        for k in stride(from: 0, to: 6 * 365, by: 7) { dates.append(start.adding(days: k)) }
        for lag in [0, 45, 90] {
            for symbol in symbols {
                for field in fields {
                    let panel = try store.panel(of: field, symbols: [symbol], dates: dates, reportingLag: lag)
                    for (t, date) in dates.enumerated() {
                        let visible = records.filter { $0.symbol == symbol && $0.field == field && $0.availableOn(reportingLag: lag) <= date }
                        let got = store.record(of: field, for: symbol, asOf: date, reportingLag: lag)
                        guard let latestPeriod = visible.map(\.periodEnd).max() else {
                            #expect(got == nil)
                            #expect(panel[t, 0].isNaN)
                            continue
                        }
                        let latestVintage = visible.filter { $0.periodEnd == latestPeriod }.map { $0.availableOn(reportingLag: lag) }.max()!
                        guard let got else {
                            Issue.record("nothing returned on \(date) for \(symbol) \(field)")
                            return
                        }
                        #expect(got.availableOn(reportingLag: lag) <= date)          // never from the future
                        #expect(got.periodEnd == latestPeriod)
                        #expect(got.availableOn(reportingLag: lag) == latestVintage)
                        #expect(panel[t, 0] == got.value)
                    }
                }
            }
        }
    }
}
