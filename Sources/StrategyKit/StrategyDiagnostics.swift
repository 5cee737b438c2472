/// Named values a strategy reports with its decision (scores, solver status, reasons).
///
/// Entries keep their insertion order; setting an existing key replaces its value in place.
///
/// ```swift
/// var diagnostics = StrategyDiagnostics()
/// diagnostics["selected"] = .number(20)
/// diagnostics["weighting"] = .text("risk parity (Newton, 7 iterations)")
/// ```
public struct StrategyDiagnostics: Sendable, Hashable, Codable {
    /// One diagnostic value.
    public enum Value: Sendable, Hashable, Codable, CustomStringConvertible {
        /// A number.
        case number(Double)
        /// A piece of text.
        case text(String)
        /// A yes/no flag.
        case flag(Bool)
        /// The value as text.
        public var description: String {
            switch self {
            case let .number(x): return "\(x)"
            case let .text(s): return s
            case let .flag(b): return b ? "true" : "false"
            }
        }
    }

    /// The entries in insertion order.
    public private(set) var entries: [(key: String, value: Value)] = []

    /// An empty set of diagnostics.
    public init() {}

    /// The value for `key`, or `nil`; setting `nil` removes the entry.
    public subscript(key: String) -> Value? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let k = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[k].value = newValue } else { entries.remove(at: k) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Adds every entry of `other`, prefixing keys with `prefix` (e.g. `"weighting."`).
    public mutating func merge(_ other: StrategyDiagnostics, prefix: String = "") {
        for (key, value) in other.entries { self[prefix + key] = value }
    }

    /// Compares entries in order.
    public static func == (lhs: StrategyDiagnostics, rhs: StrategyDiagnostics) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes entries in order.
    public func hash(into hasher: inout Hasher) {
        for (k, v) in entries { hasher.combine(k); hasher.combine(v) }
    }

    private struct Entry: Codable { var key: String; var value: Value }

    /// Decodes from an array of `{key, value}` objects.
    public init(from decoder: any Decoder) throws {
        entries = try [Entry](from: decoder).map { ($0.key, $0.value) }
    }

    /// Encodes as an array of `{key, value}` objects (keeps order).
    public func encode(to encoder: any Encoder) throws {
        try entries.map { Entry(key: $0.key, value: $0.value) }.encode(to: encoder)
    }
}
