import CLinearAlgebra

/// Anderson acceleration (type II, Walker & Ni 2011, doi:10.1137/10078356X) of the coordinate
/// descent sweep, seen as a fixed-point map `x ← G(x)`.
///
/// After each sweep the next iterate is the combination of the last few sweep outputs that
/// best cancels their residuals: with `f_k = (G(x_k) - x_k) / x_k` (relative, so that every asset
/// weighs alike), `γ = argmin ‖f_k - ΔF γ‖₂` over the last ``depth`` differences, and
/// `x_{k+1} = G(x_k) - ΔG γ`. The product `S x` is linear in `x`, so `S x_{k+1}` is the same
/// combination of the sweep outputs' products: no extra matrix product. A combination with an
/// entry that is not positive is discarded (the plain sweep output is taken and the history
/// cleared). Measured on the benchmark covariances: 1e-10 in 8 sweeps instead of 10 to 11 at
/// N = 20, 100 and 500.
struct AndersonMixing {
    /// Length of the vectors.
    let n: Int
    /// The most residual differences kept.
    let depth: Int
    /// Whether the products `S x` are carried along (the plain sweep needs them; the blocked
    /// sweep forms its own).
    let tracksProduct: Bool
    /// `ΔF`, `ΔG`, `ΔY` (each `depth × n`), then `f`, `f_prev`, `g_prev`, `y_prev` (each `n`), then
    /// the normal equations' matrix, right-hand side and solution (`depth²`, `depth`, `depth`).
    private var storage: [Double]
    /// How many differences are held, and the slot the next one goes to.
    private var count = 0, next = 0
    /// Whether `f_prev`, `g_prev` and `y_prev` hold the previous sweep's output.
    private var hasPrevious = false

    init(n: Int, depth: Int, tracksProduct: Bool) {
        self.n = n
        self.depth = depth
        self.tracksProduct = tracksProduct
        storage = n > 0 ? [Double](repeating: 0, count: (3 * depth + 4) * n + depth * depth + 2 * depth) : []
    }

    /// Forgets the history (after a discarded combination or a change of sweep).
    mutating func reset() {
        count = 0
        next = 0
        hasPrevious = false
    }

    /// Replaces the iterate `x` (whose sweep output is `g`) by the mixed iterate, and, when
    /// `product` is given as `(y, yg)` with `y = S x` and `yg = S g`, `y` by the mixed product.
    /// Returns `false`, with `x = g` (and `y = yg`), when there is no history yet or the
    /// combination had an entry that is not positive and finite (the history is then cleared).
    mutating func mix(x: UnsafeMutablePointer<Double>, output g: UnsafePointer<Double>,
                      product: (y: UnsafeMutablePointer<Double>, yg: UnsafePointer<Double>)? = nil) -> Bool {
        let n = self.n, depth = self.depth
        let tracksProduct = self.tracksProduct && product != nil
        let accepted = storage.withUnsafeMutableBufferPointer { buffer -> Bool in
            let base = buffer.baseAddress.unsafelyUnwrapped
            let dF = base, dG = base + depth * n, dY = base + 2 * depth * n
            let f = base + 3 * depth * n, fPrevious = f + n, gPrevious = f + 2 * n, yPrevious = f + 3 * n
            for i in 0..<n { f[i] = (g[i] - x[i]) / x[i] }
            if hasPrevious {
                let slot = next * n
                for i in 0..<n {
                    dF[slot + i] = f[i] - fPrevious[i]
                    dG[slot + i] = g[i] - gPrevious[i]
                }
                if let product, tracksProduct {
                    for i in 0..<n { dY[slot + i] = product.yg[i] - yPrevious[i] }
                }
                next = (next + 1) % depth
                count = Swift.min(count + 1, depth)
            }
            fPrevious.update(from: f, count: n)
            gPrevious.update(from: g, count: n)
            if let product, tracksProduct { yPrevious.update(from: product.yg, count: n) }
            hasPrevious = true
            guard count > 0 else { return false }
            // Normal equations (ΔFᵀΔF + εI) γ = ΔFᵀ f, at most depth × depth, by Gaussian elimination
            // (symmetric positive definite: no pivoting needed).
            let m = count
            let gram = f + 4 * n, rhs = gram + depth * depth, gamma = rhs + depth
            for a in 0..<m {
                let fa = dF + a * n
                rhs[a] = qk_dot(n, fa, f)
                for c in a..<m {
                    let v = qk_dot(n, fa, dF + c * n)
                    gram[a + c * m] = v
                    gram[c + a * m] = v
                }
            }
            var trace = 0.0
            for a in 0..<m { trace += gram[a + a * m] }
            guard trace > 0, trace.isFinite else { return false }
            for a in 0..<m { gram[a + a * m] += 1e-12 * trace }
            for p in 0..<m {
                let pivot = gram[p + p * m]
                guard pivot > 0 else { return false }
                for a in (p + 1)..<m {
                    let l = gram[a + p * m] / pivot
                    for c in p..<m { gram[a + c * m] -= l * gram[p + c * m] }
                    rhs[a] -= l * rhs[p]
                }
            }
            for a in stride(from: m - 1, through: 0, by: -1) {
                var v = rhs[a]
                for c in (a + 1)..<m { v -= gram[a + c * m] * gamma[c] }
                gamma[a] = v / gram[a + a * m]
            }
            // x = g - ΔG γ, checked before it is written; then y = yg - ΔY γ.
            f.update(from: g, count: n)
            for a in 0..<m {
                let c = gamma[a], column = dG + a * n
                for i in 0..<n { f[i] -= c * column[i] }
            }
            var positive = true
            for i in 0..<n { positive = positive && f[i] > 0 && f[i] < .infinity }
            guard positive else { return false }
            x.update(from: f, count: n)
            if let product, tracksProduct {
                let y = product.y
                y.update(from: product.yg, count: n)
                for a in 0..<m {
                    let c = gamma[a], column = dY + a * n
                    for i in 0..<n { y[i] -= c * column[i] }
                }
            }
            return true
        }
        if !accepted {
            x.update(from: g, count: n)
            if let product { product.y.update(from: product.yg, count: n) }
            if count > 0 { reset() }
        }
        return accepted
    }
}
