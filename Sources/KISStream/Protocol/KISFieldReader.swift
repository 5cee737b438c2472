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
        guard let number = Double(value), number.isFinite else { throw error(index, name, "a number") }
        return number
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
        if let plain = Int(value) { return plain }
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
