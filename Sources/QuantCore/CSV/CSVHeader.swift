/// The header row of a CSV file whose columns are found by name, in any order.
struct CSVHeader {
    let document: CSVDocument
    /// Column index by lower-cased, trimmed name.
    let columns: [String: Int]

    /// Reads record 0 as the header, requiring `required` columns and allowing `optional` ones;
    /// any other column is an error (a misspelt optional column must not be silently ignored).
    ///
    /// - Throws: ``CSVError`` `.empty` or `.invalidHeader` naming the file, line and column.
    init(_ document: CSVDocument, required: [String], optional: [String]) throws {
        self.document = document
        let file = document.sourceName
        let layout = (required + optional.map { "[\($0)]" }).joined(separator: ",")
        guard document.recordCount > 0 else {
            throw CSVError(.empty, file: file, detail: "the file is empty (expected a header \(layout))")
        }
        let line = document.line(ofRecord: 0)
        var columns: [String: Int] = [:]
        for (k, cell) in document.record(0).enumerated() {
            let name = cell.trimmingASCIISpaces().lowercased()
            guard required.contains(name) || optional.contains(name) else {
                throw CSVError(.invalidHeader, file: file, line: line, column: k + 1,
                               detail: "unknown column '\(name)' (the columns are \(layout))")
            }
            guard columns[name] == nil else {
                throw CSVError(.invalidHeader, file: file, line: line, column: k + 1, detail: "column '\(name)' appears twice")
            }
            columns[name] = k
        }
        if let missing = required.first(where: { columns[$0] == nil }) {
            throw CSVError(.invalidHeader, file: file, line: line, detail: "the header has no '\(missing)' column (the columns are \(layout))")
        }
        self.columns = columns
    }

    /// The trimmed cell of `column` in record `r`, or `nil` when the file has no such column.
    /// A row with a different field count than the header is a `.fieldCount` error.
    func cell(_ column: String, inRecord r: Int) throws -> String? {
        guard let k = columns[column] else { return nil }
        let count = document.fieldCount(inRecord: r)
        guard count == columns.count else {
            throw CSVError(.fieldCount, file: document.sourceName, line: document.line(ofRecord: r),
                           detail: "the row has \(count) fields, the header \(columns.count)")
        }
        return document.trimmedField(k, inRecord: r)
    }

    /// An error at the cell of `column` in record `r`.
    func error(_ reason: CSVError.Reason, _ column: String, inRecord r: Int, _ detail: String) -> CSVError {
        CSVError(reason, file: document.sourceName, line: document.line(ofRecord: r), column: columns[column].map { $0 + 1 },
                 columnName: column, detail: detail)
    }

    /// The date in `column` of record `r`; `nil` when the cell is empty and `optional`.
    func date(_ column: String, inRecord r: Int, optional: Bool = false) throws -> TradingDate? {
        guard let text = try cell(column, inRecord: r), !text.isEmpty else {
            if optional { return nil }
            throw error(.missingValue, column, inRecord: r, "the \(column) date is empty")
        }
        guard let date = CSVScalars.date(text) else {
            throw error(.invalidDate, column, inRecord: r, "'\(text)' is not a date (expected YYYY-MM-DD)")
        }
        return date
    }
}
