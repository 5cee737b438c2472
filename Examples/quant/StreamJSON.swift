import Foundation
import KISStream
import QuantCore

/// One JSON object per line, keys in a fixed order (for `quant kis-simulator`; `quant stream`
/// prints KISStream's `KISStreamEvent.jsonLine`).
struct StreamJSONLine {
    private var parts: [String] = []

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    mutating func add(_ key: String, _ value: String?) { parts.append("\(Self.quote(key)):\(value.map(Self.quote) ?? "null")") }
    mutating func add(_ key: String, _ value: Int) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Double) { parts.append("\(Self.quote(key)):\(value.isFinite ? "\(value)" : "null")") }
    mutating func add(_ key: String, _ value: Bool) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func addRaw(_ key: String, _ json: String) { parts.append("\(Self.quote(key)):\(json)") }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func emit(_ line: StreamJSONLine) { emit(line.text) }

    static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
