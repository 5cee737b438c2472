/// A KIS brokerage account: the 8-digit number (`CANO`) and the 2-digit product code (`ACNT_PRDT_CD`).
///
/// The account number is personal data: ``description`` shows only the product code.
///
/// ```swift
/// let account = try KISAccount(parsing: "12345678-01")
/// ```
public struct KISAccount: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `CANO`: the first 8 digits of the account number.
    public let number: String
    /// `ACNT_PRDT_CD`: the product code, `01` for a stock account.
    public let productCode: String

    /// Creates an account from its two parts.
    public init(number: String, productCode: String = "01") {
        self.number = number
        self.productCode = productCode
    }

    /// Parses `12345678-01` or `1234567801`.
    ///
    /// - Throws: ``KISRESTError`` (`.invalidRequest`) when the text is not 8 + 2 digits; the
    ///   message does not repeat the text.
    public init(parsing text: String) throws {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 10, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw KISRESTError(
                reason: .invalidRequest, endpoint: "account",
                detail: "an account number must be 8 digits, a dash (optional) and a 2-digit product code")
        }
        self.init(number: String(digits.prefix(8)), productCode: String(digits.suffix(2)))
    }

    /// `KISAccount(<redacted>-01)`.
    public var description: String { "KISAccount(<redacted>-\(productCode))" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the account number.
    public var customMirror: Mirror { Mirror(self, children: ["productCode": productCode]) }
}
