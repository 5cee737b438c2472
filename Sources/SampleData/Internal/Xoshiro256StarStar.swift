/// SplitMix64 (Steele, Lea & Flood 2014), used to expand a 64-bit seed into generator state
/// and to hash small integers (such as a year) into reproducible pseudo-random numbers.
struct SplitMix64: Sendable {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018), seeded through SplitMix64 as its authors advise.
///
/// The generator, its uniform and its normal and Student-t samplers use only integer
/// operations and correctly rounded IEEE arithmetic (`+ - * /`, `squareRoot`) plus
/// ``DeterministicMath``, so a seed gives the same stream on every platform and Swift
/// version — unlike `SystemRandomNumberGenerator` or the standard library's `random(in:)`,
/// whose algorithms are not specified.
struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second normal of the last polar pair, if not yet used.
    private var spareNormal: Double?

    init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
    }

    mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in `[0, 1)` with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform double in `[a, b)`.
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// A uniform integer in `range` (Lemire's multiply-shift with rejection, so unbiased).
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) }
        var product = next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(product.high)
    }

    /// Whether an event of probability `p` happens.
    mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal draw by Marsaglia's polar method.
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            let scale = (-2 * DeterministicMath.log(s) / s).squareRoot()
            spareNormal = v * scale
            return u * scale
        }
    }

    /// A Student-t draw with 5 degrees of freedom scaled to unit variance (fat tails: excess
    /// kurtosis 6), as `Z / sqrt(χ²₅ / 5) * sqrt(3 / 5)` with `χ²₅ = -2 log(U₁U₂) + N²`
    /// (a χ²₄ is twice a sum of two unit exponentials).
    mutating func studentT5() -> Double {
        let z = normal(), x = normal()
        var u = 0.0
        repeat { u = uniform() * uniform() } while u == 0
        let chi2 = -2 * DeterministicMath.log(u) + x * x
        return z / (chi2 / 5).squareRoot() * 0.774_596_669_241_483_4   // sqrt(3/5)
    }
}
