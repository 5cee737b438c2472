/// A labelled square matrix as stored in a square-matrix CSV file (a covariance or correlation).
///
/// The file has a header `,<asset1>,<asset2>,...` (the first cell is ignored and usually empty),
/// then one row per asset, in header order, starting with the asset's name. Every cell must be a
/// finite decimal number. The matrix must be symmetric: the largest `|a_ij - a_ji|` divided by
/// the largest `|a_ij|` may not exceed ``symmetryTolerance`` (`1e-12`), the measure
/// `LinearAlgebra.Matrix.relativeAsymmetry` uses. QuantCore does not depend on LinearAlgebra, so
/// the values are column-major and a caller makes a matrix with
/// `Matrix(rows: file.dimension, columns: file.dimension, columnMajor: file.values)`.
///
/// ```swift
/// let file = try SquareMatrixFile(csvFile: "covariance.csv")
/// file.assets          // ["005930", "000660"]
/// file[0, 1]           // the covariance of the two
/// ```
public struct SquareMatrixFile: Sendable, Hashable {
    /// The largest relative asymmetry accepted when reading a file.
    public static let symmetryTolerance = 1e-12

    /// Row and column labels, unique.
    public let assets: [Symbol]
    /// The values in column-major order (`assets.count²`).
    public let values: [Double]

    /// Creates a labelled matrix from column-major values.
    ///
    /// - Throws: ``DataError`` `.shapeMismatch` when `values.count != assets.count²`,
    ///   `.duplicateAsset` naming a repeated asset.
    public init(assets: [Symbol], values: [Double]) throws {
        guard values.count == assets.count * assets.count else {
            throw DataError(.shapeMismatch, detail: "\(values.count) values for a \(assets.count) x \(assets.count) matrix")
        }
        var seen = Set<Symbol>()
        for asset in assets where !seen.insert(asset).inserted {
            throw DataError(.duplicateAsset, asset: asset, detail: "asset appears more than once")
        }
        self.assets = assets
        self.values = values
    }

    /// Creates a labelled matrix from one array per row.
    ///
    /// - Throws: ``DataError`` `.shapeMismatch` naming the asset whose row has the wrong length,
    ///   or as ``init(assets:values:)``.
    public init(assets: [Symbol], rows: [[Double]]) throws {
        let n = assets.count
        guard rows.count == n else { throw DataError(.shapeMismatch, detail: "\(rows.count) rows for \(n) assets") }
        var values = [Double](repeating: 0, count: n * n)
        for (i, row) in rows.enumerated() {
            guard row.count == n else {
                throw DataError(.shapeMismatch, asset: assets[i], detail: "row has \(row.count) values for \(n) assets")
            }
            for j in 0..<n { values[i + j * n] = row[j] }
        }
        try self.init(assets: assets, values: values)
    }

    /// The number of assets (rows and columns).
    public var dimension: Int { assets.count }

    /// The value at row `i`, column `j`.
    ///
    /// - Precondition: indices in range.
    public subscript(i: Int, j: Int) -> Double {
        precondition(i >= 0 && i < dimension && j >= 0 && j < dimension, "SquareMatrixFile index (\(i), \(j)) out of range")
        return values[i + j * dimension]
    }

    /// The rows as arrays, in asset order.
    public var rowArrays: [[Double]] {
        (0..<dimension).map { i in (0..<dimension).map { j in values[i + j * dimension] } }
    }

    /// Reads a square-matrix file.
    ///
    /// - Throws: ``CSVError`` naming file, line and column: `.empty`, `.invalidHeader`,
    ///   `.duplicateAsset`, `.fieldCount`, `.labelMismatch` (a row name differs from the header or
    ///   the row count from the asset count), `.missingValue`, `.invalidNumber`, `.asymmetric`.
    public init(csvFile path: String) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path))
    }

    /// Reads square-matrix text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvText: String, sourceName: String = "<text>") throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName))
    }

    /// Builds the matrix from a parsed document in the square-matrix format.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvDocument doc: CSVDocument) throws {
        let file = doc.sourceName
        guard doc.recordCount > 0 else {
            throw CSVError(.empty, file: file, detail: "the file is empty (expected a header ,<asset>,...)")
        }
        let headerLine = doc.line(ofRecord: 0)
        let width = doc.fieldCount(inRecord: 0)
        var assets = [Symbol]()
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
        let n = assets.count
        guard n > 0 else {
            throw CSVError(.invalidHeader, file: file, line: headerLine, detail: "the header names no assets (expected ,<asset>,...)")
        }
        guard doc.recordCount - 1 == n else {
            throw CSVError(.labelMismatch, file: file, line: doc.line(ofRecord: doc.recordCount - 1),
                           detail: "\(doc.recordCount - 1) rows for \(n) header assets; the matrix must be square")
        }
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let r = i + 1, line = doc.line(ofRecord: r)
            let count = doc.fieldCount(inRecord: r)
            guard count == width else {
                throw CSVError(.fieldCount, file: file, line: line, detail: "the row has \(count) fields, the header has \(width)")
            }
            let name = doc.trimmedField(0, inRecord: r)
            guard name == assets[i].code else {
                throw CSVError(.labelMismatch, file: file, line: line, column: 1,
                               detail: "row name '\(name)' should be '\(assets[i])': rows follow the header's order")
            }
            for j in 0..<n {
                let text = doc.field(j + 1, inRecord: r)
                switch CSVScalars.number(text) {
                case .value(let v): values[i + j * n] = v
                case .empty:
                    throw CSVError(.missingValue, file: file, line: line, column: j + 2, columnName: assets[j].code,
                                   detail: "the cell is empty; a square matrix has no missing values")
                case .invalid:
                    throw CSVError(.invalidNumber, file: file, line: line, column: j + 2, columnName: assets[j].code,
                                   detail: "'\(text)' is not a number")
                }
            }
        }
        var scale = 0.0, worst = 0.0, at = (0, 0)
        for j in 0..<n {
            for i in 0..<n {
                scale = Swift.max(scale, Swift.abs(values[i + j * n]))
                let gap = Swift.abs(values[i + j * n] - values[j + i * n])
                if i > j && gap > worst { worst = gap; at = (i, j) }
            }
        }
        if scale > 0 && worst / scale > Self.symmetryTolerance {
            let (i, j) = at
            throw CSVError(.asymmetric, file: file, line: doc.line(ofRecord: i + 1), column: j + 2, columnName: assets[j].code,
                           detail: "\(values[i + j * n]) (row \(assets[i])) differs from its mirror \(values[j + i * n]); "
                               + "relative asymmetry \(worst / scale) exceeds \(Self.symmetryTolerance)")
        }
        self.assets = assets
        self.values = values
    }

    /// The matrix in the square-matrix file format, numbers in Swift's shortest round-trip form.
    public func csvText() -> String { csvWriter().text }

    /// Writes ``csvText()`` to `path`, replacing the file.
    ///
    /// - Throws: The file system's error when the file cannot be written.
    public func write(toCSVFile path: String) throws { try csvWriter().write(toFile: path) }

    private func csvWriter() -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRaw("")
        for asset in assets { writer.writeField(asset.code) }
        writer.endRecord()
        let n = dimension
        for i in 0..<n {
            writer.writeField(assets[i].code)
            for j in 0..<n { writer.writeNumber(values[i + j * n]) }
            writer.endRecord()
        }
        return writer
    }
}
