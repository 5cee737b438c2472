/// `log` and `exp` built from correctly rounded IEEE operations only, so that generated data
/// is bit-for-bit identical across platforms (libm's `log` and `exp` may differ in the last
/// bit between glibc and Apple's libm). Accurate to a few ulps, which is all the generator needs.
enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_4
    private static let ln2Hi = 6.931_471_803_691_238_164_90e-01   // ln 2 high part (fdlibm)
    private static let ln2Lo = 1.908_214_929_270_587_700_02e-10   // ln 2 low part (fdlibm)

    /// Natural logarithm of a positive finite `x` (NaN for `x <= 0` or NaN, `+inf` for `+inf`).
    static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var x = x, e = 0
        if x < 0x1p-1022 {   // subnormal: scale into the normal range
            x *= 0x1p54
            e = -54
        }
        let bits = x.bitPattern
        e += Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)   // [1, 2)
        if m > 1.414_213_562_373_095_1 {
            m *= 0.5
            e += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: odd series to s^23
        // (the next term is below 2e-18 relative).
        let s = (m - 1) / (m + 1), s2 = s * s
        var series = 1.0 / 23
        series = 1.0 / 21 + s2 * series
        series = 1.0 / 19 + s2 * series
        series = 1.0 / 17 + s2 * series
        series = 1.0 / 15 + s2 * series
        series = 1.0 / 13 + s2 * series
        series = 1.0 / 11 + s2 * series
        series = 1.0 / 9 + s2 * series
        series = 1.0 / 7 + s2 * series
        series = 1.0 / 5 + s2 * series
        series = 1.0 / 3 + s2 * series
        series = 1 + s2 * series
        let logM = 2 * s * series
        let fe = Double(e)
        return fe * ln2Hi + (fe * ln2Lo + logM)
    }

    /// `e^x` (`+inf` above about 709.78, 0 below about -745).
    static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709.782_712_893_384 { return .infinity }
        if x < -745.133_219_101_941_1 { return 0 }
        let k = (x / ln2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo            // |r| <= 0.35
        // Taylor series to r^14 / 14! by Horner's rule (the next term is below 4e-18).
        var p = 1 + r * (1.0 / 14)
        p = 1 + r * p * (1.0 / 13)
        p = 1 + r * p * (1.0 / 12)
        p = 1 + r * p * (1.0 / 11)
        p = 1 + r * p * (1.0 / 10)
        p = 1 + r * p * (1.0 / 9)
        p = 1 + r * p * (1.0 / 8)
        p = 1 + r * p * (1.0 / 7)
        p = 1 + r * p * (1.0 / 6)
        p = 1 + r * p * (1.0 / 5)
        p = 1 + r * p * (1.0 / 4)
        p = 1 + r * p * (1.0 / 3)
        p = 1 + r * p * 0.5
        p = 1 + r * p
        let ki = Int(k)
        // Scale by 2^k in two steps so that neither factor under- or overflows on its own.
        let half = ki / 2
        return p * Double(sign: .plus, exponent: half, significand: 1) * Double(sign: .plus, exponent: ki - half, significand: 1)
    }
}
