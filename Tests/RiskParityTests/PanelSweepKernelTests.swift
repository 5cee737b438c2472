import CLinearAlgebra
import QuantTestSupport
import Testing

/// The upper-triangle sweep (`qk_ccd_panel_sweep`, CLinearAlgebra) against the whole-column
/// sweep it replaces from 256 assets: the same moves up to rounding, for every instruction set
/// this CPU runs, at sizes that reach its eight-lane and four-lane loops and its scalar tail.
@Suite("Upper-triangle sweep kernel")
struct PanelSweepKernelTests {
    /// A random factor covariance (three factors, positive loadings as for equities, unequal
    /// variances), n x n column-major, exactly symmetric. (With loadings of either sign the first
    /// Newton moves are so sensitive that perturbing the whole-column sweep's own product by two
    /// ulps moves its third iterate by 6e-12: the solver-level tests cover those problems.)
    static func covariance(_ n: Int, seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        let loadings = (0..<(3 * n)).map { _ in Double.random(in: 0.1...1.0, using: &random) }
        let specific = (0..<n).map { _ in Double.random(in: 0.05...0.6, using: &random) }
        var s = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in 0...j {
                var c = 0.0
                for f in 0..<3 { c += loadings[3 * i + f] * loadings[3 * j + f] }
                if i == j { c += specific[i] }
                s[i + j * n] = c
                s[j + i * n] = c
            }
        }
        return s
    }

    /// One solver's state: the iterate, its running product and the sweep's scratch.
    struct State {
        var x: [Double], y: [Double], fresh: [Double], r: [Double], moves: [Double]

        /// One sweep: the upper-triangle kernel compiled for `isa`, or the whole-column one when
        /// `nil`; then, as in the solver, the move to the best point of the ray (`qk_ccd_rescale`)
        /// unless the sweep formed the fresh product (which is of the sweep's own output).
        mutating func sweep(_ s: [Double], _ diagonal: [Double], _ b: [Double], newton: Int32, formsFresh: Bool, isa: Int32?) {
            let n = b.count
            fresh.withUnsafeMutableBufferPointer { f in
                let output = formsFresh ? f.baseAddress : nil
                if let isa {
                    qk_ccd_panel_sweep_on(isa, n, s, diagonal, b, &x, &y, &r, newton, output, &moves)
                } else {
                    qk_ccd_sweep(n, s, diagonal, b, &x, &y, &r, newton, output)
                }
            }
            if !formsFresh { _ = qk_ccd_rescale(n, &x, &y, b.map { 1 / $0 }) }
        }
    }

    /// `x_i = b_i / σ_i` and `y = S x`, summed here element by element.
    static func start(_ s: [Double], _ b: [Double]) -> State {
        let n = b.count
        let x = (0..<n).map { b[$0] / s[$0 + $0 * n].squareRoot() }
        return State(x: x, y: product(s, x), fresh: [Double](repeating: 0, count: n),
                     r: [Double](repeating: 0, count: 2 * n), moves: [Double](repeating: 0, count: n))
    }

    /// `S x` by the definition, in Swift.
    static func product(_ s: [Double], _ x: [Double]) -> [Double] {
        let n = x.count
        return (0..<n).map { i in (0..<n).reduce(0.0) { $0 + s[i + $1 * n] * x[$1] } }
    }

    /// `max_i |a_i - b_i| / scale_i`.
    static func largestScaledDifference(_ a: [Double], _ b: [Double], scale: [Double]) -> Double {
        (0..<a.count).map { abs(a[$0] - b[$0]) / scale[$0] }.max() ?? 0
    }

    /// `|S| |x|`, the scale of each element of `S x` (rounding in a sum is relative to it, not to
    /// the sum, which may cancel).
    static func magnitude(_ s: [Double], _ x: [Double]) -> [Double] {
        product(s.map(abs), x.map(abs))
    }

    /// Three sweeps each way, with exact and with Newton moves, the fresh product summed in the
    /// last: iterates agree to 1e-12 of the largest coordinate, running products to 1e-12 of
    /// `|S| |x|`, and the fresh product is the product of the output within n ulps of `|S| |x|`.
    @Test(arguments: [1, 4, 5, 7, 13, 64, 67, 130, 259, 403])
    func agreesWithTheWholeColumnSweep(n: Int) {
        let s = Self.covariance(n, seed: UInt64(n) &* 104_729)
        let weights = (0..<n).map { 1 + Double($0 % 4) }
        let total = weights.reduce(0, +)
        let b = weights.map { $0 / total }
        let diagonal = (0..<n).map { s[$0 + $0 * n] }
        let best = Int(qk_best_isa())
        for isa in 0...best {
            for newton: Int32 in [0, 1] {
                var whole = Self.start(s, b), panel = Self.start(s, b)
                for sweep in 0..<3 {
                    let formsFresh = sweep == 2
                    whole.sweep(s, diagonal, b, newton: newton, formsFresh: formsFresh, isa: nil)
                    panel.sweep(s, diagonal, b, newton: newton, formsFresh: formsFresh, isa: Int32(isa))
                }
                let label = "n = \(n), instruction set \(isa), Newton \(newton)"
                let largest = [Double](repeating: whole.x.map(abs).max()!, count: n)
                let scale = Self.magnitude(s, whole.x)
                #expect(Self.largestScaledDifference(panel.x, whole.x, scale: largest) < 1e-12, "\(label)")
                #expect(Self.largestScaledDifference(panel.y, whole.y, scale: scale) < 1e-12, "\(label)")
                #expect(Self.largestScaledDifference(panel.fresh, Self.product(s, panel.x), scale: scale) < Double(n) * 2.3e-16, "\(label)")
                // The moves did something (for n = 1 the start is the solution).
                if n > 1 { #expect(Self.largestScaledDifference(panel.x, Self.start(s, b).x, scale: largest) > 1e-6, "\(label)") }
            }
        }
    }

    /// The strict lower triangle outside the 4 x 4 blocks on the diagonal is never read: NaN
    /// there changes nothing (whereas the whole-column sweep would turn every value into NaN).
    @Test(arguments: [9, 66, 301])
    func readsTheUpperTriangleOnly(n: Int) {
        let s = Self.covariance(n, seed: 31 &+ UInt64(n))
        var poisoned = s
        for j in 0..<n {
            for i in (j + 1)..<n where i / 4 != j / 4 || i >= n / 4 * 4 { poisoned[i + j * n] = .nan }
        }
        let b = [Double](repeating: 1 / Double(n), count: n)
        let diagonal = (0..<n).map { s[$0 + $0 * n] }
        var clean = Self.start(s, b), dirty = Self.start(s, b)
        for sweep in 0..<2 {
            clean.sweep(s, diagonal, b, newton: 1, formsFresh: sweep == 1, isa: qk_best_isa())
            dirty.sweep(poisoned, diagonal, b, newton: 1, formsFresh: sweep == 1, isa: qk_best_isa())
        }
        #expect(dirty.x == clean.x && dirty.y == clean.y && dirty.fresh == clean.fresh, "n = \(n)")
        #expect(dirty.x.allSatisfy { $0.isFinite && $0 > 0 })
    }
}
