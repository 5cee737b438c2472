/// A JSON value as plotly.js reads it: numbers (non-finite become `null`), strings, arrays, objects.
///
/// Figures are built from typed traces and layouts; this enum is the escape hatch for plotly
/// attributes the typed API does not model (``PlotlyTrace/extra``, ``PlotlyLayout/extra``).
public enum PlotlyValue: Sendable, Hashable, Encodable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// A number; NaN and infinities are written as `null` (a gap in plotly).
    case number(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case bool(Bool)
    /// An array.
    case array([PlotlyValue])
    /// An object with keys in the given order.
    case object([(String, PlotlyValue)])
    /// `null`.
    case null

    /// A number literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array literal.
    public init(arrayLiteral elements: PlotlyValue...) { self = .array(elements) }
    /// A dictionary literal (keys keep their order).
    public init(dictionaryLiteral elements: (String, PlotlyValue)...) { self = .object(elements) }

    /// Encodes as JSON.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .number(x):
            var c = encoder.singleValueContainer()
            if x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case let .string(s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case let .bool(b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case let .array(values):
            var c = encoder.unkeyedContainer()
            for v in values { try c.encode(v) }
        case let .object(pairs):
            var c = encoder.container(keyedBy: DynamicKey.self)
            for (k, v) in pairs { try c.encode(v, forKey: DynamicKey(k)) }
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        }
    }

    /// Equality by structure.
    public static func == (lhs: PlotlyValue, rhs: PlotlyValue) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.null, .null): return true
        default: return false
        }
    }

    /// Hashes by structure.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .number(x): hasher.combine(0); hasher.combine(x.isNaN ? .nan : x)
        case let .string(s): hasher.combine(1); hasher.combine(s)
        case let .bool(b): hasher.combine(2); hasher.combine(b)
        case let .array(a): hasher.combine(3); hasher.combine(a)
        case let .object(o): hasher.combine(4); for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        case .null: hasher.combine(5)
        }
    }
}

/// A coding key made from any string.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Numbers for plotly: non-finite values become `null`.
struct PlotlyNumbers: Encodable, Sendable, Hashable {
    var values: [Double]
    func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        for x in values { if x.isFinite { try c.encode(x) } else { try c.encodeNil() } }
    }
}
