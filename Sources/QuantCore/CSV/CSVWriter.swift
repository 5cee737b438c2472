import Foundation

/// Builds CSV text record by record, quoting a field only when it must be quoted.
///
/// A field is quoted when it contains a comma, a double quote, a line break, leading or trailing
/// spaces, or starts with `#` (so files that allow comment lines read it back as data). Records end
/// with LF.
///
/// ```swift
/// var writer = CSVWriter()
/// writer.writeRecord(["asset", "name"])
/// writer.writeRecord(["000660", "SK하이닉스, 보통주"])
/// writer.text   // "asset,name\n000660,\"SK하이닉스, 보통주\"\n"
/// ```
public struct CSVWriter: Sendable {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the current record has a field yet.
    private var recordHasField = false

    /// Creates an empty writer.
    public init() {}

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Reserves room for `byteCount` bytes of output, to avoid regrowing a large buffer.
    public mutating func reserveCapacity(_ byteCount: Int) { bytes.reserveCapacity(byteCount) }

    /// Appends one field to the current record, quoting it when needed.
    public mutating func writeField(_ field: String) {
        separate()
        let utf8 = field.utf8
        var needsQuotes = utf8.first == 35 || utf8.first == 32 || utf8.last == 32
        if !needsQuotes {
            for b in utf8 where b == 44 || b == 34 || b == 10 || b == 13 { needsQuotes = true; break }
        }
        guard needsQuotes else { bytes.append(contentsOf: utf8); return }
        bytes.append(34)
        for b in utf8 {
            bytes.append(b)
            if b == 34 { bytes.append(34) }
        }
        bytes.append(34)
    }

    /// Appends a number in Swift's shortest round-trip form; `NaN` becomes an empty field.
    ///
    /// Infinities are written as `inf`/`-inf`, which QuantKit's readers reject.
    public mutating func writeNumber(_ value: Double) {
        separate()
        if !value.isNaN { bytes.append(contentsOf: value.description.utf8) }
    }

    /// Appends a field that is known to need no quoting (a date, a time, a code).
    mutating func writeRaw(_ field: String) {
        separate()
        bytes.append(contentsOf: field.utf8)
    }

    /// Ends the current record with LF.
    public mutating func endRecord() {
        bytes.append(10)
        recordHasField = false
    }

    /// Appends a whole record.
    public mutating func writeRecord(_ fields: [String]) {
        for field in fields { writeField(field) }
        endRecord()
    }

    /// Writes the text to `path`, replacing the file.
    ///
    /// - Throws: The file system's error when the file cannot be written.
    public func write(toFile path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private mutating func separate() {
        if recordHasField { bytes.append(44) }
        recordHasField = true
    }
}
