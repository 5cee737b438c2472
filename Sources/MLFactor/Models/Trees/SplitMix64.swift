/// The SplitMix64 generator (Steele, Lea & Flood, 2014): a tiny, fast, seedable source of
/// random bits whose sequence depends only on its seed, so that model fits are reproducible
/// on every platform and thread count.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; distinct `stream`s from one seed give independent sequences.
    ///
    /// The stream is hashed before it is combined with the seed: SplitMix64 walks its state in
    /// steps of one constant, so states that differ by a multiple of that constant (a naive
    /// `seed ^ stream·γ`) would replay one sequence shifted by a few draws.
    init(seed: UInt64, stream: UInt64 = 0) {
        state = Self.mix(seed ^ Self.mix(stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8BB8_4B93_962E_ACC9))
    }

    /// The SplitMix64 output function (a bijective 64-bit mixer).
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; bias below 2⁻³² for our sizes).
    mutating func below(_ bound: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: next() >> 32) &* UInt64(bound)) >> 32)
    }
}
