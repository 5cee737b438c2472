import LinearAlgebra
import QuantCore
import QuantTestSupport
import RiskParity
import Testing

@Suite("Fallbacks and typed errors")
struct FallbackAndErrorTests {
    static let sigma3 = try! Matrix(rowMajor: [[0.04, 0.02, 0], [0.02, 0.04, 0], [0, 0, 0.01]])

    @Test func notPositiveDefiniteIsRepairedAndSolved() throws {
        // Pairwise correlations 0.9, 0.9 and -0.5 cannot coexist: the matrix is indefinite.
        let sigma = try Matrix(rowMajor: [[1, 0.9, 0.9], [0.9, 1, -0.5], [0.9, -0.5, 1]])
        #expect(throws: LinearAlgebraError.self) { try CholeskyFactorization(sigma) }
        let result = try RiskBudgeting().solve(covariance: sigma)
        guard case let .repairedCovariance(minimum)? = result.diagnostics.fallbacks.first else {
            Issue.record("expected a repair, got \(result.diagnostics.fallbacks)"); return
        }
        #expect(minimum < 0)
        #expect(result.diagnostics.converged)
        #expect(result.diagnostics.maxRelativeError < 1e-10)
        #expect(result.diagnostics.fallbackReason?.contains("not positive definite") == true)
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-14)
    }

    /// Above the up-front limit the Cholesky test runs when the solver fails: 80 assets with every
    /// correlation -0.5 (the equal-weight portfolio has negative variance, 80 - 0.5 · 80 · 79), so
    /// the sweep meets a non-positive `xᵀΣx` and stops, and the repair is recorded.
    @Test func aSolverFailureAboveTheLimitLeadsToTheRepair() throws {
        let n = 80
        #expect(n > RiskBudgeting.upfrontDefinitenessCheckLimit)
        let sigma = Matrix(rows: n, columns: n) { i, j in i == j ? 0.04 : -0.5 * 0.04 }
        #expect(throws: LinearAlgebraError.self) { try CholeskyFactorization(sigma) }
        let result = try RiskBudgeting().solve(covariance: sigma)
        guard case let .repairedCovariance(minimum)? = result.diagnostics.fallbacks.first else {
            Issue.record("expected a repair, got \(result.diagnostics.fallbacks)"); return
        }
        #expect(minimum < 0)
        // The repair makes the equal-weight portfolio (nearly) riskless, so what follows is the
        // usual chain; whichever step answers, the weights are a portfolio.
        #expect(result.weights.allSatisfy { $0.isFinite && $0 >= 0 })
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-12)
        // Without the check nothing repairs it, and no solver reaches the tolerance.
        let unchecked = try RiskBudgeting(repairsCovariance: false).solve(covariance: sigma)
        #expect(!unchecked.diagnostics.fallbacks.contains { if case .repairedCovariance = $0 { true } else { false } })
    }

    @Test func zeroVolatilityAssetIsExcluded() throws {
        var sigma = Matrix(rows: 4, columns: 4)
        for i in 0..<3 { for j in 0..<3 { sigma[i, j] = Self.sigma3[i, j] } }
        let result = try RiskBudgeting().solve(covariance: sigma)
        #expect(result.weights[3] == 0)
        #expect(result.diagnostics.excludedAssets == [3])
        #expect(result.diagnostics.converged)
        let s6 = 6.0.squareRoot()
        expectClose(Array(result.weights.prefix(3)), [1 / (2 + s6), 1 / (2 + s6), s6 / (2 + s6)], relative: 1e-10)
    }

    @Test func unconvergedSolversFallBackToInverseVolatility() throws {
        let solver = RiskBudgeting(maxNewtonIterations: 0, maxSweeps: 0)
        let result = try solver.solve(covariance: Self.sigma3)
        #expect(result.diagnostics.method == .inverseVolatility)
        #expect(!result.diagnostics.converged)
        #expect(result.diagnostics.fallbacks.count == 2)
        if case .switchedSolver(from: .coordinateDescent, _)? = result.diagnostics.fallbacks.first {} else { Issue.record("\(result.diagnostics.fallbacks)") }
        if case .inverseVolatility? = result.diagnostics.fallbacks.last {} else { Issue.record("\(result.diagnostics.fallbacks)") }
        expectClose(result.weights, [0.25, 0.25, 0.5], relative: 1e-14)   // 1/σ = 5, 5, 10
        #expect(result.diagnostics.maxRelativeError > 0.01)
    }

    @Test func aStalledSolverHandsOverToTheOther() throws {
        let result = try RiskBudgeting(algorithm: .coordinateDescent, maxSweeps: 1).solve(covariance: ERCFixture.named("sp500-20").matrix())
        #expect(result.diagnostics.method == .newton)
        #expect(result.diagnostics.converged)
        #expect(result.diagnostics.maxRelativeError < 1e-10)
    }

    @Test func malformedInputIsATypedErrorNamingTheProblem() throws {
        func reason(_ body: () throws -> Void) -> RiskParityError? {
            do { try body(); return nil } catch let e as RiskParityError { return e } catch { return nil }
        }
        let solver = RiskBudgeting()
        #expect(reason { _ = try solver.solve(covariance: Matrix(rows: 0, columns: 0)) }?.reason == .emptyCovariance)
        #expect(reason { _ = try solver.solve(covariance: Matrix(rows: 2, columns: 3)) }?.reason == .notSquare)
        var asym = Self.sigma3
        asym[2, 0] = 0.001
        let e1 = reason { _ = try solver.solve(covariance: asym, assets: ["A", "B", "C"]) }
        #expect(e1?.reason == .notSymmetric && e1?.assetIndex == 2 && e1?.asset == "C")
        var nan = Self.sigma3
        nan[1, 1] = .nan
        let e2 = reason { _ = try solver.solve(covariance: nan) }
        #expect(e2?.reason == .nonFinite && e2?.assetIndex == 1)
        let e3 = reason { _ = try solver.solve(covariance: Self.sigma3, budgets: [0.5, 0.6, -0.1]) }
        #expect(e3?.reason == .invalidBudget && e3?.assetIndex == 2)
        let e4 = reason { _ = try solver.solve(covariance: Self.sigma3, budgets: [0.5, 0.3, 0.1]) }
        #expect(e4?.reason == .budgetSum)
        #expect(e4?.description.contains("0.9") == true)
        // Within 1e-9 is accepted and not renormalised.
        #expect(reason { _ = try solver.solve(covariance: Self.sigma3, budgets: [0.5, 0.3, 0.2 + 5e-10]) } == nil)
        #expect(reason { _ = try solver.solve(covariance: Self.sigma3, budgets: [0.5, 0.5]) }?.reason == .dimensionMismatch)
        #expect(reason { _ = try solver.solve(covariance: Self.sigma3, warmStart: [1, .nan, 1]) }?.reason == .nonFinite)
        #expect(reason { _ = try solver.solve(covariance: Matrix(rows: 2, columns: 2)) }?.reason == .noInvestableAsset)
        let bounded = BoundedRiskBudgeting()
        let e5 = reason { _ = try bounded.solve(covariance: Self.sigma3, bounds: WeightBounds(count: 3, minimum: 0.4)) }
        #expect(e5?.reason == .infeasibleBounds)
        #expect(e5?.description.contains("1.2") == true)
        let e6 = reason { _ = try bounded.solve(covariance: Self.sigma3, bounds: WeightBounds(minimum: [0, 0.5, 0], maximum: [1, 0.4, 1])) }
        #expect(e6?.reason == .infeasibleBounds && e6?.assetIndex == 1)
        #expect(reason { _ = try bounded.solve(covariance: Self.sigma3, bounds: WeightBounds(count: 3, maximum: 0.3)) }?.reason == .infeasibleBounds)
        let groups = [GroupLimit(name: "tech", members: [0, 1], maximum: 0.2)]
        let e7 = reason { _ = try bounded.solve(covariance: Self.sigma3, bounds: WeightBounds(count: 3, maximum: 0.7, groups: groups)) }
        #expect(e7?.reason == .infeasibleBounds)
        #expect(e7?.description.contains("below 1") == true)
    }

    @Test func degenerateButWellFormedInputsStillGetWeights() throws {
        let single = try RiskBudgeting().solve(covariance: Matrix.diagonal([0.04]))
        #expect(single.weights == [1] && single.diagnostics.converged)
        // Perfectly negatively correlated, equal volatility: (1, 1) has zero variance, so the
        // matrix is singular; the answer is still (½, ½) whichever fallback produces it.
        let hedge = try Matrix(rowMajor: [[0.04, -0.04], [-0.04, 0.04]])
        let result = try RiskBudgeting().solve(covariance: hedge)
        expectClose(result.weights, [0.5, 0.5], relative: 1e-9)
        #expect(!result.diagnostics.fallbacks.isEmpty)
        // A zero budget with every other asset excluded leaves nothing to invest in.
        var sigma = Matrix.diagonal([0.04, 0])
        #expect(throws: RiskParityError.self) { try RiskBudgeting().solve(covariance: sigma, budgets: [0, 1]) }
        sigma[1, 1] = 0.01
        let partial = try RiskBudgeting().solve(covariance: sigma, budgets: [0, 1])
        #expect(partial.weights == [0, 1])
    }
}
