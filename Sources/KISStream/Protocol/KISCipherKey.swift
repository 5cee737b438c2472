import Foundation
import Crypto
import _CryptoExtras

/// The AES-256-CBC key and IV of one TR, from its `SUBSCRIBE SUCCESS` reply.
///
/// The key is the UTF-8 bytes of the 32-character `output.key`; the IV the UTF-8 bytes of
/// the 16-character `output.iv`; padding is PKCS#7. The description never shows either.
public struct KISCipherKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32-character key string.
    public let key: String
    /// The 16-character IV string.
    public let iv: String

    /// Creates a key pair, checking the lengths AES-256-CBC needs.
    ///
    /// - Throws: ``KISDecodingError`` when the key is not 32 bytes or the IV not 16.
    public init(key: String, iv: String) throws(KISDecodingError) {
        guard key.utf8.count == 32 else { throw KISDecodingError(field: "output.key", detail: "must be 32 bytes, is \(key.utf8.count)") }
        guard iv.utf8.count == 16 else { throw KISDecodingError(field: "output.iv", detail: "must be 16 bytes, is \(iv.utf8.count)") }
        self.key = key
        self.iv = iv
    }

    /// `KISCipherKey(<redacted>)`.
    public var description: String { "KISCipherKey(<redacted>)" }

    /// Decrypts a base64 payload to UTF-8 text.
    ///
    /// - Throws: ``KISDecodingError`` when the payload is not base64, the padding is wrong or
    ///   the plaintext is not UTF-8. The error never quotes the payload.
    public func decrypt(base64 payload: some StringProtocol, transactionID: KISTransactionID? = nil) throws(KISDecodingError) -> String {
        guard let data = Data(base64Encoded: String(payload)) else {
            throw KISDecodingError(transactionID: transactionID, detail: "encrypted payload is not base64")
        }
        let plain: Data
        do {
            plain = try AES._CBC.decrypt(data, using: SymmetricKey(data: Data(key.utf8)), iv: AES._CBC.IV(ivBytes: Array(iv.utf8)))
        } catch {
            throw KISDecodingError(transactionID: transactionID, detail: "AES-256-CBC decryption failed (wrong key/iv or padding)")
        }
        guard let text = String(data: plain, encoding: .utf8) else {
            throw KISDecodingError(transactionID: transactionID, detail: "decrypted payload is not UTF-8")
        }
        return text
    }

    /// Encrypts UTF-8 text to a base64 payload (what the server does; used by the simulator and tests).
    ///
    /// - Throws: ``KISDecodingError`` if the cipher rejects the key or IV.
    public func encrypt(_ plaintext: String) throws(KISDecodingError) -> String {
        do {
            let data = try AES._CBC.encrypt(Data(plaintext.utf8), using: SymmetricKey(data: Data(key.utf8)), iv: AES._CBC.IV(ivBytes: Array(iv.utf8)))
            return data.base64EncodedString()
        } catch {
            throw KISDecodingError(detail: "AES-256-CBC encryption failed")
        }
    }
}
