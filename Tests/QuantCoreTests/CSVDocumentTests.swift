import QuantCore
import Testing

@Suite("CSV parsing and writing")
struct CSVDocumentTests {
    @Test func quotedFieldsKeepCommasQuotesAndNewlines() throws {
        let text = "a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n"
        let doc = try CSVDocument(text: text)
        #expect(doc.recordCount == 3)
        #expect(doc.record(1) == ["x,1", "say \"hi\"", "two\nlines"])
        #expect(doc.record(2) == ["plain", "", "end"])
        // The record after a quoted line break starts two lines later.
        #expect(doc.line(ofRecord: 1) == 2)
        #expect(doc.line(ofRecord: 2) == 4)
    }

    @Test func crlfAndBOMAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("date,A\r\n2024-01-02,1\r\n2024-01-03,2\r\n".utf8)
        let doc = try CSVDocument(bytes: bytes, sourceName: "bom.csv")
        #expect(doc.records == [["date", "A"], ["2024-01-02", "1"], ["2024-01-03", "2"]])
        #expect(doc.line(ofRecord: 2) == 3)
    }

    @Test func koreanTextIsPreserved() throws {
        let doc = try CSVDocument(text: "asset,name\n005930,삼성전자\n000660,\"SK하이닉스, 보통주\"\n")
        #expect(doc.field(1, inRecord: 1) == "삼성전자")
        #expect(doc.field(1, inRecord: 2) == "SK하이닉스, 보통주")
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try CSVDocument(text: "").recordCount == 0)
        #expect(try CSVDocument(text: "\n\r\n").recordCount == 0)
        #expect(try CSVDocument(bytes: [0xEF, 0xBB, 0xBF], sourceName: "x").recordCount == 0)
    }

    @Test func raggedRowsAreKeptAsWritten() throws {
        let doc = try CSVDocument(text: "a,b,c\n1\n1,2,3,4\n1,2,")
        #expect(doc.fieldCount(inRecord: 1) == 1)
        #expect(doc.fieldCount(inRecord: 2) == 4)
        #expect(doc.record(3) == ["1", "2", ""])
    }

    @Test func blankLinesAndCommentsAreSkipped() throws {
        let doc = try CSVDocument(text: "# note\na\n\n1\n#x\n2", allowsComments: true)
        #expect(doc.records == [["a"], ["1"], ["2"]])
        #expect(doc.line(ofRecord: 2) == 6)
        let plain = try CSVDocument(text: "#a\n1")
        #expect(plain.records == [["#a"], ["1"]])
    }

    @Test func unclosedQuoteNamesItsLine() {
        let error = #expect(throws: CSVError.self) { try CSVDocument(text: "a,b\n1,\"open\n\n", sourceName: "q.csv") }
        #expect(error?.reason == .malformedQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test func textAfterClosingQuoteIsAnError() {
        let error = #expect(throws: CSVError.self) { try CSVDocument(text: "a,b\n\"x\"y,1\n", sourceName: "q.csv") }
        #expect(error?.reason == .malformedQuote)
        #expect(error?.description == "q.csv:2:1: text follows the closing quote of a quoted field")
    }

    @Test func invalidUTF8NamesTheLine() {
        let bytes = Array("a\nok\n".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = #expect(throws: CSVError.self) { try CSVDocument(bytes: bytes, sourceName: "bad.csv") }
        #expect(error?.reason == .invalidEncoding)
        #expect(error?.line == 3)
    }

    @Test func writerQuotesOnlyWhenNeeded() throws {
        var writer = CSVWriter()
        writer.writeRecord(["plain", "a,b", "say \"hi\"", "two\nlines", "#x", "삼성전자", ""])
        #expect(writer.text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"#x\",삼성전자,\n")
        let back = try CSVDocument(text: writer.text, allowsComments: true)
        #expect(back.record(0) == ["plain", "a,b", "say \"hi\"", "two\nlines", "#x", "삼성전자", ""])
    }
}
