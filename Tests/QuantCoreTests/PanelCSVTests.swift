import QuantCore
import Testing

@Suite("Panel files")
struct PanelCSVTests {
    /// Reads `text` expecting a CSVError and returns it.
    private func failure(_ text: String) -> CSVError? {
        #expect(throws: CSVError.self) { try Panel(csvText: text, sourceName: "returns.csv") }
    }

    @Test func readsValuesMissingCellsAndAssetOrder() throws {
        let text = "date,000660,005930,삼성SDI\n2024-03-28,0.01,-2.5e-3,\n2024-03-29,+1E2,,.5\n"
        let panel = try Panel(csvText: text)
        #expect(panel.assets == ["000660", "005930", "삼성SDI"])
        #expect(panel.dates.map(\.description) == ["2024-03-28", "2024-03-29"])
        #expect(panel[0, 0] == 0.01)
        #expect(panel[0, 1] == -0.0025)
        #expect(panel[0, 2].isNaN)
        #expect(panel[1, 0] == 100)
        #expect(panel[1, 1].isNaN)
        #expect(panel[1, 2] == 0.5)
    }

    @Test func crlfBOMAndSpacesAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("date,A,B\r\n2024-01-02, 1.5 ,  \r\n".utf8)
        let panel = try Panel(csvDocument: CSVDocument(bytes: bytes, sourceName: "x.csv"))
        #expect(panel.assets == ["A", "B"])
        #expect(panel[0, 0] == 1.5)
        #expect(panel[0, 1].isNaN)
    }

    @Test func numbersAreCorrectlyRounded() throws {
        // Long significands and large exponents take the strtod path; the rest the exact fast path.
        let tokens = ["0.1", "0.30000000000000004", "123456789012345678901234", "1e-320", "-0", "2.2250738585072014e-308",
                      "9007199254740993", "1e22", "1e23", "0.000001234", "4.35", "-7E+3"]
        let text = "date," + tokens.indices.map { "a\($0)" }.joined(separator: ",") + "\n2024-01-02," + tokens.joined(separator: ",")
        let panel = try Panel(csvText: text)
        for (j, token) in tokens.enumerated() {
            let value = panel[0, j]
            #expect(value.bitPattern == Double(token)!.bitPattern, "\(token)")
        }
    }

    @Test(arguments: ["NaN", "nan", "inf", "-inf", "-", "abc", "1.2.3", "1e", "e5", ".", "+", "0x10", "1,0", "1e999", "１"])
    func nonNumericTokensNameLineAndColumn(_ token: String) {
        let cell = token.contains(",") ? "\"\(token)\"" : token
        let error = failure("date,005930,000660\n2024-01-02,0.1,0.2\n2024-01-03,0.1,\(cell)\n")
        #expect(error?.reason == .invalidNumber)
        #expect(error?.line == 3)
        #expect(error?.column == 3)
        #expect(error?.columnName == "000660")
        #expect(error?.description == "returns.csv:3:3 (000660): '\(token)' is not a number")
    }

    @Test func duplicateDateNamesLineAndColumn() {
        let error = failure("date,A\n2024-01-02,1\n2024-01-03,1\n2024-01-03,2\n")
        #expect(error?.reason == .duplicateDate)
        #expect(error?.line == 4)
        #expect(error?.column == 1)
        #expect(error?.description == "returns.csv:4:1 (date): date 2024-01-03 appears twice (also on line 3)")
    }

    @Test func unsortedDateNamesLineAndColumn() {
        let error = failure("date,A\n2024-01-03,1\n\n2024-01-02,2\n")
        #expect(error?.reason == .unsortedDates)
        #expect(error?.line == 4)
        #expect(error?.column == 1)
    }

    @Test(arguments: ["2024/01/02", "20240102", "2024-02-30", "2024-1-2", "", "yesterday"])
    func invalidDateNamesLineAndColumn(_ token: String) {
        let error = failure("date,A\n2024-01-01,1\n\(token),2\n")
        #expect(error?.reason == .invalidDate)
        #expect(error?.line == 3)
        #expect(error?.column == 1)
    }

    @Test func duplicateAssetNamesLineAndColumn() {
        let error = failure("date,005930,000660,005930\n2024-01-02,1,2,3\n")
        #expect(error?.reason == .duplicateAsset)
        #expect(error?.line == 1)
        #expect(error?.column == 4)
        #expect(error?.columnName == "005930")
    }

    @Test func wrongFieldCountNamesTheLine() {
        let short = failure("date,A,B\n2024-01-02,1,2\n2024-01-03,1\n")
        #expect(short?.reason == .fieldCount)
        #expect(short?.line == 3)
        #expect(short?.column == nil)
        #expect(short?.description == "returns.csv:3: the row has 2 fields, the header has 3")
        let long = failure("date,A,B\n2024-01-02,1,2,3\n")
        #expect(long?.reason == .fieldCount)
        #expect(long?.line == 2)
    }

    @Test func lineNumbersCountQuotedLineBreaksAndBlankLines() {
        let error = failure("date,\"A\nB\",C\n\n2024-01-02,1,x\n")
        #expect(error?.line == 4)
        #expect(error?.column == 3)
        #expect(error?.columnName == "C")
    }

    @Test func headerProblemsAreErrors() {
        let noDate = failure("day,A\n2024-01-02,1\n")
        #expect(noDate?.reason == .invalidHeader)
        #expect(noDate?.column == 1)
        let emptyAsset = failure("date,A,,B\n")
        #expect(emptyAsset?.reason == .invalidHeader)
        #expect(emptyAsset?.column == 3)
        #expect(failure("")?.reason == .empty)
    }

    @Test func headerOnlyGivesAnEmptyPanel() throws {
        let panel = try Panel(csvText: "date,A,B\n")
        #expect(panel.dateCount == 0)
        #expect(panel.assets == ["A", "B"])
    }

    @Test func roundTripsExactly() throws {
        let dates = (0..<4).map { TradingDate(year: 2024, month: 3, day: 26)!.adding(days: $0) }
        let values: [Double] = [0.1, 1.0 / 3.0, -0.0, .nan, 1e-300, 123456.789, .pi, .leastNonzeroMagnitude,
                                .nan, .nan, 2.5e22, -1.7976931348623157e308]
        let panel = try Panel(dates: dates, assets: ["005930", "a,b", "삼성\"전자\""], values: values)
        let text = panel.csvText()
        #expect(text.hasPrefix("date,005930,\"a,b\",\"삼성\"\"전자\"\"\"\n2024-03-26,0.1,1e-300,\n"))
        let back = try Panel(csvText: text)
        #expect(back.dates == panel.dates)
        #expect(back.assets == panel.assets)
        #expect(back.values.map(\.bitPattern) == panel.values.map(\.bitPattern))
        #expect(back.csvText() == text)
    }

    @Test func writesAndReadsAFile() throws {
        let path = temporaryPath("panel.csv")
        let panel = try Panel(dates: [TradingDate(year: 2024, month: 1, day: 2)!], assets: ["A"], values: [0.25])
        try panel.write(toCSVFile: path)
        #expect(try Panel(csvFile: path) == panel)
        let missing = #expect(throws: CSVError.self) { try Panel(csvFile: path + ".absent") }
        #expect(missing?.reason == .unreadable)
        #expect(missing?.file == path + ".absent")
    }

    @Test func largeFileParses() throws {
        // 2,520 dates x 100 assets, every tenth cell missing (the 2,520 x 500 speed figure is
        // measured in a release build, not here).
        var writer = CSVWriter()
        writer.writeRecord(["date"] + (0..<100).map { String(format6($0)) })
        var date = TradingDate(year: 2015, month: 1, day: 1)!
        var state: UInt64 = 42
        for _ in 0..<2520 {
            writer.writeField(date.description)
            for j in 0..<100 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                if j % 10 == 3 { writer.writeField("") } else { writer.writeNumber(Double(Int64(state >> 33)) * 1e-11) }
            }
            writer.endRecord()
            date = date.adding(days: 1)
        }
        let panel = try Panel(csvText: writer.text)
        #expect(panel.dateCount == 2520)
        #expect(panel.assetCount == 100)
        #expect(panel[17, 3].isNaN)
        #expect(try Panel(csvText: panel.csvText()).csvText() == writer.text)
    }

    private func format6(_ k: Int) -> String {
        let s = String(k)
        return String(repeating: "0", count: 6 - s.count) + s
    }
}
