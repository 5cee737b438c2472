#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level readers for the scalar cells of QuantKit's CSV formats.
enum CSVScalars {
    /// The result of reading a numeric cell.
    enum Number {
        /// The cell is empty (or spaces only).
        case empty
        /// A finite number.
        case value(Double)
        /// Not a decimal number, or out of `Double`'s range.
        case invalid
    }

    /// Exact powers of ten representable in a `Double`.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Reads a decimal number `[+-]digits[.digits][(e|E)[+-]digits]` (either digit run may be
    /// empty but not both) from `count` bytes at `p`, which must be followed by a NUL byte.
    /// Surrounding spaces and tabs are ignored. Correctly rounded: Clinger's exact fast path when
    /// the significand fits in 53 bits and the power of ten is at most 22, `strtod` otherwise
    /// (with a C-locale fallback should the process locale use a decimal comma).
    ///
    /// - Complexity: O(count).
    @inline(__always)
    static func number(_ base: UnsafePointer<UInt8>, count: Int) -> Number {
        var lo = 0, hi = count
        while lo < hi && (base[lo] == 32 || base[lo] == 9) { lo += 1 }
        while hi > lo && (base[hi - 1] == 32 || base[hi - 1] == 9) { hi -= 1 }
        if lo == hi { return .empty }
        var k = lo
        var negative = false
        if base[k] == 43 || base[k] == 45 { negative = base[k] == 45; k += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, exponent = 0, digits = 0
        var exact = true
        while k < hi, base[k] &- 48 < 10 {
            let d = UInt64(base[k] &- 48)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { exact = false }
            }
            digits += 1; k += 1
        }
        if k < hi && base[k] == 46 {
            k += 1
            while k < hi, base[k] &- 48 < 10 {
                let d = UInt64(base[k] &- 48)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    exact = false
                }
                digits += 1; k += 1
            }
        }
        guard digits > 0 else { return .invalid }
        if k < hi && (base[k] == 101 || base[k] == 69) {
            k += 1
            var expNegative = false
            if k < hi && (base[k] == 43 || base[k] == 45) { expNegative = base[k] == 45; k += 1 }
            var e = 0, expDigits = 0
            while k < hi, base[k] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(base[k] &- 48) }
                expDigits += 1; k += 1
            }
            guard expDigits > 0 else { return .invalid }
            exponent += expNegative ? -e : e
        }
        guard k == hi else { return .invalid }
        if exact && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent >= 0 ? v * powersOfTen[exponent] : v / powersOfTen[-exponent]
            return .value(negative ? -v : v)
        }
        // strtod stops at the first space or the NUL after the field; the grammar is checked above.
        // If it stops elsewhere (a process locale with a decimal comma), use the C-locale parser.
        let start = UnsafeRawPointer(base + lo).assumingMemoryBound(to: CChar.self)
        var end: UnsafeMutablePointer<CChar>?
        var v = strtod(start, &end)
        if end.map({ UnsafeRawPointer($0) }) != UnsafeRawPointer(base + hi) {
            v = Double(String(decoding: UnsafeBufferPointer(start: base + lo, count: hi - lo), as: UTF8.self)) ?? .nan
        }
        return v.isFinite ? .value(v) : .invalid
    }

    /// Reads a `YYYY-MM-DD` date, ignoring surrounding spaces and tabs.
    static func date(_ base: UnsafePointer<UInt8>, count: Int) -> TradingDate? {
        var lo = 0, hi = count
        while lo < hi && (base[lo] == 32 || base[lo] == 9) { lo += 1 }
        while hi > lo && (base[hi - 1] == 32 || base[hi - 1] == 9) { hi -= 1 }
        guard hi - lo == 10, base[lo + 4] == 45, base[lo + 7] == 45 else { return nil }
        func digits(_ from: Int, _ length: Int) -> Int? {
            var v = 0
            for k in from..<(from + length) {
                let d = base[lo + k] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
        return TradingDate(year: y, month: m, day: d)
    }

    /// Reads a `YYYY-MM-DD` date from a string.
    static func date(_ text: String) -> TradingDate? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { date($0.baseAddress!, count: $0.count - 1) }
    }

    /// Reads a decimal number from a string.
    static func number(_ text: String) -> Number {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { number($0.baseAddress!, count: $0.count - 1) }
    }
}
