/// One number per asset, as in a two-column `asset,value` file: portfolio weights, risk
/// budgets, scores.
///
/// The file has a header of two names (checked against an ``Header`` when one is given, e.g.
/// `asset,weight`), then one row per asset: a non-empty asset code and a finite decimal number.
/// An asset may appear once. Order is kept.
///
/// ```swift
/// let weights = try AssetValues(csvFile: "weights.csv", header: .weights)
/// weights["005930"]   // 0.6
/// ```
public struct AssetValues: Sendable, Hashable {
    /// The header names a two-column file must have.
    public struct Header: Sendable, Hashable {
        /// The first column's name, e.g. `asset`.
        public var key: String
        /// The second column's name, e.g. `weight`.
        public var value: String
        /// Creates a header; names compare case-insensitively, ignoring surrounding spaces.
        public init(key: String = "asset", value: String) {
            self.key = key
            self.value = value
        }
        /// `asset,weight`.
        public static var weights: Self { Self(value: "weight") }
        /// `asset,budget`.
        public static var budgets: Self { Self(value: "budget") }
    }

    /// The assets, unique, in file order.
    public let assets: [Symbol]
    /// The value of each asset, aligned with ``assets``.
    public let values: [Double]

    /// Creates the list from parallel arrays.
    ///
    /// - Throws: ``DataError`` `.shapeMismatch` when the counts differ, `.duplicateAsset` naming a
    ///   repeated asset.
    public init(assets: [Symbol], values: [Double]) throws {
        guard assets.count == values.count else {
            throw DataError(.shapeMismatch, detail: "\(values.count) values for \(assets.count) assets")
        }
        var seen = Set<Symbol>()
        for asset in assets where !seen.insert(asset).inserted {
            throw DataError(.duplicateAsset, asset: asset, detail: "asset appears more than once")
        }
        self.assets = assets
        self.values = values
    }

    /// The value for `asset`, or `nil` when it is not listed.
    public subscript(asset: Symbol) -> Double? {
        assets.firstIndex(of: asset).map { values[$0] }
    }

    /// The values keyed by asset.
    public var dictionary: [Symbol: Double] { Dictionary(uniqueKeysWithValues: zip(assets, values)) }

    /// Reads an `asset,value` file.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - header: The names the header must have; `nil` accepts any two names.
    /// - Throws: ``CSVError`` naming file, line and column: `.empty` (no header or no rows),
    ///   `.invalidHeader`, `.fieldCount`, `.invalidValue` (an empty asset), `.duplicateAsset`,
    ///   `.missingValue`, `.invalidNumber`.
    public init(csvFile path: String, header: Header? = nil) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path), header: header)
    }

    /// Reads `asset,value` text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:header:)``.
    public init(csvText: String, sourceName: String = "<text>", header: Header? = nil) throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName), header: header)
    }

    /// Builds the list from a parsed document in the `asset,value` format.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:header:)``.
    public init(csvDocument doc: CSVDocument, header: Header? = nil) throws {
        let file = doc.sourceName
        let expected = header.map { "\($0.key),\($0.value)" } ?? "<asset>,<value>"
        guard doc.recordCount > 0 else {
            throw CSVError(.empty, file: file, detail: "the file is empty (expected a header \(expected))")
        }
        let headerLine = doc.line(ofRecord: 0)
        guard doc.fieldCount(inRecord: 0) == 2 else {
            throw CSVError(.invalidHeader, file: file, line: headerLine,
                           detail: "the header has \(doc.fieldCount(inRecord: 0)) fields, expected \(expected)")
        }
        let names = [doc.trimmedField(0, inRecord: 0), doc.trimmedField(1, inRecord: 0)]
        if let header {
            for (k, want) in [header.key, header.value].enumerated() where names[k].lowercased() != want.lowercased() {
                throw CSVError(.invalidHeader, file: file, line: headerLine, column: k + 1,
                               detail: "the header cell is '\(names[k])', expected '\(want)' (header \(expected))")
            }
        }
        guard doc.recordCount > 1 else {
            throw CSVError(.empty, file: file, line: headerLine, detail: "the file has a header but no rows")
        }
        var assets = [Symbol](), values = [Double]()
        var seen = [String: Int]()
        for r in 1..<doc.recordCount {
            let line = doc.line(ofRecord: r)
            guard doc.fieldCount(inRecord: r) == 2 else {
                throw CSVError(.fieldCount, file: file, line: line, detail: "the row has \(doc.fieldCount(inRecord: r)) fields, expected 2")
            }
            let name = doc.trimmedField(0, inRecord: r)
            guard !name.isEmpty else {
                throw CSVError(.invalidValue, file: file, line: line, column: 1, columnName: names[0], detail: "the asset is empty")
            }
            if let first = seen[name] {
                throw CSVError(.duplicateAsset, file: file, line: line, column: 1, columnName: names[0],
                               detail: "asset '\(name)' already appears on line \(first)")
            }
            seen[name] = line
            let text = doc.field(1, inRecord: r)
            switch CSVScalars.number(text) {
            case .value(let v):
                assets.append(Symbol(name))
                values.append(v)
            case .empty:
                throw CSVError(.missingValue, file: file, line: line, column: 2, columnName: names[1],
                               detail: "no value for asset '\(name)'")
            case .invalid:
                throw CSVError(.invalidNumber, file: file, line: line, column: 2, columnName: names[1],
                               detail: "'\(text)' is not a number")
            }
        }
        self.assets = assets
        self.values = values
    }

    /// The list as an `asset,value` file with the given header, numbers in Swift's shortest
    /// round-trip form.
    public func csvText(header: Header) -> String { csvWriter(header).text }

    /// Writes ``csvText(header:)`` to `path`, replacing the file.
    ///
    /// - Throws: The file system's error when the file cannot be written.
    public func write(toCSVFile path: String, header: Header) throws { try csvWriter(header).write(toFile: path) }

    private func csvWriter(_ header: Header) -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRecord([header.key, header.value])
        for (asset, value) in zip(assets, values) {
            writer.writeField(asset.code)
            writer.writeNumber(value)
            writer.endRecord()
        }
        return writer
    }
}
