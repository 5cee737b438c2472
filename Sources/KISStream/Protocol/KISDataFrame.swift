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
        let parts = text.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            throw KISDecodingError(detail: "a data frame needs 4 '|'-separated parts, found \(parts.count)")
        }
        let trID = KISTransactionID(rawValue: String(parts[1]))
        switch parts[0] {
        case "0": isEncrypted = false
        case "1": isEncrypted = true
        default: throw KISDecodingError(transactionID: trID, detail: "encryption flag must be 0 or 1")
        }
        guard !parts[1].isEmpty else { throw KISDecodingError(detail: "empty tr_id") }
        guard let count = Int(parts[2]), count > 0 else {
            throw KISDecodingError(transactionID: trID, detail: "record count \"\(parts[2].prefix(8))\" is not a positive integer")
        }
        transactionID = trID
        recordCount = count
        payload = parts[3]
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
        let fields = plaintext.split(separator: "^", omittingEmptySubsequences: false)
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
