import Foundation
import QuantCore

/// One JSON object of a KIS response, every value kept as text (KIS sends numbers as strings
/// of digits; a few endpoints send real numbers or null). Unknown fields are ignored (internal).
struct KISResponseFields: Decodable, Sendable {
    var values: [String: String]
    var endpoint = ""

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(values: [String: String]) { self.values = values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: String] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = text
            } else if let integer = try? container.decode(Int.self, forKey: key) {
                values[key.stringValue] = String(integer)
            } else if let number = try? container.decode(Double.self, forKey: key) {
                values[key.stringValue] = String(number)
            } else if let flag = try? container.decode(Bool.self, forKey: key) {
                values[key.stringValue] = flag ? "true" : "false"
            }
        }
        self.values = values
    }

    /// The trimmed text of a field, nil when absent or empty. Field names are matched
    /// case-insensitively (order endpoints answer in upper case, inquiries in lower case).
    func text(_ name: String) -> String? {
        let raw = values[name] ?? values[name.uppercased()] ?? values[name.lowercased()]
        guard let trimmed = raw?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    func required(_ name: String) throws(KISRESTError) -> String {
        guard let value = text(name) else { throw malformed(name, "is missing") }
        return value
    }

    /// An integer amount or count; KIS may send `"71000"`, `"-500"` or `"71000.0000"`.
    func integer(_ name: String) throws(KISRESTError) -> Int {
        let value = try required(name)
        if let exact = Int(value) { return exact }
        if let real = Double(value), real.isFinite, abs(real) < 9e15, real == real.rounded() { return Int(real) }
        throw malformed(name, "is not a whole number")
    }

    /// An integer, or `fallback` when the field is absent or empty.
    func integer(_ name: String, default fallback: Int) throws(KISRESTError) -> Int {
        text(name) == nil ? fallback : try integer(name)
    }

    func decimal(_ name: String) throws(KISRESTError) -> Double {
        let value = try required(name)
        guard let real = Double(value), real.isFinite else { throw malformed(name, "is not a number") }
        return real
    }

    func decimal(_ name: String, default fallback: Double) throws(KISRESTError) -> Double {
        text(name) == nil ? fallback : try decimal(name)
    }

    /// A `yyyyMMdd` date.
    func date(_ name: String) throws(KISRESTError) -> TradingDate {
        let value = try required(name)
        guard let date = Self.parseDate(value) else { throw malformed(name, "is not a yyyyMMdd date") }
        return date
    }

    /// An `HHmmss` time as seconds since midnight KST, nil when absent.
    func secondsOfDay(_ name: String) throws(KISRESTError) -> Int? {
        guard let value = text(name) else { return nil }
        guard let seconds = Self.parseTime(value) else { throw malformed(name, "is not an HHmmss time") }
        return seconds
    }

    func malformed(_ name: String, _ problem: String) -> KISRESTError {
        KISRESTError(reason: .malformedResponse, endpoint: endpoint, detail: "field \(name) \(problem)")
    }

    static func parseDate(_ text: String) -> TradingDate? {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        return TradingDate(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    static func parseTime(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        guard digits.count == 6, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func two(_ i: Int) -> Int { Int(digits[i] - 48) * 10 + Int(digits[i + 1] - 48) }
        let (h, m, s) = (two(0), two(2), two(4))
        guard h < 24, m < 60, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }
}

/// The common envelope of KIS REST answers (internal).
struct KISResponseEnvelope: Decodable, Sendable {
    /// `output`, `output1` or `output2`: an object or an array of objects.
    enum Payload: Decodable, Sendable {
        case object(KISResponseFields)
        case array([KISResponseFields])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let many = try? container.decode([KISResponseFields].self) {
                self = .array(many)
            } else {
                self = .object(try container.decode(KISResponseFields.self))
            }
        }

        var records: [KISResponseFields] {
            switch self {
            case .object(let one): [one]
            case .array(let many): many
            }
        }
    }

    let rt_cd: String?
    let msg_cd: String?
    let msg1: String?
    let output: Payload?
    let output1: Payload?
    let output2: Payload?
    let ctx_area_fk100: String?
    let ctx_area_nk100: String?
    // Error answers of the OAuth endpoints.
    let error_code: String?
    let error_description: String?

    /// `msg_cd`, or the OAuth endpoints' `error_code`.
    var code: String? { msg_cd ?? error_code }
    /// `msg1` or `error_description`, trimmed.
    var message: String { (msg1 ?? error_description ?? "").trimmingCharacters(in: .whitespaces) }

    func records(_ payload: Payload?, endpoint: String) -> [KISResponseFields] {
        (payload?.records ?? []).map {
            var fields = $0
            fields.endpoint = endpoint
            return fields
        }
    }
}

/// KIS's `yyyyMMdd` and `HHmmss` in KST as instants (internal).
enum KISClock {
    static let kstOffset = 9 * 3600

    /// The instant of `secondsOfDay` KST on `date`.
    static func instant(_ date: TradingDate, secondsOfDay: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400 + secondsOfDay - kstOffset))
    }

    /// Today's date in KST.
    static func today(_ now: Date = Date()) -> TradingDate {
        TradingDate(daysSinceEpoch: Int(((now.timeIntervalSince1970 + Double(kstOffset)) / 86_400).rounded(.down)))
    }

    static func compact(_ date: TradingDate) -> String { date.compactDescription }
}
