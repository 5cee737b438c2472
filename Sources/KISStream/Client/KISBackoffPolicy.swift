import Foundation

/// Exponential backoff with jitter and a cap, for reconnects.
///
/// Attempt `n` (1-based) waits `min(cap, initial × multiplier^(n-1))`, reduced by a random
/// fraction up to ``jitter`` so that clients do not reconnect in lockstep. KIS blocks app keys
/// or IPs that reconnect in a hot loop; the defaults follow its guidance (1 s → 60 s).
public struct KISBackoffPolicy: Sendable, Hashable {
    /// The first delay.
    public var initial: Duration
    /// The growth factor per attempt, at least 1.
    public var multiplier: Double
    /// The longest delay.
    public var cap: Duration
    /// The largest random reduction, as a fraction of the delay (`0...1`).
    public var jitter: Double

    /// Creates a policy; the defaults are 1 s doubling to 60 s with 20 % jitter.
    public init(initial: Duration = .seconds(1), multiplier: Double = 2, cap: Duration = .seconds(60), jitter: Double = 0.2) {
        self.initial = initial
        self.multiplier = max(1, multiplier)
        self.cap = cap
        self.jitter = min(1, max(0, jitter))
    }

    /// The delay before attempt `attempt` (1-based).
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(Self.seconds(cap), Self.seconds(initial) * pow(multiplier, exponent))
        let reduced = base * (1 - Double.random(in: 0...jitter, using: &generator))
        return .milliseconds(Int64((reduced * 1000).rounded()))
    }

    /// The delay before attempt `attempt`, with the system generator.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
