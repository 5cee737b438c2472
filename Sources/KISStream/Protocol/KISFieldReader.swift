import QuantCore

/// Reads typed values from one record's fields by 0-based index (internal helper).
struct KISFieldReader {
    let fields: ArraySlice<Substring>
    let transactionID: KISTransactionID
    let record: Int
    /// When false, errors never quote field values (execution notices carry credentials).
    let quoteValues: Bool

    var count: Int { fields.count }

    func raw(_ index: Int) -> Substring {
        let i = fields.startIndex + index
        return i < fields.endIndex ? fields[i] : ""
    }

    func error(_ index: Int, _ name: String, _ what: String) -> KISDecodingError {
        let value = quoteValues ? " \"\(raw(index).prefix(24))\"" : ""
        return KISDecodingError(transactionID: transactionID, record: record, field: name, detail: "not \(what)\(value)")
    }

    /// Text with KIS's `(null)` and empty values read as nil.
    func text(_ index: Int) -> String? {
        let value = raw(index)
        return value.isEmpty || value == "(null)" ? nil : String(value)
    }

    /// A whole number; an empty field reads as 0. Accepts a sign and a zero fraction (`71000.00`).
    func integer(_ index: Int, _ name: String) throws(KISDecodingError) -> Int {
        guard let value = Self.parseInteger(raw(index)) else { throw error(index, name, "an integer") }
        return value
    }

    /// A decimal number; an empty field reads as 0.
    func decimal(_ index: Int, _ name: String) throws(KISDecodingError) -> Double {
        let value = raw(index)
        if value.isEmpty { return 0 }
        if let fast = Self.parseDecimal(value) { return fast }
        guard let number = Double(value), number.isFinite else { throw error(index, name, "a number") }
        return number
    }

    /// `[+-]digits[.digits]` with at most 15 significant digits, parsed exactly: the digits as
    /// an integer divided once by a power of ten (both exact in a Double, so the quotient is
    /// the correctly rounded value, the same as `Double(String)`). nil for anything else.
    static func parseDecimal(_ value: Substring) -> Double? {
        var mantissa = 0
        var digits = 0
        var fractionDigits = 0
        var seenDot = false
        var negative = false
        var first = true
        for byte in value.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa * 10 + Int(byte &- 48)
                digits += 1
                if seenDot { fractionDigits += 1 }
                if digits > 15 { return nil }
            case UInt8(ascii: "."):
                if seenDot { return nil }
                seenDot = true
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "+") where first: break
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        let scale = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15][fractionDigits]
        let magnitude = Double(mantissa) / scale
        return negative ? -magnitude : magnitude
    }

    /// `HHMMSS` in KST; an empty field reads as nil.
    func timeOfDay(_ index: Int, _ name: String) throws(KISDecodingError) -> KSTTimeOfDay? {
        let value = raw(index)
        if value.isEmpty { return nil }
        guard let time = KSTTimeOfDay(hhmmss: value) else { throw error(index, name, "a time HHMMSS") }
        return time
    }

    /// A required `HHMMSS`.
    func requiredTimeOfDay(_ index: Int, _ name: String) throws(KISDecodingError) -> KSTTimeOfDay {
        guard let time = try timeOfDay(index, name) else { throw error(index, name, "a time HHMMSS") }
        return time
    }

    /// `YYYYMMDD`; an empty field reads as nil.
    func date(_ index: Int, _ name: String) throws(KISDecodingError) -> TradingDate? {
        let value = raw(index)
        if value.isEmpty { return nil }
        let digits = value.utf8
        guard digits.count == 8, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let y = Int(value.prefix(4)), let m = Int(value.dropFirst(4).prefix(2)), let d = Int(value.suffix(2)),
            let date = TradingDate(year: y, month: m, day: d)
        else { throw error(index, name, "a date YYYYMMDD") }
        return date
    }

    /// `Y`/`N` (also `1`/`0`); an empty field reads as false.
    func flag(_ index: Int, _ name: String) throws(KISDecodingError) -> Bool {
        switch raw(index) {
        case "Y", "y", "1": return true
        case "N", "n", "0", "", "(null)": return false
        default: throw error(index, name, "Y or N")
        }
    }

    /// The fields past the documented layout, kept so that appended fields are not lost.
    func extra(from index: Int) -> [String] {
        guard index < fields.count else { return [] }
        return fields[(fields.startIndex + index)...].map(String.init)
    }

    static func parseInteger(_ value: Substring) -> Int? {
        if value.isEmpty { return 0 }
        // Fast path: [-]digits, up to 18 digits.
        var result = 0
        var negative = false
        var count = 0
        var plain = true
        for byte in value.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && count < 18 {
                result = result * 10 + Int(byte &- 48)
                count += 1
            } else if byte == UInt8(ascii: "-") && count == 0 && !negative {
                negative = true
            } else {
                plain = false
                break
            }
        }
        if plain && count > 0 { return negative ? -result : result }
        var body = value
        if body.first == "+" { body = body.dropFirst() }
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            guard fraction.allSatisfy({ $0 == "0" }) else { return nil }
            body = body[..<dot]
        }
        return Int(body)
    }
}
