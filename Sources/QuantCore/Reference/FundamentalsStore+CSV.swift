/// Reading point-in-time fundamentals from CSV: one reported figure per row (the long layout
/// `quant sample-data` writes as `fundamentals.csv`).
///
/// ```text
/// symbol,field,period_end,published_on,value
/// 005930,bookEquity,2024-03-31,2024-05-14,370000000000000
/// 005930,netIncome,2024-03-31,2024-05-14,6600000000000
/// 000660,bookEquity,2024-03-31,,65000000000000
/// ```
///
/// Columns are found by name, in any order; `symbol`, `field`, `period_end` and `value` are
/// required, `published_on` is optional (an empty cell or a missing column means the date is
/// unknown, and the store's reporting lag applies). `field` is any ``FundamentalField`` name
/// (`bookEquity`, `netIncome`, `revenue`, `sharesOutstanding`, ...). Amounts in won.
extension FundamentalsStore {
    /// Reads a fundamentals file.
    ///
    /// - Throws: ``CSVError`` naming file, line and column: `.empty`, `.invalidHeader`,
    ///   `.fieldCount`, `.missingValue` (an empty symbol, field, date or value), `.invalidDate`,
    ///   `.invalidNumber` (a value that is not a finite number), `.invalidValue` (a publication
    ///   date before its period end).
    public init(csvFile path: String, defaultReportingLag: Int = FundamentalsStore.standardReportingLag) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path, allowsComments: true), defaultReportingLag: defaultReportingLag)
    }

    /// Reads fundamentals text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:defaultReportingLag:)``.
    public init(csvText: String, sourceName: String = "<text>", defaultReportingLag: Int = FundamentalsStore.standardReportingLag) throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName, allowsComments: true),
                      defaultReportingLag: defaultReportingLag)
    }

    /// Builds the store from a parsed document.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:defaultReportingLag:)``.
    public init(csvDocument doc: CSVDocument, defaultReportingLag: Int = FundamentalsStore.standardReportingLag) throws {
        let header = try CSVHeader(doc, required: ["symbol", "field", "period_end", "value"], optional: ["published_on"])
        var records: [FundamentalRecord] = []
        records.reserveCapacity(max(0, doc.recordCount - 1))
        for r in 1..<max(1, doc.recordCount) {
            let code = try header.cell("symbol", inRecord: r) ?? ""
            guard !code.isEmpty else { throw header.error(.missingValue, "symbol", inRecord: r, "the symbol is empty") }
            let field = try header.cell("field", inRecord: r) ?? ""
            guard !field.isEmpty else { throw header.error(.missingValue, "field", inRecord: r, "the field of \(code) is empty") }
            let periodEnd = try header.date("period_end", inRecord: r)!
            let published = try header.date("published_on", inRecord: r, optional: true)
            if let published, published < periodEnd {
                throw header.error(.invalidValue, "published_on", inRecord: r,
                                   "\(code) \(field) for the period ending \(periodEnd) is published on \(published), before the period ended")
            }
            let text = try header.cell("value", inRecord: r) ?? ""
            let value: Double
            switch CSVScalars.number(text) {
            case .value(let x): value = x
            case .empty: throw header.error(.missingValue, "value", inRecord: r, "the value of \(code) \(field) for \(periodEnd) is empty")
            case .invalid: throw header.error(.invalidNumber, "value", inRecord: r, "'\(text)' is not a finite number")
            }
            records.append(FundamentalRecord(symbol: Symbol(code), field: FundamentalField(field), periodEnd: periodEnd,
                                             publishedOn: published, value: value))
        }
        do {
            try self.init(records: records, defaultReportingLag: defaultReportingLag)
        } catch let error as DataError {
            throw CSVError(.invalidValue, file: doc.sourceName, detail: error.description)
        }
    }

    /// The store's records in the layout ``init(csvFile:defaultReportingLag:)`` reads.
    public func csvText() -> String {
        var text = "symbol,field,period_end,published_on,value\n"
        for r in records {
            text += "\(r.symbol.code),\(r.field.name),\(r.periodEnd),\(r.publishedOn.map { "\($0)" } ?? ""),\(r.value)\n"
        }
        return text
    }
}
