import Foundation

/// How fast the weights of an exponentially weighted estimator decay, in observations (trading days).
///
/// Each form maps to the smoothing factor `alpha` exactly as pandas `DataFrame.ewm` does:
/// `halfLife h → alpha = 1 - exp(-ln 2 / h)`, `span s → alpha = 2 / (s + 1)`,
/// `centerOfMass c → alpha = 1 / (1 + c)`. The weight of the observation `k` periods before the
/// last is `(1 - alpha)^k`.
///
/// ```swift
/// let decay = ExponentialDecay.halfLife(63)   // a quarter of trading days
/// decay.alpha                                 // ≈ 0.0109
/// ```
public enum ExponentialDecay: Sendable, Hashable {
    /// The number of observations after which a weight halves (`> 0`).
    case halfLife(Double)
    /// pandas' span (`>= 1`).
    case span(Double)
    /// pandas' center of mass (`>= 0`).
    case centerOfMass(Double)
    /// The smoothing factor itself (`0 < alpha <= 1`).
    case alpha(Double)

    /// The smoothing factor `alpha`, computed through the center of mass as pandas does.
    public var alpha: Double { 1 / (1 + equivalentCenterOfMass) }

    /// The equivalent center of mass `1/alpha - 1`, the parameter pandas converts every form to.
    public var equivalentCenterOfMass: Double {
        switch self {
        case .halfLife(let h): return 1 / (1 - exp(log(0.5) / h)) - 1
        case .span(let s): return (s - 1) / 2
        case .centerOfMass(let c): return c
        case .alpha(let a): return 1 / a - 1
        }
    }

    /// Whether the parameter is in its valid range.
    public var isValid: Bool {
        switch self {
        case .halfLife(let h): return h > 0 && h.isFinite
        case .span(let s): return s >= 1 && s.isFinite
        case .centerOfMass(let c): return c >= 0 && c.isFinite
        case .alpha(let a): return a > 0 && a <= 1
        }
    }

    /// The weights `(1 - alpha)^(T-1-t)` of `count` observations, the last one weighing 1.
    func weights(count: Int) -> [Double] {
        let factor = 1 - alpha
        var w = [Double](repeating: 1, count: count)
        var current = 1.0
        var t = count - 1
        while t >= 0 {
            w[t] = current
            current *= factor
            t -= 1
        }
        return w
    }
}
