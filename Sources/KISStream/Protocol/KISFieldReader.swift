import QuantCore

/// Reads typed values from one record's fields by 0-based index, straight from the payload's
/// UTF-8 bytes (internal helper; valid only inside the decoder's `withUTF8` scope).
struct KISFieldReader {
    /// The whole plaintext payload.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Field `i` spans `starts[i] ..< starts[i + 1] - 1`; `count + 1` entries.
    let starts: UnsafeBufferPointer<Int>
    let transactionID: KISTransactionID
    let record: Int
    /// When false, errors never quote field values (execution notices carry credentials).
    let quoteValues: Bool

    var count: Int { starts.count - 1 }

    @inline(__always)
    func span(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        // starts[index] ≤ starts[index + 1] - 1 ≤ bytes.count by construction (cuts after '^').
        let start = starts[index]
        return UnsafeBufferPointer(start: bytes.baseAddress.map { $0 + start }, count: starts[index + 1] - 1 - start)
    }

    func raw(_ index: Int) -> Substring { Substring(String(decoding: span(index), as: UTF8.self)) }

    func error(_ index: Int, _ name: String, _ what: String) -> KISDecodingError {
        let value = quoteValues ? " \"\(raw(index).prefix(24))\"" : ""
        return KISDecodingError(transactionID: transactionID, record: record, field: name, detail: "not \(what)\(value)")
    }

    static let null = Array("(null)".utf8)

    /// Text with KIS's `(null)` and empty values read as nil.
    func text(_ index: Int) -> String? {
        let s = span(index)
        if s.isEmpty || s.elementsEqual(Self.null) { return nil }
        return String(decoding: s, as: UTF8.self)
    }

    /// The field's only byte, nil when the field is not exactly one byte long.
    @inline(__always)
    func single(_ index: Int) -> UInt8? {
        guard index < count, starts[index + 1] - 1 - starts[index] == 1 else { return nil }
        return bytes[starts[index]]
    }

    /// A code as a (small, allocation-free) string; empty when absent.
    func code(_ index: Int) -> String { String(decoding: span(index), as: UTF8.self) }

    /// A whole number; an empty field reads as 0. Accepts a sign and a zero fraction (`71000.00`).
    @inline(__always)
    func integer(_ index: Int, _ name: String) throws(KISDecodingError) -> Int {
        guard let value = Self.parseInteger(span(index)) else { throw error(index, name, "an integer") }
        return value
    }

    /// A decimal number; an empty field reads as 0.
    @inline(__always)
    func decimal(_ index: Int, _ name: String) throws(KISDecodingError) -> Double {
        let s = span(index)
        if s.isEmpty { return 0 }
        if let fast = Self.parseDecimal(s) { return fast }
        guard let number = Double(String(decoding: s, as: UTF8.self)), number.isFinite else { throw error(index, name, "a number") }
        return number
    }

    /// `HHMMSS` in KST; an empty field reads as nil.
    func timeOfDay(_ index: Int, _ name: String) throws(KISDecodingError) -> KSTTimeOfDay? {
        let s = span(index)
        if s.isEmpty { return nil }
        guard let time = Self.digits(s, 6).flatMap({ KSTTimeOfDay(hour: $0 / 10_000, minute: $0 / 100 % 100, second: $0 % 100) }) else {
            throw error(index, name, "a time HHMMSS")
        }
        return time
    }

    /// A required `HHMMSS`.
    func requiredTimeOfDay(_ index: Int, _ name: String) throws(KISDecodingError) -> KSTTimeOfDay {
        guard let time = try timeOfDay(index, name) else { throw error(index, name, "a time HHMMSS") }
        return time
    }

    /// `YYYYMMDD`; an empty field reads as nil.
    func date(_ index: Int, _ name: String) throws(KISDecodingError) -> TradingDate? {
        let s = span(index)
        if s.isEmpty { return nil }
        guard let n = Self.digits(s, 8), let date = TradingDate(year: n / 10_000, month: n / 100 % 100, day: n % 100) else {
            throw error(index, name, "a date YYYYMMDD")
        }
        return date
    }

    /// `Y`/`N` (also `1`/`0`); an empty field or `(null)` reads as false.
    func flag(_ index: Int, _ name: String) throws(KISDecodingError) -> Bool {
        let s = span(index)
        if s.isEmpty || s.elementsEqual(Self.null) { return false }
        if s.count == 1 {
            switch s[0] {
            case UInt8(ascii: "Y"), UInt8(ascii: "y"), UInt8(ascii: "1"): return true
            case UInt8(ascii: "N"), UInt8(ascii: "n"), UInt8(ascii: "0"): return false
            default: break
            }
        }
        throw error(index, name, "Y or N")
    }

    /// The fields past the documented layout, kept so that appended fields are not lost.
    func extra(from index: Int) -> [String] {
        guard index < count else { return [] }
        return (index..<count).map { String(decoding: span($0), as: UTF8.self) }
    }

    /// Exactly `n` ASCII digits as a number.
    static func digits(_ s: UnsafeBufferPointer<UInt8>, _ n: Int) -> Int? {
        guard s.count == n else { return nil }
        var value = 0
        for byte in s {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte &- 48)
        }
        return value
    }

    static func parseInteger(_ value: Substring) -> Int? {
        var copy = value
        return copy.withUTF8 { parseInteger($0) }
    }

    static func parseDecimal(_ value: Substring) -> Double? {
        var copy = value
        return copy.withUTF8 { parseDecimal($0) }
    }

    /// `[+-]digits`, or with a zero fraction; empty reads as 0.
    static func parseInteger(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        if s.isEmpty { return 0 }
        var result = 0
        var digits = 0
        var negative = false
        var index = 0
        if s[0] == UInt8(ascii: "-") || s[0] == UInt8(ascii: "+") {
            negative = s[0] == UInt8(ascii: "-")
            index = 1
        }
        while index < s.count {
            let byte = s[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard digits < 18 else { return nil }
                result = result * 10 + Int(byte &- 48)
                digits += 1
            } else if byte == UInt8(ascii: ".") && digits > 0 {
                // A fraction is accepted only when it is all zeros.
                for rest in s[(index + 1)...] where rest != UInt8(ascii: "0") { return nil }
                break
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -result : result
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// `[+-]digits[.digits]` with at most 15 significant digits, parsed exactly: the digits as
    /// an integer divided once by a power of ten (both exact in a Double, so the quotient is
    /// the correctly rounded value, the same as `Double(String)`). nil for anything else.
    static func parseDecimal(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa = 0
        var digits = 0
        var fractionDigits = 0
        var seenDot = false
        var negative = false
        for (i, byte) in s.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa * 10 + Int(byte &- 48)
                digits += 1
                if seenDot { fractionDigits += 1 }
                if digits > 15 { return nil }
            case UInt8(ascii: "."):
                if seenDot { return nil }
                seenDot = true
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "+") where i == 0: break
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }
}
