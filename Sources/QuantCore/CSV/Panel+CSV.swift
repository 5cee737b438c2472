/// Reading and writing the wide panel file: header `date,<asset1>,<asset2>,...`, one row per date.
///
/// The format (see the FileFormats article): dates are `YYYY-MM-DD`, strictly ascending and unique;
/// cells are decimal numbers (`0.0123`, `-1.5e-3`, `+2`); an empty cell is a missing value
/// (`NaN` in the panel); any other token, including `NaN`, `inf` and `-`, is an error. Spaces and
/// tabs around a cell are ignored. CRLF line ends and a UTF-8 BOM are accepted. The assets keep
/// the header's order.
extension Panel {
    /// Reads a panel file.
    ///
    /// ```swift
    /// let returns = try Panel(csvFile: "returns.csv")
    /// ```
    ///
    /// - Throws: ``CSVError`` naming the file, line and column (and asset) of the first problem:
    ///   `.unreadable`, `.empty`, `.invalidHeader`, `.duplicateAsset`, `.fieldCount`,
    ///   `.invalidDate`, `.duplicateDate`, `.unsortedDates`, `.invalidNumber`, `.malformedQuote`,
    ///   `.invalidEncoding`.
    /// - Complexity: O(file size); no `String` is made per numeric cell.
    public init(csvFile path: String) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path))
    }

    /// Reads panel text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvText: String, sourceName: String = "<text>") throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName))
    }

    /// Builds a panel from a parsed document in the panel format.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvDocument doc: CSVDocument) throws {
        let file = doc.sourceName
        guard doc.recordCount > 0 else {
            throw CSVError(.empty, file: file, detail: "the file is empty (expected a header date,<asset>,...)")
        }
        let headerLine = doc.line(ofRecord: 0)
        let width = doc.fieldCount(inRecord: 0)
        guard doc.trimmedField(0, inRecord: 0).lowercased() == "date" else {
            throw CSVError(.invalidHeader, file: file, line: headerLine, column: 1,
                           detail: "the first header cell is '\(doc.field(0, inRecord: 0))', expected 'date'")
        }
        var assets = [Symbol]()
        assets.reserveCapacity(width - 1)
        var seen = [String: Int]()
        for f in 1..<max(width, 1) {
            let name = doc.trimmedField(f, inRecord: 0)
            guard !name.isEmpty else {
                throw CSVError(.invalidHeader, file: file, line: headerLine, column: f + 1, detail: "the asset name is empty")
            }
            if let first = seen[name] {
                throw CSVError(.duplicateAsset, file: file, line: headerLine, column: f + 1, columnName: name,
                               detail: "asset '\(name)' already appears in column \(first)")
            }
            seen[name] = f + 1
            assets.append(Symbol(name))
        }
        let n = doc.recordCount - 1, m = assets.count
        var dates = [TradingDate]()
        dates.reserveCapacity(n)
        var values = [Double](repeating: .nan, count: n * m)
        try doc.withStorage { content, fieldStarts, recordStarts in
            try values.withUnsafeMutableBufferPointer { out in
                let base = content.baseAddress!
                for t in 0..<n {
                    let r = t + 1
                    let first = recordStarts[r]
                    let count = recordStarts[r + 1] - first
                    guard count == width else {
                        throw CSVError(.fieldCount, file: file, line: doc.line(ofRecord: r),
                                       detail: "the row has \(count) fields, the header has \(width)")
                    }
                    let dateStart = fieldStarts[first]
                    guard let date = CSVScalars.date(base + dateStart, count: fieldStarts[first + 1] - 1 - dateStart) else {
                        throw CSVError(.invalidDate, file: file, line: doc.line(ofRecord: r), column: 1, columnName: "date",
                                       detail: "'\(doc.field(0, inRecord: r))' is not a date (expected YYYY-MM-DD)")
                    }
                    if let previous = dates.last, date <= previous {
                        throw CSVError(date == previous ? .duplicateDate : .unsortedDates, file: file,
                                       line: doc.line(ofRecord: r), column: 1, columnName: "date",
                                       detail: date == previous
                                           ? "date \(date) appears twice (also on line \(doc.line(ofRecord: r - 1)))"
                                           : "date \(date) comes after \(previous); dates must be strictly ascending")
                    }
                    dates.append(date)
                    for j in 0..<m {
                        let k = first + 1 + j
                        let start = fieldStarts[k]
                        switch CSVScalars.number(base + start, count: fieldStarts[k + 1] - 1 - start) {
                        case .empty: break
                        case .value(let v): out[t + j * n] = v
                        case .invalid:
                            throw CSVError(.invalidNumber, file: file, line: doc.line(ofRecord: r), column: j + 2,
                                           columnName: assets[j].code,
                                           detail: "'\(doc.field(j + 1, inRecord: r))' is not a number")
                        }
                    }
                }
            }
        }
        self.init(unchecked: dates, assets: assets, values: values)
    }

    /// The panel in the panel file format: numbers in Swift's shortest round-trip form, an empty
    /// cell for a missing value, LF line ends. Reading the text back gives the same panel.
    ///
    /// Infinite values are written as `inf`/`-inf`, which the reader rejects; call
    /// ``validateNoInfinities()`` first if the panel may hold them.
    /// - Complexity: O(dates x assets).
    public func csvText() -> String { csvWriter().text }

    /// Writes ``csvText()`` to `path`, replacing the file.
    ///
    /// - Throws: The file system's error when the file cannot be written.
    public func write(toCSVFile path: String) throws { try csvWriter().write(toFile: path) }

    private func csvWriter() -> CSVWriter {
        var writer = CSVWriter()
        writer.reserveCapacity((dates.count + 1) * (11 + 12 * assets.count))
        writer.writeRaw("date")
        for asset in assets { writer.writeField(asset.code) }
        writer.endRecord()
        let n = dates.count
        withUnsafeValues { v in
            for t in 0..<n {
                writer.writeRaw(dates[t].description)
                for j in 0..<assets.count { writer.writeNumber(v[t + j * n]) }
                writer.endRecord()
            }
        }
        return writer
    }
}
