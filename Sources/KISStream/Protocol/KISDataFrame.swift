/// A real-time data frame, `<encrypt>|<tr_id>|<count>|<payload>`, split but not yet decoded.
///
/// ```swift
/// let frame = try KISDataFrame(parsing: "0|H0STCNT0|001|005930^093001^71000^...")
/// let records = try frame.records(payload: frame.payload)   // [[Substring]]
/// ```
public struct KISDataFrame: Sendable, Hashable {
    /// Whether the payload is base64 AES-256-CBC ciphertext (flag `1`).
    public var isEncrypted: Bool
    /// The TR of every record in the frame.
    public var transactionID: KISTransactionID
    /// The number of records packed in the payload.
    public var recordCount: Int
    /// The payload: `^`-separated fields, or base64 ciphertext when encrypted.
    public var payload: Substring

    /// Splits a data frame on its first three `|`.
    ///
    /// - Throws: ``KISDecodingError`` when the flag is not `0`/`1`, the count is not a
    ///   positive integer, or a separator is missing.
    public init(parsing text: String) throws(KISDecodingError) {
        // One pass over the bytes for the three cuts; no array, no intermediate strings.
        var text = text
        var cuts = (-1, -1, -1)
        var found = 0
        var countValue = -1
        var flagByte: UInt8 = 0
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count && found < 3 {
                if bytes[i] == UInt8(ascii: "|") {
                    switch found {
                    case 0: cuts.0 = i
                    case 1: cuts.1 = i
                    default: cuts.2 = i
                    }
                    found += 1
                }
                i += 1
            }
            guard found == 3 else { return }
            flagByte = cuts.0 == 1 ? bytes[0] : 0
            // The count: plain ASCII digits (anything else takes the slow path below).
            let digits = cuts.2 - cuts.1 - 1
            if digits > 0 && digits <= 9 {
                var value = 0
                for k in (cuts.1 + 1)..<cuts.2 {
                    let byte = bytes[k]
                    guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { value = -1; break }
                    value = value * 10 + Int(byte &- 48)
                }
                countValue = value
            }
        }
        guard found == 3 else {
            throw KISDecodingError(detail: "a data frame needs 4 '|'-separated parts, found \(found + 1)")
        }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let trText = Substring(utf8[index(cuts.0 + 1)..<index(cuts.1)])
        let trID = KISTransactionID(rawValue: String(trText))
        switch flagByte {
        case UInt8(ascii: "0"): isEncrypted = false
        case UInt8(ascii: "1"): isEncrypted = true
        default: throw KISDecodingError(transactionID: trID, detail: "encryption flag must be 0 or 1")
        }
        guard !trText.isEmpty else { throw KISDecodingError(detail: "empty tr_id") }
        if countValue < 0 {
            let countText = Substring(utf8[index(cuts.1 + 1)..<index(cuts.2)])
            countValue = Int(countText) ?? 0
            guard countValue > 0 else {
                throw KISDecodingError(transactionID: trID, detail: "record count \"\(countText.prefix(8))\" is not a positive integer")
            }
        }
        guard countValue > 0 else {
            throw KISDecodingError(transactionID: trID, detail: "record count \"\(Substring(utf8[index(cuts.1 + 1)..<index(cuts.2)]).prefix(8))\" is not a positive integer")
        }
        transactionID = trID
        recordCount = countValue
        payload = Substring(utf8[index(cuts.2 + 1)...])
    }

    /// Splits on `^` over UTF-8 bytes (no grapheme breaking; `^` is ASCII, so every cut is a
    /// scalar boundary even inside Korean text).
    static func splitFields(_ text: Substring) -> [Substring] {
        var fields: [Substring] = []
        fields.reserveCapacity(64)
        let utf8 = text.utf8
        var start = utf8.startIndex
        var i = start
        let end = utf8.endIndex
        while i != end {
            if utf8[i] == UInt8(ascii: "^") {
                fields.append(Substring(utf8[start..<i]))
                start = utf8.index(after: i)
            }
            utf8.formIndex(after: &i)
        }
        fields.append(Substring(utf8[start..<end]))
        return fields
    }

    /// Cuts a plaintext payload into `recordCount` records of equal width.
    ///
    /// KIS packs several records by joining them with `^`, so the width is the field count
    /// divided by the record count; it must divide exactly and be at least `minimumWidth`.
    /// Extra trailing fields (KIS appends fields over time) are kept in each record.
    ///
    /// - Parameter plaintext: ``payload``, or its decryption for encrypted frames.
    /// - Throws: ``KISDecodingError`` when the fields do not divide into the records.
    public func records(plaintext: Substring, minimumWidth: Int) throws(KISDecodingError) -> [ArraySlice<Substring>] {
        let fields = Self.splitFields(plaintext)
        guard fields.count % recordCount == 0 else {
            throw KISDecodingError(
                transactionID: transactionID,
                detail: "\(fields.count) fields do not divide into \(recordCount) records")
        }
        let width = fields.count / recordCount
        guard width >= minimumWidth else {
            throw KISDecodingError(
                transactionID: transactionID,
                detail: "records have \(width) fields, at least \(minimumWidth) expected")
        }
        var records: [ArraySlice<Substring>] = []
        records.reserveCapacity(recordCount)
        var start = 0
        for _ in 0..<recordCount {
            records.append(fields[start..<(start + width)])
            start += width
        }
        return records
    }
}
