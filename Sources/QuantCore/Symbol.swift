/// An instrument identifier, such as a KRX short code (`"005930"`) or an ETF code.
///
/// Symbols compare by their code; no normalisation is applied, so `"005930"` and `"5930"`
/// are different symbols.
public struct Symbol: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code as written in data files and broker messages.
    public let code: String

    /// Creates a symbol from its code.
    public init(_ code: String) { self.code = code }

    /// Creates a symbol from a string literal.
    public init(stringLiteral value: String) { self.code = value }

    /// Creates a symbol from its encoded code string.
    public init(from decoder: any Decoder) throws {
        code = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the symbol as its code string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// The code.
    public var description: String { code }

    /// Orders symbols by code.
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.code < rhs.code }
}
