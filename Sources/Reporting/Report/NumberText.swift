import Foundation

/// Number formatting for reports, independent of the machine's locale.
enum NumberText {
    /// `0.1234` → `"12.34%"`; `nil` or non-finite → `"–"`.
    static func percent(_ x: Double?, digits: Int = 2) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f%%", x * 100)
    }

    /// A plain decimal with fixed digits; `nil` or non-finite → `"–"`.
    static func decimal(_ x: Double?, digits: Int = 2) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }

    /// Won with thousands separators, no decimals: `1234567` → `"₩1,234,567"`.
    static func won(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return "₩" + grouped(Int(x.rounded()))
    }

    /// An integer with thousands separators.
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// CSS class for a signed number: `pos`, `neg` or empty.
    static func signClass(_ x: Double?) -> String {
        guard let x, x.isFinite, x != 0 else { return "" }
        return x > 0 ? "pos" : "neg"
    }
}
