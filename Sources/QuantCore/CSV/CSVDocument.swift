import Foundation

/// A parsed CSV file: records of fields, each record remembering the line it starts on.
///
/// The parser works on bytes and follows RFC 4180: fields are separated by commas, a field in
/// double quotes may hold commas, line breaks and doubled quotes (`""` for one `"`), records end
/// with CRLF, LF or a lone CR. A leading UTF-8 byte-order mark is skipped; text must be UTF-8
/// (Korean names are kept as written). Two relaxations: empty lines are skipped (a trailing line
/// break does not make an empty record), and with `allowsComments` a line starting with an
/// unquoted `#` is skipped. The field bytes are stored once, unescaped, in one buffer, so reading
/// a number needs no `String` per cell.
///
/// ```swift
/// let doc = try CSVDocument(text: "asset,name\n005930,삼성전자\n", sourceName: "names.csv")
/// doc.recordCount          // 2
/// doc.field(1, inRecord: 1) // "삼성전자"
/// doc.line(ofRecord: 1)    // 2
/// ```
///
/// - Complexity: O(bytes) time and about twice the file size in memory.
public struct CSVDocument: Sendable {
    /// The file path or caller-given name used in error messages.
    public let sourceName: String
    /// Unescaped field bytes; every field is followed by a NUL byte.
    let content: [UInt8]
    /// Offset of each field in `content`, plus a sentinel; field `k` spans
    /// `fieldStarts[k] ..< fieldStarts[k + 1] - 1`.
    let fieldStarts: [Int]
    /// Index of each record's first field in `fieldStarts`, plus a sentinel.
    let recordStarts: [Int]
    /// The 1-based line on which each record starts.
    let recordLines: [Int]

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes (UTF-8, optionally with a BOM).
    ///   - sourceName: The path or name used in errors.
    ///   - allowsComments: Whether a line starting with an unquoted `#` is skipped.
    /// - Throws: ``CSVError`` `.malformedQuote` (unclosed quote, or text after a closing quote) or
    ///   `.invalidEncoding` (bytes that are not UTF-8), naming the line.
    public init(bytes: [UInt8], sourceName: String, allowsComments: Bool = false) throws {
        self.sourceName = sourceName
        var starts = [Int]()
        starts.reserveCapacity(bytes.count / 4 + 2)
        var records = [Int](), lines = [Int]()
        let n = bytes.count
        var failure: CSVError?
        let content = [UInt8](unsafeUninitializedCapacity: n + 2) { dst, written in
            written = 0
            bytes.withUnsafeBufferPointer { src in
                var i = (n >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF) ? 3 : 0
                var o = 0, line = 1
                records: while i < n {
                    let first = src[i]
                    // Empty lines are skipped.
                    if first == 10 { line += 1; i += 1; continue }
                    if first == 13 {
                        i += (i + 1 < n && src[i + 1] == 10) ? 2 : 1
                        line += 1
                        continue
                    }
                    if allowsComments && first == 35 {
                        while i < n && src[i] != 10 && src[i] != 13 { i += 1 }
                        continue
                    }
                    records.append(starts.count)
                    lines.append(line)
                    var fieldIndex = 1
                    while true {
                        starts.append(o)
                        if i < n && src[i] == 34 {
                            let openLine = line
                            i += 1
                            while true {
                                guard i < n else {
                                    failure = CSVError(.malformedQuote, file: sourceName, line: openLine, column: fieldIndex,
                                                       detail: "quoted field is never closed")
                                    break records
                                }
                                let b = src[i]
                                if b == 34 {
                                    if i + 1 < n && src[i + 1] == 34 { dst[o] = 34; o += 1; i += 2; continue }
                                    i += 1
                                    break
                                }
                                if b == 10 || (b == 13 && !(i + 1 < n && src[i + 1] == 10)) { line += 1 }
                                dst[o] = b; o += 1; i += 1
                            }
                            if i < n, src[i] != 44, src[i] != 10, src[i] != 13 {
                                failure = CSVError(.malformedQuote, file: sourceName, line: line, column: fieldIndex,
                                                   detail: "text follows the closing quote of a quoted field")
                                break records
                            }
                        } else {
                            while i < n {
                                let b = src[i]
                                if b == 44 || b == 10 || b == 13 { break }
                                dst[o] = b; o += 1; i += 1
                            }
                        }
                        dst[o] = 0; o += 1
                        fieldIndex += 1
                        if i >= n { break }
                        let b = src[i]
                        i += 1
                        if b == 44 { continue }
                        if b == 13 && i < n && src[i] == 10 { i += 1 }
                        line += 1
                        break
                    }
                }
                written = o
            }
        }
        if let failure { throw failure }
        records.append(starts.count)
        starts.append(content.count)
        self.content = content
        self.fieldStarts = starts
        self.recordStarts = records
        self.recordLines = lines
        try Self.validateUTF8(bytes, sourceName: sourceName)
    }

    /// Parses CSV text.
    ///
    /// - Throws: ``CSVError`` as ``init(bytes:sourceName:allowsComments:)``.
    public init(text: String, sourceName: String = "<text>", allowsComments: Bool = false) throws {
        try self.init(bytes: Array(text.utf8), sourceName: sourceName, allowsComments: allowsComments)
    }

    /// Reads and parses a CSV file.
    ///
    /// - Throws: ``CSVError`` `.unreadable` when the file cannot be read, or as
    ///   ``init(bytes:sourceName:allowsComments:)`` with the path as the source name.
    public init(contentsOfFile path: String, allowsComments: Bool = false) throws {
        try self.init(bytes: Self.readBytes(path), sourceName: path, allowsComments: allowsComments)
    }

    /// The number of records, including the header.
    public var recordCount: Int { recordLines.count }

    /// The number of fields in record `r`.
    ///
    /// - Precondition: `r` is in range.
    public func fieldCount(inRecord r: Int) -> Int {
        precondition(r >= 0 && r < recordCount, "CSV record \(r) out of range")
        return recordStarts[r + 1] - recordStarts[r]
    }

    /// The 1-based line on which record `r` starts.
    ///
    /// - Precondition: `r` is in range.
    public func line(ofRecord r: Int) -> Int {
        precondition(r >= 0 && r < recordCount, "CSV record \(r) out of range")
        return recordLines[r]
    }

    /// Field `f` (0-based) of record `r`, unescaped.
    ///
    /// - Precondition: both indices are in range.
    public func field(_ f: Int, inRecord r: Int) -> String {
        precondition(f >= 0 && f < fieldCount(inRecord: r), "CSV field \(f) of record \(r) out of range")
        let k = recordStarts[r] + f
        return String(decoding: content[fieldStarts[k]..<(fieldStarts[k + 1] - 1)], as: UTF8.self)
    }

    /// All fields of record `r`.
    public func record(_ r: Int) -> [String] {
        (0..<fieldCount(inRecord: r)).map { field($0, inRecord: r) }
    }

    /// All records as arrays of strings (convenient for small files).
    public var records: [[String]] { (0..<recordCount).map(record) }

    /// Calls `body` with the content buffer, the field offsets and the record offsets.
    func withStorage<R>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>) throws -> R
    ) rethrows -> R {
        try content.withUnsafeBufferPointer { c in
            try fieldStarts.withUnsafeBufferPointer { f in
                try recordStarts.withUnsafeBufferPointer { r in try body(c, f, r) }
            }
        }
    }

    /// Field `f` of record `r` with surrounding spaces and tabs removed.
    func trimmedField(_ f: Int, inRecord r: Int) -> String {
        field(f, inRecord: r).trimmingASCIISpaces()
    }

    /// Reads a whole file.
    static func readBytes(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CSVError(.unreadable, file: path, detail: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// Throws `.invalidEncoding` naming the first line that is not valid UTF-8.
    private static func validateUTF8(_ bytes: [UInt8], sourceName: String) throws {
        let ascii = bytes.withUnsafeBufferPointer { b in
            var or: UInt8 = 0
            for x in b { or |= x }
            return or < 0x80
        }
        if ascii || String(validating: bytes, as: UTF8.self) != nil { return }
        var line = 1, start = 0
        for k in 0...bytes.count where k == bytes.count || bytes[k] == 10 {
            if String(validating: bytes[start..<k], as: UTF8.self) == nil {
                throw CSVError(.invalidEncoding, file: sourceName, line: line, detail: "the line is not valid UTF-8")
            }
            line += 1
            start = k + 1
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 32 && $0 != 9 })!
        return String(self[first...last])
    }
}
