import CLinearAlgebra
import Foundation
import LinearAlgebra

/// Spinu's convex formulation of risk budgeting on a set of active assets, solved by Newton's
/// method or by cyclical coordinate descent.
///
/// With `S` positive semidefinite and every `b_i > 0`, `f(x) = ½ xᵀSx - Σ b_i log x_i` is strictly
/// convex on `x > 0`; its minimiser satisfies `x_i (Sx)_i = b_i`, so `w = x / Σx` gives each asset
/// the risk share `b_i`. Spinu (2013), "An algorithm for computing risk parity weights",
/// doi:10.2139/ssrn.2297383.
struct SpinuSolver {
    /// The active covariance, `n × n`, column-major.
    let sigma: [Double]
    /// The active budgets (all positive, summing to one).
    let budgets: [Double]
    let n: Int
    /// Whether `sigma`'s two triangles are equal element for element: the plain sweep then reads
    /// the upper one alone from ``panelSweepOrder`` assets on.
    let isExactlySymmetric: Bool

    /// The outcome of one solver run on the active assets.
    struct Outcome {
        /// The unnormalised iterate `x`.
        var x: [Double]
        /// `S x` for the returned `x` from a fresh product (not a running update), when the
        /// solver has one; the result's risk shares are computed from it.
        var y: [Double]? = nil
        var iterations: Int
        var error: Double
        var converged: Bool

        /// The iterate and its product, moved out (unshared, so that the result is formed in them).
        consuming func separated() -> (x: [Double], y: [Double]?) { (x, y) }
    }

    init(sigma: [Double], budgets: [Double], isExactlySymmetric: Bool = false) {
        self.sigma = sigma
        self.budgets = budgets
        self.n = budgets.count
        self.isExactlySymmetric = isExactlySymmetric
    }

    /// `y = S x` from the whole matrix (so that `y` is the product of the matrix as given): a
    /// small C loop below ``smallProductOrder``, `dgemv` from there.
    func product(_ x: [Double]) -> [Double] {
        let n = self.n
        guard n > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: n) { y, count in
            sigma.withUnsafeBufferPointer { s in
                x.withUnsafeBufferPointer { xp in
                    Self.product(n, s.baseAddress.unsafelyUnwrapped, xp.baseAddress.unsafelyUnwrapped, y.baseAddress.unsafelyUnwrapped)
                }
            }
            count = n
        }
    }

    /// The order from which products go to `dgemv`. Measured on one core (AVX2): the C loop takes
    /// 236 against 303 ns at n = 64 and 756 against 882 ns at n = 100; `dgemv` wins from n = 128.
    static let smallProductOrder = 112

    /// `y = S x` on raw pointers (see ``product(_:)``).
    static func product(_ n: Int, _ s: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        if n < smallProductOrder {
            qk_matvec(n, s, x, y)
        } else {
            cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(n), Int32(n), 1, s, Int32(n), x, 1, 0, y, 1)
        }
    }

    /// `y = S x` from the lower triangle alone, by `dsymv`.
    func lowerProduct(_ x: [Double]) -> [Double] {
        let n = self.n
        guard n > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: n) { y, count in
            sigma.withUnsafeBufferPointer { s in
                x.withUnsafeBufferPointer { xp in
                    cblas_dsymv(CblasColMajor, CblasLower, Int32(n), 1, s.baseAddress, Int32(n), xp.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
            count = n
        }
    }

    /// ``relativeError(_:_:)`` on raw pointers.
    static func relativeError(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        qk_relative_error(n, x, y, b)
    }

    /// `max_i |x_i y_i / (b_i xᵀy) - 1|` (scale invariant, so it is the error of `x / Σx`).
    func relativeError(_ x: [Double], _ y: [Double]) -> Double {
        guard n > 0, x.count >= n, y.count >= n else { return .infinity }  // no variance: as the loop would say
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                budgets.withUnsafeBufferPointer { bp in
                    Self.relativeError(xp.baseAddress.unsafelyUnwrapped, yp.baseAddress.unsafelyUnwrapped,
                                       bp.baseAddress.unsafelyUnwrapped, n)
                }
            }
        }
    }

    /// A solver's starting point `x` and its product `y = S x`.
    struct Start {
        var x: [Double]
        var y: [Double]

        /// The two vectors, moved out (unshared, so that the solver writes them in place).
        consuming func separated() -> (x: [Double], y: [Double]) { (x, y) }
    }

    /// The starting point: the warm start where positive, else `b_i / σ_i`, scaled so that
    /// `xᵀSx = Σb = 1` (the scale at which `f` is smallest along the ray), with its product `S x`.
    ///
    /// - Parameter given: `b_i / σ_i` and its product when the caller already has them (formed
    ///   while the matrix was validated); used when there is no warm start.
    func start(from warm: [Double]?, given: consuming Start? = nil) -> Start {
        if warm == nil, var given, given.x.count == n, given.y.count == n {
            Self.scaleToTheRay(&given.x, &given.y, n)
            return given
        }
        var x = [Double](unsafeUninitializedCapacity: n) { buffer, count in
            sigma.withUnsafeBufferPointer { s in
                budgets.withUnsafeBufferPointer { b in
                    for i in 0..<n { buffer[i] = b[i] / s[i + i * n].squareRoot() }
                }
            }
            count = n
        }
        if let warm {
            // Entries the warm start lacks take the inverse-volatility value at the warm start's scale.
            var warmSum = 0.0, matchedSum = 0.0
            for i in 0..<n where warm[i] > 0 && warm[i].isFinite { warmSum += warm[i]; matchedSum += x[i] }
            let ratio = warmSum > 0 && matchedSum > 0 ? warmSum / matchedSum : 1
            for i in 0..<n {
                if warm[i] > 0, warm[i].isFinite { x[i] = warm[i] } else { x[i] *= ratio }
            }
        }
        // From the blocked form's size the start's product reads only the lower triangle (`dsymv`,
        // half the reads of `dgemv`): the triangle the blocked sweep reads, and for an exactly
        // symmetric matrix the same product as the whole one's.
        var y = n >= Self.blockedThreshold ? lowerProduct(x) : product(x)
        Self.scaleToTheRay(&x, &y, n)
        return Start(x: x, y: y)
    }

    /// Divides `x` and `y` by `sqrt(xᵀy)` when it is positive and finite.
    private static func scaleToTheRay(_ x: inout [Double], _ y: inout [Double], _ n: Int) {
        var q = 0.0
        for i in 0..<n { q += x[i] * y[i] }
        if q > 0, q.isFinite {
            let t = 1 / q.squareRoot()
            for i in 0..<n { x[i] *= t; y[i] *= t }
        }
    }

    /// `f(x) = ½ xᵀy - Σ b_i log x_i` with `y = Sx`.
    private func objective(_ x: [Double], _ y: [Double]) -> Double {
        var value = 0.0
        for i in 0..<n { value += 0.5 * x[i] * y[i] - budgets[i] * log(x[i]) }
        return value
    }

    /// Newton's method: `(S + diag(b/x²)) d = -(Sx - b/x)` by Cholesky, a step cut to keep
    /// `x > 0`, then Armijo backtracking.
    func newton(from x0: [Double], product y0: [Double]? = nil, tolerance: Double, maxIterations: Int) -> Outcome {
        var x = x0
        var y = y0 ?? product(x)
        var error = relativeError(x, y)
        var iterations = 0
        var value = objective(x, y)
        while error >= tolerance && iterations < maxIterations {
            iterations += 1
            var gradient = [Double](repeating: 0, count: n)
            var hessian = sigma
            for i in 0..<n {
                gradient[i] = y[i] - budgets[i] / x[i]
                hessian[i + i * n] += budgets[i] / (x[i] * x[i])
            }
            guard let factor = try? CholeskyFactorization(Matrix(rows: n, columns: n, columnMajor: hessian)),
                  let solved = try? factor.solve(gradient) else { break }
            var direction = solved
            var slope = 0.0
            for i in 0..<n { direction[i] = -direction[i]; slope += gradient[i] * direction[i] }
            guard slope < 0 else { break }
            var step = 1.0
            for i in 0..<n where direction[i] < 0 { step = Swift.min(step, -0.99 * x[i] / direction[i]) }
            var accepted = false
            for _ in 0..<60 {
                var trial = x
                for i in 0..<n { trial[i] += step * direction[i] }
                let trialY = product(trial)
                let trialValue = objective(trial, trialY)
                if trialValue <= value + 1e-4 * step * slope || (trialValue - value).magnitude <= 1e-15 * Swift.max(1, value.magnitude) {
                    x = trial; y = trialY; value = trialValue; accepted = true
                    break
                }
                step *= 0.5
            }
            error = relativeError(x, y)
            if !accepted { break }
        }
        return Outcome(x: x, y: y, iterations: iterations, error: error, converged: error < tolerance)
    }

    /// Cyclical coordinate descent. The exact minimiser
    /// of `f` along coordinate `i` is the positive root of `S_ii x_i² + c_i x_i - b_i = 0` with
    /// `c_i = (Sx)_i - S_ii x_i`; each coordinate instead takes one Newton step on that quadratic,
    /// `x_i += (b_i - x_i (Sx)_i) / (S_ii x_i + (Sx)_i)`, with the denominator taken at the start
    /// of the sweep. Near the solution the two moves agree to second order, so the sweep count is
    /// the same (measured: 10, 11 and 11 sweeps to 1e-10 at N = 20, 100, 500 either way), but the
    /// Newton step puts no square root and no division between one coordinate and the next (the
    /// sweep is latency-bound below a few hundred assets: 2.5 against 4.4 µs at N = 20). A step
    /// that would leave the positive half-line takes the exact root, and a run that diverges or
    /// stalls (``ProgressGuard``) continues with exact moves.
    ///
    /// `Sx` is updated by one column per coordinate (contiguous, the matrix being column-major),
    /// so a sweep costs O(n²); the sweep itself is the C kernel `qk_ccd_sweep` (CLinearAlgebra).
    /// After each sweep the iterate is moved to the best point of its ray, `x ← x / sqrt(xᵀSx)`
    /// (free: `Sx` scales with it), which saves about two sweeps in twelve; that pass also forms
    /// the next sweep's slopes. Below ``mixingThreshold`` assets the sweeps before mixing may start
    /// run in place in one C loop (`qk_ccd_run`), with the same rule and the same confirmation.
    /// The running `Sx` decides when to stop; it is then recomputed by one product and the
    /// iterate is accepted only if that fresh product confirms the tolerance.
    /// From ``panelSweepOrder`` assets on, a matrix whose triangles are equal is swept by
    /// `qk_ccd_panel_sweep`, which reads its upper triangle alone (the same moves up to rounding).
    /// From ``blockedThreshold`` assets on, a matrix whose triangles differ (within the tolerance)
    /// runs the blocked form instead.
    ///
    /// - Parameter y0: `S x0` when the caller has it (``start(from:)`` does).
    func coordinateDescent(from x0: consuming [Double], product y0: consuming [Double]? = nil, tolerance: Double, maxSweeps: Int) -> Outcome {
        if runsBlockedForm {
            // A start that already meets the tolerance (a warm start from the solution) is
            // returned as it is, once a fresh product confirms it.
            if let y0, relativeError(x0, y0) < tolerance {
                let y = product(x0)
                let error = relativeError(x0, y)
                if error < tolerance { return Outcome(x: x0, y: y, iterations: 0, error: error, converged: true) }
            }
            return blockedCoordinateDescent(from: x0, tolerance: tolerance, maxSweeps: maxSweeps)
        }
        let n = self.n
        var x = x0  // owned: no copy
        var y = y0 ?? product(x)
        var error = relativeError(x, y)
        guard n > 0, error >= tolerance, maxSweeps > 0 else {
            return Outcome(x: x, y: y, iterations: 0, error: error, converged: error < tolerance)
        }
        var sweeps = 0
        var converged = false
        var guardrail = ProgressGuard()
        // Mixing from the first sweeps at ``mixingThreshold`` assets and more; below, only for a
        // run still going after ``lateMixingStart`` sweeps (a badly conditioned problem).
        let mixesEarly = n >= Self.mixingThreshold
        var mixing = AndersonMixing(n: mixesEarly ? n : 0, depth: Self.mixingDepth, tracksProduct: true)
        // Scratch (on the stack when small): the sweep output and its product, the reciprocal
        // budgets, the diagonal of S, the sweep's own 2n, the output's fresh product, the moves
        // of the upper-triangle sweep.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 8 * n) { wb in
        sigma.withUnsafeBufferPointer { sb in
        budgets.withUnsafeBufferPointer { bb in
        x.withUnsafeMutableBufferPointer { xb in
        y.withUnsafeMutableBufferPointer { yb in
            let s = sb.baseAddress.unsafelyUnwrapped, bp = bb.baseAddress.unsafelyUnwrapped
            let xp = xb.baseAddress.unsafelyUnwrapped, yp = yb.baseAddress.unsafelyUnwrapped
            let gp = wb.baseAddress.unsafelyUnwrapped, ygp = gp + n, inverseBudgets = gp + 2 * n, diagonal = gp + 3 * n, rp = gp + 4 * n
            let fresh = gp + 6 * n, moves = gp + 7 * n
            for i in 0..<n {
                inverseBudgets[i] = 1 / bp[i]
                diagonal[i] = s[i + i * n]
            }
            if !mixesEarly {
                // The sweeps before mixing starts, in place and in one C loop (at N = 20 a sweep
                // takes about 70 ns; the copies and calls between sweeps cost almost as much).
                let status = qk_ccd_run(n, s, diagonal, bp, inverseBudgets, xp, yp, rp, tolerance, Swift.min(maxSweeps, Self.lateMixingStart - 1),
                                        &guardrail.state, &sweeps, &error)
                if status != 0 {
                    converged = status == 1
                    return
                }
            }
            while sweeps < maxSweeps {
                sweeps += 1
                let newton: Int32 = guardrail.exactMoves ? 0 : 1
                gp.update(from: xp, count: n)
                ygp.update(from: yp, count: n)
                // Close to the tolerance, the sweep also sums its output's product afresh, from the
                // columns it reads anyway: if that output converged, no separate product confirms it.
                let formsFresh = error < Self.freshProductReach * tolerance
                if readsUpperTriangle {
                    qk_ccd_panel_sweep(n, s, diagonal, bp, gp, ygp, rp, newton, formsFresh ? fresh : nil, moves)
                } else {
                    qk_ccd_sweep(n, s, diagonal, bp, gp, ygp, rp, newton, formsFresh ? fresh : nil)
                }
                if formsFresh {
                    let exact = Self.relativeError(gp, fresh, bp, n)
                    if exact < tolerance {
                        error = exact
                        xp.update(from: gp, count: n)
                        yp.update(from: fresh, count: n)
                        converged = true
                        break
                    }
                }
                // The best point of the ray and the error there. Infinite when xᵀSx is not
                // positive: the objective has no minimum along this ray (S is not positive
                // semidefinite on the positive orthant); the caller's checks take over.
                error = qk_ccd_rescale(n, gp, ygp, inverseBudgets)
                guard error.isFinite else {
                    xp.update(from: gp, count: n)
                    break
                }
                if guardrail.record(error) { mixing.reset() }
                if !mixesEarly && sweeps == Self.lateMixingStart {
                    mixing = AndersonMixing(n: n, depth: Self.mixingDepth, tracksProduct: true)
                }
                if error < tolerance || sweeps % 50 == 0 {
                    // Refresh the running product against accumulated rounding and test it exactly.
                    Self.product(n, s, gp, ygp)
                    error = Self.relativeError(gp, ygp, bp, n)
                    // The mixing history's products predate the refresh: start it again.
                    mixing.reset()
                    if error < tolerance {
                        xp.update(from: gp, count: n)
                        yp.update(from: ygp, count: n)
                        converged = true
                        break
                    }
                }
                if mixesEarly ? sweeps > Self.mixingStart : sweeps >= Self.lateMixingStart {
                    _ = mixing.mix(x: xp, output: gp, product: (y: yp, yg: UnsafePointer(ygp)))
                } else {
                    xp.update(from: gp, count: n)
                    yp.update(from: ygp, count: n)
                }
            }
        }}}}}
        return Outcome(x: x, y: converged ? y : nil, iterations: sweeps, error: error, converged: converged)
    }

    /// How far above the tolerance (as a factor) the last error may be for the next sweep to sum
    /// its output's product afresh (``coordinateDescent(from:product:tolerance:maxSweeps:)``): the
    /// error falls about a hundredfold a sweep near the end on the benchmark covariances, so the
    /// fresh product is formed in the sweep that converges and in at most one before it.
    static let freshProductReach = 300.0

    /// The residual differences ``AndersonMixing`` keeps in the plain sweep.
    static let mixingDepth = 4
    /// The size from which the plain sweep is mixed. Measured on the benchmark covariances: at
    /// N = 20 mixing saves two sweeps of ten but its bookkeeping costs more than they do
    /// (3.8 against 3.3 µs); at N = 100 and 500 it saves three of eleven (about 10% and 15%).
    static let mixingThreshold = 64
    /// The plain sweeps before mixing starts (the first moves are far from linear).
    static let mixingStart = 1
    /// Below ``mixingThreshold`` assets, the sweep from which a run that has not converged is
    /// mixed after all: well-conditioned problems are done by then (10 to 15 sweeps), and on
    /// badly conditioned ones mixing cuts the sweeps severalfold (measured on random factor
    /// covariances of 40 to 63 assets: 74-289 plain).
    static let lateMixingStart = 30

    /// The size from which the plain sweep of an exactly symmetric matrix reads its upper triangle
    /// alone (`qk_ccd_panel_sweep`). Measured per sweep on one core (Zen 5): at N = 500 (2 MB, not
    /// in L2) 16-20 µs with AVX-512 and 19-21 µs with AVX2 against 23-27 µs; at N = 248 and 300
    /// (in L2) 15-20% faster with AVX-512 and level with AVX2; at N = 67 slower (0.60 against 0.47 µs).
    static let panelSweepOrder = 256

    /// Whether the plain sweep reads the upper triangle alone (`qk_ccd_panel_sweep`).
    var readsUpperTriangle: Bool { isExactlySymmetric && n >= Self.panelSweepOrder }

    /// Whether ``coordinateDescent(from:product:tolerance:maxSweeps:)`` runs the blocked form.
    var runsBlockedForm: Bool { !isExactlySymmetric && n >= Self.blockedThreshold }

    /// The block size of ``blockedCoordinateDescent(from:tolerance:maxSweeps:)``.
    static let blockSize = 32
    /// The size from which ``coordinateDescent(from:product:tolerance:maxSweeps:)`` runs the
    /// blocked form for a matrix that is not exactly symmetric (an exactly symmetric one takes the
    /// upper-triangle sweep, which reads as little). Measured at N = 500 (one core, both mixed):
    /// 0.36 ms for the whole-column solve against 0.48 ms blocked; at N = 1,000 the whole-column
    /// sweep cost 116 µs against about 65 µs blocked (the blocked sweep reads half the matrix, and
    /// the matrix no longer fits in cache). The upper-triangle sweep against the blocked form on
    /// the benchmark's N = 2,000 covariance: 5.6-6.0 against 6.0-6.8 ms at 1e-8 (7 sweeps each)
    /// and 6.3-8.0 against 7.7-9.3 ms at 1e-12 (9 sweeps against 10).
    static let blockedThreshold = 600

    /// Cyclical coordinate descent in the same order as ``coordinateDescent(from:product:tolerance:maxSweeps:)``
    /// (exact coordinate moves, without the per-sweep rescaling), organised by blocks of ``blockSize`` coordinates so that
    /// a sweep reads only the lower triangle of `S`, once, through BLAS. Each sweep's output is
    /// mixed with the previous ones (``AndersonMixing``, without products: the sweep assembles its
    /// own), after which the in-block products `S_JJ x_J` are formed afresh; 8 sweeps instead of
    /// 13 at N = 2,000.
    ///
    /// For a block `J` and the rows `R` below it, the coordinates of `J` need `(Sx)_J`, made of
    /// three parts: `a_J`, the contribution of the blocks above (already updated this sweep);
    /// `S_JJ x_J`, kept up to date by the coordinate updates inside the block; and
    /// `d_J = S_RJᵀ x_R`, the blocks below at their values from the previous sweep (one `dgemv`).
    /// After the block, `a_R += S_RJ x_J` (a second `dgemv` on the same panel, now in cache).
    /// The three parts at the start of block `J` make `(S x)_J` at the sweep's current point (the
    /// blocks above at their new values, the rest at the sweep's input), which tracks the input's
    /// error at no cost; when it says the tolerance is met, one fresh product tests the input,
    /// which is returned with it. Once the error is within ``freshProductReach`` of the tolerance,
    /// that product is summed during the sweep instead: `d_J` is already fresh, `S_JJ xPrev_J` is
    /// formed afresh, and a second `dgemv` on each panel (in cache) carries `S_RJ xPrev_J` down.
    func blockedCoordinateDescent(from x0: [Double], tolerance: Double, maxSweeps: Int) -> Outcome {
        let n = self.n
        let blockSize = Self.blockSize
        guard n > 0 else { return Outcome(x: x0, iterations: 0, error: 0, converged: true) }
        var x = x0
        var xPrev = x0
        var yPrev = [Double](repeating: 0, count: n)
        var local = [Double](repeating: 0, count: n)   // S_JJ x_J, block by block
        var above = [Double](repeating: 0, count: n)   // contributions of the blocks already swept
        var below = [Double](repeating: 0, count: n)   // contributions of the blocks still to sweep
        var fresh = [Double](repeating: 0, count: n)   // S x by one product, to confirm convergence
        var mixing = AndersonMixing(n: n, depth: Self.mixingDepth, tracksProduct: false)
        var sweeps = 0
        var error = Double.infinity
        var converged = false
        sigma.withUnsafeBufferPointer { sp in
            let s = sp.baseAddress.unsafelyUnwrapped
            budgets.withUnsafeBufferPointer { bb in
            let bp = bb.baseAddress.unsafelyUnwrapped
            x.withUnsafeMutableBufferPointer { xb in
            xPrev.withUnsafeMutableBufferPointer { xpb in
            yPrev.withUnsafeMutableBufferPointer { ypb in
            local.withUnsafeMutableBufferPointer { lb in
            above.withUnsafeMutableBufferPointer { ab in
            below.withUnsafeMutableBufferPointer { db in
            fresh.withUnsafeMutableBufferPointer { fb in
                let xp = xb.baseAddress.unsafelyUnwrapped, xprev = xpb.baseAddress.unsafelyUnwrapped
                let yp = ypb.baseAddress.unsafelyUnwrapped, lp = lb.baseAddress.unsafelyUnwrapped
                let ap = ab.baseAddress.unsafelyUnwrapped, dp = db.baseAddress.unsafelyUnwrapped
                let fp = fb.baseAddress.unsafelyUnwrapped
                var refreshesLocal = true
                var guardrail = ProgressGuard()
                while sweeps < maxSweeps {
                    sweeps += 1
                    let newton = !guardrail.exactMoves
                    if refreshesLocal || sweeps % 50 == 1 {
                        refreshesLocal = false
                        // S_JJ x_J afresh (at the start and against drift from the in-block updates).
                        var j0 = 0
                        while j0 < n {
                            let j1 = Swift.min(j0 + blockSize, n)
                            for i in j0..<j1 { lp[i] = qk_dot(j1 - j0, s + j0 + i * n, xp + j0) }
                            j0 = j1
                        }
                    }
                    for k in 0..<n { ap[k] = 0 }
                    // Close to the tolerance, the product of the sweep's input is summed afresh
                    // from the panels the sweep reads anyway (one more `dgemv` a block, on a panel
                    // in cache), instead of a separate product over the whole matrix after it.
                    let formsFresh = error < Self.freshProductReach * tolerance
                    if formsFresh { for k in 0..<n { fp[k] = 0 } }
                    // xᵀSx with each block's new values against the old values of the blocks below
                    // it (the exact form once the steps are small): a sign of divergence when not
                    // positive. Rescaling by it, as the unblocked sweep rescales by the exact form,
                    // was measured to save no sweep, so it only serves as that check.
                    var mixed = 0.0
                    var j0 = 0
                    while j0 < n {
                        let j1 = Swift.min(j0 + blockSize, n)
                        let width = j1 - j0, rest = n - j1
                        let panel = s + j1 + j0 * n
                        if rest > 0 {
                            cblas_dgemv(CblasColMajor, CblasTrans, Int32(rest), Int32(width), 1, panel, Int32(n),
                                        xp + j1, 1, 0, dp + j0, 1)
                        } else {
                            for i in j0..<j1 { dp[i] = 0 }
                        }
                        for i in j0..<j1 {
                            yp[i] = ap[i] + lp[i] + dp[i]
                            xprev[i] = xp[i]
                        }
                        if formsFresh {
                            // (S xPrev)_J: the blocks above (summed into fp by the panels above),
                            // this block's own product afresh, the blocks below (d_J, fresh).
                            for i in j0..<j1 { fp[i] += qk_dot(j1 - j0, s + j0 + i * n, xprev + j0) + dp[i] }
                        }
                        for i in j0..<j1 {
                            let column = s + i * n
                            let sii = column[i], xi = xp[i]
                            let yi = ap[i] + dp[i] + lp[i]
                            // A Newton step on the coordinate's quadratic, with the denominator
                            // from the start of the block (as in the plain sweep), or its root.
                            let reciprocal = 1 / (sii * xi + yp[i])  // off the chain: no yi in it
                            var delta = newton ? (bp[i] - xi * yi) * reciprocal : 0
                            if !newton || !(xi + delta > 0) {
                                let c = yi - sii * xi
                                let root = (c * c + 4 * sii * bp[i]).squareRoot()
                                delta = (c > 0 ? 2 * bp[i] / (c + root) : (root - c) / (2 * sii)) - xi
                            }
                            if delta != 0 {
                                xp[i] = xi + delta
                                for k in j0..<j1 { lp[k] += delta * column[k] }
                            }
                        }
                        for i in j0..<j1 { mixed += xp[i] * (ap[i] + lp[i] + dp[i]) }
                        if rest > 0 {
                            cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rest), Int32(width), 1, panel, Int32(n),
                                        xp + j0, 1, 1, ap + j1, 1)
                            if formsFresh {
                                cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rest), Int32(width), 1, panel, Int32(n),
                                            xprev + j0, 1, 1, fp + j1, 1)
                            }
                        }
                        j0 = j1
                    }
                    // The three parts assembled at each block give the product at the sweep's
                    // current point (blocks above already moved), not exactly `S xPrev`: a
                    // progress estimate, exact once the steps are small. Below the tolerance, the
                    // sweep's input is tested against a fresh product.
                    if formsFresh {
                        error = Self.relativeError(xprev, fp, bp, n)
                        if error < tolerance { converged = true; break }
                    } else {
                        error = Self.relativeError(xprev, yp, bp, n)
                        if error < tolerance {
                            Self.product(n, s, xprev, fp)
                            error = Self.relativeError(xprev, fp, bp, n)
                            if error < tolerance { converged = true; break }
                        }
                    }
                    if guardrail.record(error) { mixing.reset() }
                    // Not positive: a sign that S is not positive semidefinite on the positive
                    // orthant (the objective unbounded below), confirmed by a fresh product
                    // before the run stops.
                    if !(mixed > 0 && mixed.isFinite) {
                        Self.product(n, s, xp, fp)
                        var q = 0.0
                        for i in 0..<n { q += xp[i] * fp[i] }
                        guard q > 0, q.isFinite else { break }
                    }
                    // Mix: xPrev (this sweep's input) becomes the next input, then copied to x.
                    if sweeps > Self.mixingStart && mixing.mix(x: xprev, output: xp) {
                        xp.update(from: xprev, count: n)
                        refreshesLocal = true
                    }
                }
            }}}}}}}}
        }
        if converged { return Outcome(x: xPrev, y: fresh, iterations: sweeps - 1, error: error, converged: true) }
        let y = product(x)
        error = relativeError(x, y)
        return Outcome(x: x, iterations: sweeps, error: error, converged: error < tolerance)
    }
}
