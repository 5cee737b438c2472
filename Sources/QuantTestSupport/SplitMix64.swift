/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator, so that randomised
/// tests draw the same problems on every machine and every run.
///
/// ```swift
/// var rng = SplitMix64(seed: 7)
/// let x = Double.random(in: -1...1, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; each call advances it by the golden-ratio increment.
    public var state: UInt64

    /// Creates a generator from a seed (any value, zero included).
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in `[0, 1)` from the top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
