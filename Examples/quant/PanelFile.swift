import Foundation
import QuantCore

/// Reads the wide CSV layout of `quant`'s returns and prices files into a `Panel`.
///
/// Layout (Docs/CLI.md, "File formats"): a header `date,<asset1>,<asset2>,...`, then one row per
/// date `YYYY-MM-DD` (strictly ascending, unique) with one decimal per asset; an empty cell is a
/// missing value. CRLF line ends and a UTF-8 byte-order mark are accepted. Any other
/// non-numeric token (including `nan` and `inf`), a duplicate date or asset, or a row of the
/// wrong length is a ``PanelFileError`` naming the file, line and column (both 1-based).
///
/// This is the command line's own small reader; QuantCore's CSV reader will replace it.
enum PanelFile {
    /// Reads and validates `path`.
    ///
    /// - Throws: ``PanelFileError``.
    static func read(path: String) throws -> Panel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PanelFileError(file: path, line: 0, column: 0, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(Array(data), file: path)
    }

    /// Parses CSV bytes; `file` only labels errors.
    ///
    /// - Throws: ``PanelFileError``.
    static func parse(_ bytes: [UInt8], file: String) throws -> Panel {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        // Split into lines (LF or CRLF), keeping 1-based line numbers.
        var lines: [Range<Int>] = []
        var lineStart = start
        for k in start..<bytes.count where bytes[k] == 0x0A {
            lines.append(lineStart..<(k > lineStart && bytes[k - 1] == 0x0D ? k - 1 : k))
            lineStart = k + 1
        }
        if lineStart < bytes.count {
            let end = bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count
            lines.append(lineStart..<end)
        }
        // Trailing empty lines are allowed; an empty file is not.
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let headerRange = lines.first else {
            throw PanelFileError(file: file, line: 1, column: 1, message: "the file is empty; expected a header `date,<asset>,...`")
        }
        let header = fields(bytes, headerRange)
        guard let first = header.first, text(bytes, first).trimmingCharacters(in: .whitespaces) == "date" else {
            throw PanelFileError(file: file, line: 1, column: 1, message: "the header must start with `date`")
        }
        var assets: [Symbol] = []
        var seen: [String: Int] = [:]
        for (k, range) in header.enumerated().dropFirst() {
            let name = text(bytes, range).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw PanelFileError(file: file, line: 1, column: k + 1, message: "empty asset name")
            }
            if let previous = seen[name] {
                throw PanelFileError(file: file, line: 1, column: k + 1, message: "duplicate asset `\(name)` (also column \(previous))")
            }
            seen[name] = k + 1
            assets.append(Symbol(name))
        }
        guard !assets.isEmpty else {
            throw PanelFileError(file: file, line: 1, column: 2, message: "the header names no asset")
        }
        let p = assets.count, n = lines.count - 1
        var dates: [TradingDate] = []
        dates.reserveCapacity(n)
        var values = [Double](repeating: .nan, count: n * p)
        for t in 0..<n {
            let lineNumber = t + 2
            let cells = fields(bytes, lines[t + 1])
            guard cells.count == p + 1 else {
                throw PanelFileError(file: file, line: lineNumber, column: cells.count < p + 1 ? cells.count + 1 : p + 2,
                                     message: "expected \(p + 1) fields (date and \(p) assets), found \(cells.count)")
            }
            let dateText = text(bytes, cells[0]).trimmingCharacters(in: .whitespaces)
            guard dateText.utf8.count == 10, let date = try? TradingDate(parsing: dateText) else {
                throw PanelFileError(file: file, line: lineNumber, column: 1, message: "`\(dateText)` is not a date YYYY-MM-DD")
            }
            if let previous = dates.last, date <= previous {
                let problem = date == previous ? "duplicate date \(date)" : "date \(date) is before the previous row's \(previous); dates must be strictly ascending"
                throw PanelFileError(file: file, line: lineNumber, column: 1, message: problem)
            }
            dates.append(date)
            for j in 0..<p {
                let range = trimmed(bytes, cells[j + 1])
                if range.isEmpty { continue }   // missing
                guard let value = number(bytes, range) else {
                    throw PanelFileError(file: file, line: lineNumber, column: j + 2,
                                         message: "`\(text(bytes, range))` is not a number (asset \(assets[j]))")
                }
                values[t + j * n] = value
            }
        }
        do { return try Panel(dates: dates, assets: assets, values: values) } catch {
            throw PanelFileError(file: file, line: 0, column: 0, message: "\(error)")
        }
    }

    /// The comma-separated field ranges of one line.
    private static func fields(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var fieldStart = line.lowerBound
        for k in line where bytes[k] == 0x2C {
            out.append(fieldStart..<k)
            fieldStart = k + 1
        }
        out.append(fieldStart..<line.upperBound)
        return out
    }

    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return lo..<hi
    }

    private static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A finite decimal (digits, sign, point, exponent only), or nil.
    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
        var sawDigit = false
        for k in range {
            switch bytes[k] {
            case 0x30...0x39: sawDigit = true
            case 0x2B, 0x2D, 0x2E, 0x45, 0x65: continue   // + - . E e
            default: return nil
            }
        }
        guard sawDigit, let value = Double(text(bytes, range)), value.isFinite else { return nil }
        return value
    }
}

/// A returns or prices file that does not follow the layout, with the place to look.
struct PanelFileError: Error, CustomStringConvertible {
    /// The file's path as given.
    let file: String
    /// The 1-based line (0 when the problem is the whole file).
    let line: Int
    /// The 1-based column, counting the date as column 1 (0 when not applicable).
    let column: Int
    /// What is wrong.
    let message: String

    /// `file:line:column: message`.
    var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
