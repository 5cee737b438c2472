import Foundation

/// A JSON control frame from the server: a subscribe/unsubscribe reply or an error.
///
/// ```json
/// {"header":{"tr_id":"H0STCNT0","tr_key":"005930","encrypt":"N"},
///  "body":{"rt_cd":"0","msg_cd":"OPSP0000","msg1":"SUBSCRIBE SUCCESS","output":{"iv":"…","key":"…"}}}
/// ```
/// The description hides the cipher key and the `tr_key` of notice TRs (the HTS ID).
public struct KISControlReply: Sendable, Hashable, CustomStringConvertible {
    /// `header.tr_id`; nil when absent or the literal `(null)` (as in OPSP8996).
    public var transactionID: KISTransactionID?
    /// `header.tr_key`; nil when absent or empty.
    public var transactionKey: String?
    /// `header.encrypt == "Y"`.
    public var isEncrypted: Bool
    /// `body.rt_cd`: `0` ok, `1` request failure, `9` session failure.
    public var resultCode: String
    /// `body.msg_cd`.
    public var code: KISControlCode
    /// `body.msg1`.
    public var message: String
    /// `body.output.key`/`iv`, when present and well-formed.
    public var cipherKey: KISCipherKey?

    /// Creates a reply.
    public init(
        transactionID: KISTransactionID?, transactionKey: String?, isEncrypted: Bool = false,
        resultCode: String, code: KISControlCode, message: String, cipherKey: KISCipherKey? = nil
    ) {
        self.transactionID = transactionID
        self.transactionKey = transactionKey
        self.isEncrypted = isEncrypted
        self.resultCode = resultCode
        self.code = code
        self.message = message
        self.cipherKey = cipherKey
    }

    /// `OPSP0000 SUBSCRIBE SUCCESS (H0STCNT0 005930)`, with notice keys redacted.
    public var description: String {
        let tr = transactionID?.rawValue ?? "(null)"
        let key = transactionID?.isExecutionNotice == true ? "<redacted>" : (transactionKey ?? "")
        return "\(code.rawValue) \(message) (\(tr) \(key))"
    }
}

/// The wire shape of a JSON control frame (internal).
struct KISControlEnvelope: Decodable {
    struct Header: Decodable {
        var tr_id: String?
        var tr_key: String?
        var encrypt: String?
        var datetime: String?
    }
    struct Body: Decodable {
        struct Output: Decodable {
            var iv: String?
            var key: String?
        }
        var rt_cd: String?
        var msg_cd: String?
        var msg1: String?
        var output: Output?
    }
    var header: Header?
    var body: Body?
}
