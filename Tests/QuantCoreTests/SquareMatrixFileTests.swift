import QuantCore
import Testing

@Suite("Square-matrix files")
struct SquareMatrixFileTests {
    private func failure(_ text: String) -> CSVError? {
        #expect(throws: CSVError.self) { try SquareMatrixFile(csvText: text, sourceName: "cov.csv") }
    }

    @Test func readsLabelsAndColumnMajorValues() throws {
        let file = try SquareMatrixFile(csvText: ",005930,000660\r\n005930,0.04,0.01\r\n000660,0.01,0.09\r\n")
        #expect(file.assets == ["005930", "000660"])
        #expect(file.values == [0.04, 0.01, 0.01, 0.09])
        #expect(file[0, 1] == 0.01)
        #expect(file.rowArrays == [[0.04, 0.01], [0.01, 0.09]])
    }

    @Test func asymmetryBeyondTheToleranceNamesTheCell() {
        let error = failure(",A,B,C\nA,1,0.5,0.2\nB,0.5,1,0.3\nC,0.2,0.31,1\n")
        #expect(error?.reason == .asymmetric)
        #expect(error?.line == 4)
        #expect(error?.column == 3)
        #expect(error?.columnName == "B")
    }

    @Test func asymmetryWithinTheToleranceIsAccepted() throws {
        let file = try SquareMatrixFile(csvText: ",A,B\nA,1,0.5\nB,0.5000000000001,1\n")
        #expect(file[1, 0] == 0.5000000000001)
        // 1e-11 relative is beyond 1e-12.
        #expect(failure(",A,B\nA,1,0.5\nB,0.50000000001,1\n")?.reason == .asymmetric)
    }

    @Test func rowNamesMustFollowTheHeader() {
        let error = failure(",A,B\nB,1,0.5\nA,0.5,1\n")
        #expect(error?.reason == .labelMismatch)
        #expect(error?.line == 2)
        #expect(error?.column == 1)
    }

    @Test func shapeAndCellErrors() {
        #expect(failure(",A,B\nA,1,0.5\n")?.reason == .labelMismatch)
        let ragged = failure(",A,B\nA,1\nB,0.5,1\n")
        #expect(ragged?.reason == .fieldCount)
        #expect(ragged?.line == 2)
        let empty = failure(",A,B\nA,1,\nB,0.5,1\n")
        #expect(empty?.reason == .missingValue)
        #expect(empty?.column == 3)
        let text = failure(",A,B\nA,1,0.5\nB,NaN,1\n")
        #expect(text?.reason == .invalidNumber)
        #expect(text?.description == "cov.csv:3:2 (A): 'NaN' is not a number")
        #expect(failure(",A,A\nA,1,0\nA,0,1\n")?.reason == .duplicateAsset)
        #expect(failure("")?.reason == .empty)
    }

    @Test func roundTrips() throws {
        let file = try SquareMatrixFile(assets: ["005930", "x,y"], rows: [[0.1 / 3, 1e-5], [1e-5, 2.0 / 7]])
        let text = file.csvText()
        #expect(text == ",005930,\"x,y\"\n005930,0.03333333333333333,1e-05\n\"x,y\",1e-05,0.2857142857142857\n")
        #expect(try SquareMatrixFile(csvText: text) == file)
        let path = temporaryPath("cov.csv")
        try file.write(toCSVFile: path)
        #expect(try SquareMatrixFile(csvFile: path) == file)
    }

    @Test func programmaticShapeErrors() {
        let error = #expect(throws: DataError.self) { try SquareMatrixFile(assets: ["A", "B"], rows: [[1, 0], [0]]) }
        #expect(error?.reason == .shapeMismatch)
        #expect(error?.asset == "B")
    }
}

@Suite("asset,value files")
struct AssetValuesTests {
    @Test func readsWeightsWithTheirHeader() throws {
        let weights = try AssetValues(csvText: "asset,weight\n005930,0.6\n000660,0.4\n", header: .weights)
        #expect(weights.assets == ["005930", "000660"])
        #expect(weights.values == [0.6, 0.4])
        #expect(weights["000660"] == 0.4)
        #expect(weights["035420"] == nil)
        #expect(weights.dictionary == ["005930": 0.6, "000660": 0.4])
    }

    @Test func headerIsChecked() {
        let error = #expect(throws: CSVError.self) {
            try AssetValues(csvText: "asset,weight\nA,1\n", sourceName: "budgets.csv", header: .budgets)
        }
        #expect(error?.reason == .invalidHeader)
        #expect(error?.line == 1)
        #expect(error?.column == 2)
        // Any two names are accepted without an expected header.
        #expect((try? AssetValues(csvText: "code,score\nA,1\n"))?.values == [1])
    }

    @Test func duplicateAndNonNumericNameLineAndColumn() {
        let duplicate = #expect(throws: CSVError.self) {
            try AssetValues(csvText: "asset,weight\nA,0.5\nB,0.2\nA,0.3\n", sourceName: "w.csv", header: .weights)
        }
        #expect(duplicate?.reason == .duplicateAsset)
        #expect(duplicate?.line == 4)
        #expect(duplicate?.column == 1)
        let text = #expect(throws: CSVError.self) {
            try AssetValues(csvText: "asset,weight\nA,0.5\nB,half\n", sourceName: "w.csv", header: .weights)
        }
        #expect(text?.description == "w.csv:3:2 (weight): 'half' is not a number")
        let empty = #expect(throws: CSVError.self) { try AssetValues(csvText: "asset,weight\nA,\n", header: .weights) }
        #expect(empty?.reason == .missingValue)
        let ragged = #expect(throws: CSVError.self) { try AssetValues(csvText: "asset,weight\nA,1,2\n", header: .weights) }
        #expect(ragged?.reason == .fieldCount)
        #expect(ragged?.line == 2)
        let noRows = #expect(throws: CSVError.self) { try AssetValues(csvText: "asset,weight\n", header: .weights) }
        #expect(noRows?.reason == .empty)
    }

    @Test func roundTrips() throws {
        let budgets = try AssetValues(assets: ["005930", "삼성전자우"], values: [1.0 / 3, 2.0 / 3])
        let text = budgets.csvText(header: .budgets)
        #expect(text == "asset,budget\n005930,0.3333333333333333\n삼성전자우,0.6666666666666666\n")
        #expect(try AssetValues(csvText: text, header: .budgets) == budgets)
        let path = temporaryPath("budgets.csv")
        try budgets.write(toCSVFile: path, header: .budgets)
        #expect(try AssetValues(csvFile: path, header: .budgets) == budgets)
    }
}
