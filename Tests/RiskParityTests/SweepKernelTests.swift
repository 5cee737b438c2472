import CLinearAlgebra
import LinearAlgebra
import QuantCore
import QuantTestSupport
import RiskParity
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The C kernels behind the solver (CLinearAlgebra's `coordinatedescent.h` and the symmetry
/// test), checked through the public API at sizes that reach every path: the vector loops,
/// their scalar tails, the pairs of pivots and the odd last pivot.
@Suite("Sweep, definiteness and symmetry kernels")
struct SweepKernelTests {
    /// A covariance with one factor and unequal variances: correlations 0.3 to 0.8.
    static func oneFactor(_ n: Int) -> Matrix {
        let loadings = (0..<n).map { 0.5 + 0.4 * Double($0 % 7) / 6 }
        let idiosyncratic = (0..<n).map { 0.1 + 0.05 * Double($0 % 5) }
        return Matrix(rows: n, columns: n) { i, j in loadings[i] * loadings[j] + (i == j ? idiosyncratic[i] : 0) }
    }

    static func reason(_ body: () throws -> Void) -> RiskParityError? {
        do { try body(); return nil } catch let e as RiskParityError { return e } catch { return nil }
    }

    /// An asymmetric pair anywhere (diagonal block, vector body, scalar tail of a panel, last
    /// partial panel) is found and named; so is a NaN or an infinity off the diagonal.
    @Test(arguments: [9, 13, 21, 37])
    func everyAsymmetricPairIsFound(n: Int) throws {
        let sigma = Self.oneFactor(n)
        let solver = RiskBudgeting()
        #expect(Self.reason { _ = try solver.solve(covariance: sigma) } == nil)
        for (i, j) in [(1, 0), (n - 1, 0), (n - 1, n - 2), (n / 2 + 4, 2), (n - 1, 8), (12 % n, 11 % n)] where i > j {
            var broken = sigma
            broken[i, j] += 1e-6
            let error = Self.reason { _ = try solver.solve(covariance: broken) }
            #expect(error?.reason == .notSymmetric, "pair (\(i), \(j)) at n = \(n)")
            #expect(error?.assetIndex == i || error?.assetIndex == j, "pair (\(i), \(j)) at n = \(n): \(String(describing: error))")
            var infinite = sigma
            infinite[j, i] = .infinity
            #expect(Self.reason { _ = try solver.solve(covariance: infinite) }?.reason == .nonFinite, "(\(j), \(i)) at n = \(n)")
            var notANumber = sigma
            notANumber[i, j] = .nan
            #expect(Self.reason { _ = try solver.solve(covariance: notANumber) }?.reason == .nonFinite, "(\(i), \(j)) at n = \(n)")
        }
    }

    /// The one-pass test's three verdicts, with and without the fused product: exact symmetry
    /// (the solver may then read one triangle), an asymmetry within the tolerance (it may not),
    /// and not proven (beyond the tolerance, or a NaN), at sizes with and without a partial panel.
    @Test(arguments: [8, 13, 300])
    func symmetryVerdicts(n: Int) throws {
        let exact = Self.oneFactor(n).storage
        let x = [Double](repeating: 1, count: n)
        func verdicts(_ a: [Double]) -> (Int, Int) {
            var y = [Double](repeating: 0, count: n)
            return (qk_symmetry_verdict(a, n, n, 1e-10), qk_symmetry_verdict_product(a, n, n, 1e-10, x, &y))
        }
        #expect(verdicts(exact) == (Int(QK_SYMMETRIC_EXACTLY), Int(QK_SYMMETRIC_EXACTLY)))
        for (i, j) in [(1, 0), (n - 1, 2), (n - 1, n - 2)] {
            var within = exact
            within[i + j * n] += 0.5e-10
            #expect(verdicts(within) == (Int(QK_SYMMETRIC_WITHIN_TOLERANCE), Int(QK_SYMMETRIC_WITHIN_TOLERANCE)), "(\(i), \(j)) at n = \(n)")
            var beyond = exact
            beyond[j + i * n] -= 2e-10
            #expect(verdicts(beyond) == (Int(QK_SYMMETRY_UNPROVEN), Int(QK_SYMMETRY_UNPROVEN)), "(\(i), \(j)) at n = \(n)")
            var missing = exact
            missing[i + j * n] = .nan
            #expect(verdicts(missing) == (Int(QK_SYMMETRY_UNPROVEN), Int(QK_SYMMETRY_UNPROVEN)), "(\(i), \(j)) at n = \(n)")
        }
    }

    /// The up-front test (pairs of pivots, then a last single one at odd sizes) accepts a
    /// positive-definite matrix and rejects one whose last or first pivot turns negative.
    @Test(arguments: [1, 2, 5, 20, 33, 64])
    func definitenessTestAtEverySize(n: Int) throws {
        let sigma = Self.oneFactor(n)
        let clean = try RiskBudgeting().solve(covariance: sigma)
        #expect(clean.diagnostics.fallbacks.isEmpty)
        #expect(clean.diagnostics.maxRelativeError < 1e-10)
        guard n >= 2 else { return }
        // Σ - λ v vᵀ with v the last coordinate and λ above its variance: the last pivot is negative.
        var indefinite = sigma
        indefinite[n - 1, n - 1] = -0.01
        let repaired = try RiskBudgeting().solve(covariance: indefinite)
        // A negative variance excludes the asset first; one just short of the Schur complement
        // makes only the factorisation fail.
        #expect(repaired.weights[n - 1] == 0)
        var schur = sigma
        let loadingsSquared = sigma[n - 1, n - 1] - (0.1 + 0.05 * Double((n - 1) % 5))
        // Lower the last variance below what the other assets explain of it: a zero idiosyncratic
        // part minus a little, so the matrix has one negative eigenvalue.
        schur[n - 1, n - 1] = loadingsSquared * 0.5
        #expect(throws: LinearAlgebraError.self) { try CholeskyFactorization(schur) }
        let result = try RiskBudgeting().solve(covariance: schur)
        guard case .repairedCovariance? = result.diagnostics.fallbacks.first else {
            Issue.record("n = \(n): expected a repair, got \(result.diagnostics.fallbacks)"); return
        }
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-12)
    }

    /// The fast path (Newton moves, rescaling, Anderson mixing from 64 assets, the upper-triangle
    /// sweep from 256 on this exactly symmetric matrix, also past the blocked form's 600) and
    /// Newton's method reach the same portfolio, for equal and unequal budgets, at sizes on both
    /// sides of the mixing threshold, of the vector width and of the upper-triangle sweep's size.
    @Test(arguments: [3, 7, 63, 64, 65, 130, 259, 403, 622])
    func coordinateDescentAgreesWithNewton(n: Int) throws {
        let sigma = Self.oneFactor(n)
        var budgets = (0..<n).map { 1 + Double($0 % 3) }
        let total = budgets.reduce(0, +)
        budgets = budgets.map { $0 / total }
        for b in [nil, budgets] {
            let descent = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: sigma, budgets: b)
            let newton = try RiskBudgeting(algorithm: .newton, tolerance: 1e-13).solve(covariance: sigma, budgets: b)
            #expect(descent.diagnostics.method == .coordinateDescent && descent.diagnostics.converged)
            #expect(descent.diagnostics.maxRelativeError < 1e-10)
            #expect(descent.diagnostics.iterations <= 30, "n = \(n): \(descent.diagnostics.iterations) sweeps")
            for k in 0..<n { expectClose(descent.weights[k], newton.weights[k], relative: 1e-9) }
        }
    }

    /// Below the mixing threshold the first sweeps run in one C loop (`qk_ccd_run`). On an
    /// indefinite covariance left unrepaired (every correlation -0.5: the long-only portfolio
    /// near equal weights has negative variance) that loop meets a non-positive `xᵀΣx` and stops
    /// without a verdict of convergence; the chain then ends in inverse-volatility weights that
    /// are still a portfolio. With the check on, the same matrix is repaired first.
    @Test(arguments: [5, 20, 63])
    func aNonPositiveFormStopsTheSweepLoop(n: Int) throws {
        let sigma = Matrix(rows: n, columns: n) { i, j in i == j ? 0.04 : -0.5 * 0.04 }
        let unchecked = try RiskBudgeting(algorithm: .coordinateDescent, repairsCovariance: false).solve(covariance: sigma)
        #expect(!unchecked.diagnostics.converged)
        #expect(unchecked.diagnostics.method == .inverseVolatility)
        #expect(unchecked.diagnostics.fallbacks.contains { if case .switchedSolver(from: .coordinateDescent, _) = $0 { true } else { false } })
        #expect(unchecked.weights.allSatisfy { $0.isFinite && $0 >= 0 })
        expectClose(unchecked.weights.reduce(0, +), 1, relative: 1e-12)
        let checked = try RiskBudgeting().solve(covariance: sigma)
        guard case .repairedCovariance? = checked.diagnostics.fallbacks.first else {
            Issue.record("n = \(n): expected a repair, got \(checked.diagnostics.fallbacks)"); return
        }
    }

    /// The one-pass symmetry test only proves exact symmetry cheaply (a sum of squared scaled
    /// asymmetries); an asymmetry within the tolerance is then accepted by the element-by-element
    /// pass, on both sides of the size from which the start's product is fused into that pass,
    /// and the answer matches the exactly symmetric matrix's.
    @Test(arguments: [13, 300])
    func anAsymmetryWithinTheToleranceIsAccepted(n: Int) throws {
        let sigma = Self.oneFactor(n)
        var nudged = sigma
        var largest = 0.0
        for i in 0..<n { largest = max(largest, sigma[i, i]) }
        // Half the tolerance on one pair, and on a second pair in the panel's vector body.
        nudged[n - 1, 2] += 0.5e-10 * largest
        nudged[9, 1] -= 0.5e-10 * largest
        let exact = try RiskBudgeting().solve(covariance: sigma)
        let result = try RiskBudgeting().solve(covariance: nudged)
        #expect(result.diagnostics.converged && result.diagnostics.fallbacks.isEmpty)
        #expect(result.diagnostics.maxRelativeError < 1e-10)
        for k in 0..<n { expectClose(result.weights[k], exact.weights[k], relative: 1e-8) }
        // Twice the tolerance is an error naming the pair.
        var broken = sigma
        broken[n - 1, 2] += 2e-10 * largest
        let error = Self.reason { _ = try RiskBudgeting().solve(covariance: broken) }
        #expect(error?.reason == .notSymmetric)
        #expect(error?.assetIndex == n - 1 || error?.assetIndex == 2)
    }

    /// From 256 assets the start's product is formed in the validation pass: the answer is
    /// exact, an asymmetric pair is still an error, and a zero budget or an excluded asset
    /// (when the start is not the whole vector) takes the separate product.
    @Test func startFormedDuringValidation() throws {
        let n = 300
        let sigma = Self.oneFactor(n)
        let equal = [Double](repeating: 1 / Double(n), count: n)
        let erc = try RiskBudgeting().solve(covariance: sigma)
        #expect(erc.diagnostics.converged)
        #expect(try maxRelativeError(erc.weights, sigma, equal) < 1e-10)
        var budgets = equal
        budgets[0] = 0
        budgets[1] += equal[0]
        let skipping = try RiskBudgeting().solve(covariance: sigma, budgets: budgets)
        #expect(skipping.weights[0] == 0)
        #expect(try maxRelativeError(skipping.weights, sigma, budgets) < 1e-10)
        var broken = sigma
        broken[250, 3] *= 1 + 1e-6
        #expect(Self.reason { _ = try RiskBudgeting().solve(covariance: broken) }?.reason == .notSymmetric)
        var excluded = sigma
        for k in 0..<n where k != 7 { excluded[7, k] = 0; excluded[k, 7] = 0 }
        excluded[7, 7] = 0
        let result = try RiskBudgeting().solve(covariance: excluded)
        #expect(result.weights[7] == 0)
        #expect(result.diagnostics.converged && result.diagnostics.maxRelativeError < 1e-10)
    }

    /// Random factor covariances (one to five factors with loadings of either sign, variances
    /// over four orders of magnitude) and random budgets, badly conditioned and started far
    /// away. Below the blocked sweep's size, coordinate descent with its Newton moves and mixing
    /// reaches 1e-10 by itself (no hand-over to Newton's method; plain exact sweeps took up to
    /// 3,100 sweeps on these, the bound below is twice the most measured, 671 at n = 257). At
    /// 620 assets the blocked sweep needs thousands, so the default solver (300 sweeps, then
    /// Newton) must answer.
    @Test(arguments: [2, 5, 17, 40, 63, 64, 65, 90, 130, 257, 620])
    func randomProblemsConvergeWithoutHandOver(n: Int) throws {
        var random = SplitMix64(seed: UInt64(n) &* 7919)
        for trial in 0..<4 {
            let factors = 1 + trial % 5
            let loadings = (0..<(n * factors)).map { _ in Double.random(in: -0.6...1.0, using: &random) }
            let scales = (0..<n).map { _ in pow(10, Double.random(in: -2...0, using: &random)) }
            let specific = (0..<n).map { _ in Double.random(in: 0.05...0.5, using: &random) }
            let sigma = Matrix(rows: n, columns: n) { i, j in
                var c = 0.0
                for f in 0..<factors { c += loadings[i * factors + f] * loadings[j * factors + f] }
                if i == j { c += specific[i] }
                return c * scales[i] * scales[j]
            }
            var budgets = (0..<n).map { _ in Double.random(in: 0.1...1, using: &random) }
            let total = budgets.reduce(0, +)
            budgets = budgets.map { $0 / total }
            if n >= 600 {
                let result = try RiskBudgeting().solve(covariance: sigma, budgets: budgets)
                #expect(result.diagnostics.converged, "n = \(n), trial \(trial)")
                #expect(try maxRelativeError(result.weights, sigma, budgets) < 1e-10, "n = \(n), trial \(trial)")
                continue
            }
            let result = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: sigma, budgets: budgets)
            #expect(result.diagnostics.method == .coordinateDescent && result.diagnostics.converged, "n = \(n), trial \(trial)")
            #expect(result.diagnostics.fallbacks.isEmpty, "n = \(n), trial \(trial): \(result.diagnostics.fallbacks)")
            #expect(try maxRelativeError(result.weights, sigma, budgets) < 1e-10, "n = \(n), trial \(trial)")
            #expect(result.diagnostics.iterations <= 1_400, "n = \(n), trial \(trial): \(result.diagnostics.iterations) sweeps")
        }
    }
}
