import Foundation
import LinearAlgebra
import QuantCore

/// Minimal readers for the files `quant metrics` and `quant portfolio-risk` take, following the
/// data-file contract in Docs/CLI.md. Private to these commands; to be replaced by QuantCore's
/// CSV readers once they land.
enum RiskMetricsFiles {
    /// A file that does not follow its layout: names file, line and column (1-based).
    struct FileError: Error, CustomStringConvertible {
        let file: String
        let line: Int?
        let column: Int?
        let message: String
        var description: String {
            var location = file
            if let line { location += ":\(line)" }
            if let column { location += ":\(column)" }
            return "\(location): \(message)"
        }
    }

    /// A wide panel file: header `date,<asset>...`, one row per strictly ascending date, an
    /// empty cell for a missing value.
    static func readPanel(_ path: String) throws -> Panel {
        let rows = try lines(path)
        guard let header = rows.first else { throw FileError(file: path, line: nil, column: nil, message: "file is empty") }
        let labels = split(header.text)
        guard labels.count >= 2, labels[0].trimmingCharacters(in: .whitespaces).lowercased() == "date" else {
            throw FileError(file: path, line: header.number, column: 1, message: "header must be 'date,<asset>,...'")
        }
        var assets = [Symbol](), seen = Set<String>()
        for (k, label) in labels.enumerated().dropFirst() {
            let name = label.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw FileError(file: path, line: header.number, column: k + 1, message: "empty asset name") }
            guard seen.insert(name).inserted else { throw FileError(file: path, line: header.number, column: k + 1, message: "duplicate asset '\(name)'") }
            assets.append(Symbol(name))
        }
        var dates = [TradingDate]()
        var columns = [[Double]](repeating: [], count: assets.count)
        for row in rows.dropFirst() {
            let cells = split(row.text)
            guard cells.count == labels.count else {
                throw FileError(file: path, line: row.number, column: nil, message: "\(cells.count) fields, expected \(labels.count)")
            }
            let date: TradingDate
            do { date = try TradingDate(parsing: cells[0].trimmingCharacters(in: .whitespaces)) } catch {
                throw FileError(file: path, line: row.number, column: 1, message: "'\(cells[0])' is not a date (YYYY-MM-DD)")
            }
            if let last = dates.last, date <= last {
                throw FileError(file: path, line: row.number, column: 1, message: date == last ? "duplicate date \(date)" : "date \(date) is not after \(last)")
            }
            dates.append(date)
            for j in assets.indices {
                columns[j].append(try number(cells[j + 1], file: path, line: row.number, column: j + 2, allowEmpty: true))
            }
        }
        guard !dates.isEmpty else { throw FileError(file: path, line: nil, column: nil, message: "no data rows") }
        return try Panel(dates: dates, assets: assets, columns: columns)
    }

    /// A square matrix file: header `,<asset>...`, then one row per asset starting with its
    /// name, in header order; symmetric within 1e-12 relative.
    static func readSquareMatrix(_ path: String) throws -> (assets: [Symbol], matrix: Matrix) {
        let rows = try lines(path)
        guard let header = rows.first else { throw FileError(file: path, line: nil, column: nil, message: "file is empty") }
        let labels = split(header.text).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        guard !labels.isEmpty else { throw FileError(file: path, line: header.number, column: 2, message: "header must be ',<asset>,...'") }
        guard Set(labels).count == labels.count else { throw FileError(file: path, line: header.number, column: nil, message: "duplicate asset in header") }
        guard rows.count - 1 == labels.count else {
            throw FileError(file: path, line: nil, column: nil, message: "\(rows.count - 1) rows for \(labels.count) assets; the matrix must be square")
        }
        var values = [[Double]]()
        for (i, row) in rows.dropFirst().enumerated() {
            let cells = split(row.text)
            guard cells.count == labels.count + 1 else {
                throw FileError(file: path, line: row.number, column: nil, message: "\(cells.count) fields, expected \(labels.count + 1)")
            }
            guard cells[0].trimmingCharacters(in: .whitespaces) == labels[i] else {
                throw FileError(file: path, line: row.number, column: 1, message: "row '\(cells[0])' does not follow the header order (expected '\(labels[i])')")
            }
            values.append(try (1..<cells.count).map { try number(cells[$0], file: path, line: row.number, column: $0 + 1, allowEmpty: false) })
        }
        let matrix = try Matrix(rowMajor: values)
        if matrix.relativeAsymmetry > 1e-12 {
            throw FileError(file: path, line: nil, column: nil, message: "matrix is not symmetric (relative asymmetry \(matrix.relativeAsymmetry))")
        }
        return (labels.map { Symbol($0) }, matrix)
    }

    /// A weights file: `asset,weight` rows, with an optional `asset,weight` header.
    static func readWeights(_ path: String) throws -> [(asset: Symbol, weight: Double)] {
        var out = [(asset: Symbol, weight: Double)](), seen = Set<String>()
        for (k, row) in try lines(path).enumerated() {
            let cells = split(row.text).map { $0.trimmingCharacters(in: .whitespaces) }
            if k == 0 && cells.count == 2 && cells[0].lowercased() == "asset" && cells[1].lowercased() == "weight" { continue }
            guard cells.count == 2 else { throw FileError(file: path, line: row.number, column: nil, message: "expected 'asset,weight', got \(cells.count) fields") }
            guard !cells[0].isEmpty else { throw FileError(file: path, line: row.number, column: 1, message: "empty asset name") }
            guard seen.insert(cells[0]).inserted else { throw FileError(file: path, line: row.number, column: 1, message: "duplicate asset '\(cells[0])'") }
            out.append((Symbol(cells[0]), try number(cells[1], file: path, line: row.number, column: 2, allowEmpty: false)))
        }
        guard !out.isEmpty else { throw FileError(file: path, line: nil, column: nil, message: "no weights") }
        return out
    }

    private static func number(_ cell: some StringProtocol, file: String, line: Int, column: Int, allowEmpty: Bool) throws -> Double {
        let text = cell.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            if allowEmpty { return .nan }
            throw FileError(file: file, line: line, column: column, message: "empty value")
        }
        guard let value = Double(text), value.isFinite else {
            throw FileError(file: file, line: line, column: column, message: "'\(text)' is not a finite number")
        }
        return value
    }

    /// Non-empty lines with their 1-based numbers; strips a UTF-8 BOM and CR line ends.
    private static func lines(_ path: String) throws -> [(number: Int, text: Substring)] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FileError(file: path, line: nil, column: nil, message: "cannot read the file")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var out = [(number: Int, text: Substring)]()
        for (k, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            out.append((k + 1, line))
        }
        return out
    }

    private static func split(_ line: Substring) -> [Substring] { line.split(separator: ",", omittingEmptySubsequences: false) }
}
