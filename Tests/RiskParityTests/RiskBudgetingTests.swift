import LinearAlgebra
import PortfolioRisk
import QuantTestSupport
import RiskParity
import Testing

/// The max relative RC error, recomputed independently of the solver's own report.
func maxRelativeError(_ weights: [Double], _ sigma: Matrix, _ budgets: [Double]) throws -> Double {
    let rc = try RiskContributions(weights: weights, covariance: sigma)
    var worst = 0.0
    for i in budgets.indices where budgets[i] > 0 { worst = max(worst, abs(rc.fractions[i] / budgets[i] - 1)) }
    return worst
}

@Suite("Risk budgeting against riskparityportfolio, skfolio and the closed form")
struct RiskBudgetingTests {
    @Test(arguments: ERCFixture.names)
    func reachesParityAndMatchesTheReferences(_ name: String) throws {
        let c = try ERCFixture.named(name)
        let sigma = try c.matrix()
        let result = try RiskBudgeting().solve(covariance: sigma, budgets: c.budgets)
        #expect(result.diagnostics.converged)
        #expect(result.diagnostics.fallbacks.isEmpty)
        #expect(result.diagnostics.maxRelativeError < 1e-10)
        #expect(try maxRelativeError(result.weights, sigma, c.budgets) < 1e-10)
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-14)
        // The polished reference is at the rounding floor; weights agree to what 1e-10 parity implies.
        expectClose(result.weights, c.polished.weights, relative: 1e-9, floor: 1e-12, "vs polished riskparityportfolio")
        expectClose(result.weights, c.riskparityportfolio.weights, relative: max(1e-9, 10 * c.riskparityportfolio.maxRelativeError), floor: 1e-12,
                    "vs riskparityportfolio (its error \(c.riskparityportfolio.maxRelativeError))")
        if let sk = c.skfolio {
            // skfolio stops at ~1e-5 relative error; its weights agree within that.
            expectClose(result.weights, sk.weights, relative: 20 * sk.maxRelativeError, floor: 1e-6, "vs skfolio (its error \(sk.maxRelativeError))")
            #expect(result.diagnostics.maxRelativeError < sk.maxRelativeError)
        }
        if let exact = c.closedForm { expectClose(result.weights, exact, relative: 1e-10) }
        for i in c.budgets.indices where c.budgets[i] == 0 { #expect(result.weights[i] == 0) }
        expectClose(result.riskContributions.reduce(0, +), 1, relative: 1e-12)
    }

    @Test(arguments: ["sp500-20", "near-singular-20", "factor-100", "factor-500"], [RiskBudgeting.Algorithm.newton, .coordinateDescent])
    func bothSolversReachParity(_ name: String, _ algorithm: RiskBudgeting.Algorithm) throws {
        let c = try ERCFixture.named(name)
        let sigma = try c.matrix()
        let result = try RiskBudgeting(algorithm: algorithm).solve(covariance: sigma, budgets: c.budgets)
        #expect(result.diagnostics.method == (algorithm == .newton ? .newton : .coordinateDescent))
        #expect(result.diagnostics.fallbacks.isEmpty, "\(result.diagnostics.fallbackReason ?? "")")
        #expect(try maxRelativeError(result.weights, sigma, c.budgets) < 1e-10)
        expectClose(result.weights, c.polished.weights, relative: 1e-9, floor: 1e-12)
    }

    /// From 600 assets a covariance whose triangles differ (here one pair, by 1e-13 of itself)
    /// runs the blocked sweep (700 = 21 blocks of 32 plus one of 28), and an exactly symmetric one
    /// the upper-triangle sweep: with either, a warm start at the solution is verified without a
    /// sweep counted, and a cold start converges to the same portfolio. The covariance is a
    /// two-factor model built here (`ββᵀ + γγᵀ + diag(d)`, deterministic).
    @Test func blockedSweepWarmAndCold() throws {
        let n = 700
        let beta = (0..<n).map { 0.1 + 0.002 * Double($0 % 97) }
        let gamma = (0..<n).map { 0.05 * Double(($0 * 7) % 13) / 13 - 0.02 }
        let exact = Matrix(rows: n, columns: n) { i, j in
            beta[i] * beta[j] + gamma[i] * gamma[j] + (i == j ? 0.01 + 0.0001 * Double(i % 31) : 0)
        }
        var nudged = exact
        nudged[411, 17] *= 1 + 1e-13
        var portfolios = [[Double]]()
        for sigma in [nudged, exact] {
            let cold = try RiskBudgeting(algorithm: .coordinateDescent, repairsCovariance: false).solve(covariance: sigma)
            #expect(cold.diagnostics.converged && cold.diagnostics.iterations > 0)
            #expect(try maxRelativeError(cold.weights, sigma, [Double](repeating: 1.0 / Double(n), count: n)) < 1e-10)
            let warm = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: sigma, warmStart: cold.weights)
            #expect(warm.diagnostics.iterations == 0)
            expectClose(warm.weights, cold.weights, relative: 1e-12)
            portfolios.append(cold.weights)
        }
        expectClose(portfolios[0], portfolios[1], relative: 1e-9)
        // The plain sweep (500 assets) agrees with the polished reference too.
        let c = try ERCFixture.named("factor-500")
        let plain = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: c.matrix(), budgets: c.budgets)
        expectClose(plain.weights, c.polished.weights, relative: 1e-9, floor: 1e-12)
    }

    @Test func automaticRunsCoordinateDescentThenNewton() throws {
        let large = try RiskBudgeting().solve(covariance: ERCFixture.named("factor-500").matrix())
        #expect(large.diagnostics.method == .coordinateDescent)
        #expect(large.diagnostics.fallbacks.isEmpty)
        // When the sweep budget runs out, Newton finishes from the coordinate-descent iterate.
        let handedOver = try RiskBudgeting(automaticSweepLimit: 2).solve(covariance: ERCFixture.named("factor-500").matrix())
        #expect(handedOver.diagnostics.method == .newton)
        #expect(handedOver.diagnostics.converged && handedOver.diagnostics.maxRelativeError < 1e-10)
        if case .switchedSolver(from: .coordinateDescent, _)? = handedOver.diagnostics.fallbacks.first {} else {
            Issue.record("expected a hand-over, got \(handedOver.diagnostics.fallbacks)")
        }
    }

    /// The worked example of the documentation: w ∝ (1, 1, √6).
    @Test func handWorkedThreeAssets() throws {
        let sigma = try Matrix(rowMajor: [[0.04, 0.02, 0], [0.02, 0.04, 0], [0, 0, 0.01]])
        let result = try RiskBudgeting().solve(covariance: sigma)
        let s6 = 6.0.squareRoot()
        expectClose(result.weights, [1 / (2 + s6), 1 / (2 + s6), s6 / (2 + s6)], relative: 1e-10)
        expectClose(result.riskContributions, [1.0 / 3, 1.0 / 3, 1.0 / 3], relative: 1e-10)
        // σ_p² = 0.06 a² · 2 + 0.01 c² = 0.18 a² with a = 1/(2+√6).
        expectClose(result.volatility, (0.18).squareRoot() / (2 + s6), relative: 1e-10)
    }

    @Test func warmStartFromTheSolutionNeedsNoWork() throws {
        let c = try ERCFixture.named("factor-100")
        let sigma = try c.matrix()
        let cold = try RiskBudgeting().solve(covariance: sigma)
        let warm = try RiskBudgeting().solve(covariance: sigma, warmStart: cold.weights)
        #expect(warm.diagnostics.iterations == 0)
        // A nearby problem (yesterday's weights, a perturbed covariance) converges in fewer steps.
        var moved = sigma
        for i in 0..<moved.rows { moved[i, i] *= 1 + 0.02 * Double(i % 3) }
        let coldMoved = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: moved)
        let warmMoved = try RiskBudgeting(algorithm: .coordinateDescent).solve(covariance: moved, warmStart: cold.weights)
        #expect(warmMoved.diagnostics.converged && coldMoved.diagnostics.converged)
        #expect(warmMoved.diagnostics.iterations < coldMoved.diagnostics.iterations)
        expectClose(warmMoved.weights, coldMoved.weights, relative: 1e-9)
    }

    @Test func inverseVolatilityIsExactForUncorrelatedAssets() throws {
        let sigma = Matrix.diagonal([0.01, 0.04, 0.09])
        let iv = try RiskBudgeting.inverseVolatility(covariance: sigma)
        expectClose(iv.weights, [6.0 / 11, 3.0 / 11, 2.0 / 11], relative: 1e-14)
        #expect(iv.diagnostics.maxRelativeError < 1e-14)
        #expect(iv.diagnostics.method == .inverseVolatility)
        let erc = try RiskBudgeting().solve(covariance: sigma)
        expectClose(erc.weights, iv.weights, relative: 1e-12)
    }

    /// Fifty assets with pairwise correlation 0.999 and volatilities from 10 % to 59 %: badly
    /// conditioned (smallest eigenvalue 1e-3 of the correlation), yet the answer is known in
    /// closed form for equal correlations: inverse volatility.
    @Test func highlyCorrelatedAssetsStillReachParity() throws {
        let n = 50
        let vol = (0..<n).map { 0.10 + 0.01 * Double($0) }
        let sigma = Matrix(rows: n, columns: n) { i, j in (i == j ? 1 : 0.999) * vol[i] * vol[j] }
        let result = try RiskBudgeting().solve(covariance: sigma)
        #expect(result.diagnostics.converged)
        #expect(try maxRelativeError(result.weights, sigma, [Double](repeating: 1.0 / 50, count: 50)) < 1e-10)
        let inverse = vol.map { 1 / $0 }
        let total = inverse.reduce(0, +)
        expectClose(result.weights, inverse.map { $0 / total }, relative: 1e-9)
    }
}
