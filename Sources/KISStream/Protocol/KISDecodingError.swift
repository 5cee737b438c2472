/// A frame or record that could not be decoded.
///
/// Carries the TR, the record and the field to blame. It never carries field values of
/// execution notices, whose fields include the HTS ID and account number.
public struct KISDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The TR of the frame, when it could be read.
    public var transactionID: KISTransactionID?
    /// The 0-based record index inside a multi-record frame, when the failure is in a record.
    public var record: Int?
    /// The name of the field to blame (KIS's column name), when there is one.
    public var field: String?
    /// One sentence for humans.
    public var detail: String

    /// Creates a decoding error.
    public init(transactionID: KISTransactionID? = nil, record: Int? = nil, field: String? = nil, detail: String) {
        self.transactionID = transactionID
        self.record = record
        self.field = field
        self.detail = detail
    }

    /// `H0STCNT0 record 2 field STCK_PRPR: not an integer "7x"`.
    public var description: String {
        var parts: [String] = []
        if let transactionID { parts.append(transactionID.rawValue) }
        if let record { parts.append("record \(record)") }
        if let field { parts.append("field \(field)") }
        return parts.isEmpty ? detail : parts.joined(separator: " ") + ": " + detail
    }
}
