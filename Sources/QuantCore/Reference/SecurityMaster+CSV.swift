/// Reading a security master (the "sectors" file: names, kinds, markets, sectors, listing and
/// delisting dates) from CSV, the layout `quant sample-data` writes as `securities.csv`.
///
/// ```text
/// symbol,name,kind,market,sector,listed,delisted
/// 005930,삼성전자,stock,KOSPI,Information Technology,1975-06-11,
/// 069500,KODEX 200,etf,KOSPI,,2002-10-14,
/// 123450,예전회사,stock,KOSDAQ,Industrials,2010-03-02,2019-07-31
/// ```
///
/// Columns are found by name, in any order; `symbol` and `name` are required. `kind` is `stock`
/// (default) or `etf`; `market` is `KOSPI` (default) or `KOSDAQ`; `sector` is a GICS sector name
/// or code (`Information Technology` or `45`), any other text naming a sector of its own, empty
/// for none; `listed` defaults to ``SecurityMaster/unknownListingDate`` when the column is absent;
/// `delisted` is empty for a listed security. UTF-8 (Korean names), optional BOM, `#` comments.
extension SecurityMaster {
    /// The listing date assumed when a file has no `listed` column: the KRX's opening day, 1956-03-03.
    public static let unknownListingDate = TradingDate(year: 1956, month: 3, day: 3)!

    /// Reads a security master file.
    ///
    /// - Throws: ``CSVError`` naming file, line and column: `.empty`, `.invalidHeader` (a missing
    ///   required or an unknown column), `.fieldCount`, `.missingValue` (an empty symbol or name),
    ///   `.invalidValue` (an unknown kind or market, a delisting before the listing, a symbol listed
    ///   twice), `.invalidDate`.
    public init(csvFile path: String) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path, allowsComments: true))
    }

    /// Reads security master text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvText: String, sourceName: String = "<text>") throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName, allowsComments: true))
    }

    /// Builds the master from a parsed document.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvDocument doc: CSVDocument) throws {
        let header = try CSVHeader(doc, required: ["symbol", "name"], optional: ["kind", "market", "sector", "listed", "delisted"])
        var listings: [Listing] = []
        var rowOf: [Symbol: Int] = [:]
        for r in 1..<max(1, doc.recordCount) {
            let code = try header.cell("symbol", inRecord: r) ?? ""
            guard !code.isEmpty else { throw header.error(.missingValue, "symbol", inRecord: r, "the symbol is empty") }
            let symbol = Symbol(code)
            if let first = rowOf[symbol] {
                throw header.error(.invalidValue, "symbol", inRecord: r, "\(code) is already listed on line \(doc.line(ofRecord: first))")
            }
            rowOf[symbol] = r
            let name = try header.cell("name", inRecord: r) ?? ""
            guard !name.isEmpty else { throw header.error(.missingValue, "name", inRecord: r, "the name of \(code) is empty") }
            let kindText = try header.cell("kind", inRecord: r) ?? ""
            guard let kind = kindText.isEmpty ? .stock : Listing.Kind(rawValue: kindText.lowercased()) else {
                throw header.error(.invalidValue, "kind", inRecord: r, "'\(kindText)' is not a kind (stock or etf)")
            }
            let marketText = try header.cell("market", inRecord: r) ?? ""
            guard let market = marketText.isEmpty ? .kospi : Listing.Market(rawValue: marketText.uppercased()) else {
                throw header.error(.invalidValue, "market", inRecord: r, "'\(marketText)' is not a market (KOSPI or KOSDAQ)")
            }
            let sectorText = try header.cell("sector", inRecord: r) ?? ""
            let sector = sectorText.isEmpty ? nil
                : Sector.gics.first { $0.code == sectorText || $0.name.lowercased() == sectorText.lowercased() }
                    ?? Sector(code: sectorText, name: sectorText)
            let listed = header.columns["listed"] == nil ? Self.unknownListingDate : try header.date("listed", inRecord: r)!
            let delisted = try header.date("delisted", inRecord: r, optional: true)
            if let delisted, delisted < listed {
                throw header.error(.invalidValue, "delisted", inRecord: r, "\(code) is delisted on \(delisted), before its listing on \(listed)")
            }
            listings.append(Listing(symbol: symbol, name: name, kind: kind, market: market, sector: sector, listedOn: listed, delistedOn: delisted))
        }
        do {
            try self.init(listings: listings)
        } catch let error as DataError {
            let row = error.asset.flatMap { rowOf[$0] } ?? 1
            throw CSVError(.invalidValue, file: doc.sourceName, line: doc.line(ofRecord: row), detail: error.description)
        }
    }
}
