import LinearAlgebra
import QuantTestSupport
import RiskParity
import Testing

@Suite("Bounded risk budgeting against riskparityportfolio's SCA and scipy SLSQP")
struct BoundedRiskBudgetingTests {
    static func objective(_ w: [Double], _ sigma: Matrix, _ b: [Double]) throws -> Double {
        let u = try sigma.multiplied(by: w)
        var v = 0.0
        for i in w.indices { v += w[i] * u[i] }
        var f = 0.0
        for i in w.indices { let e = w[i] * u[i] / v - b[i]; f += e * e }
        return f
    }

    @Test(arguments: ["sp500-20-bounds", "sp500-20-bounds-sector", "factor-100-bounds-sectors"])
    func matchesTheBoundedReferences(_ name: String) throws {
        let c = try BoundedFixture.named(name)
        let sigma = try Matrix(rowMajor: c.covariance)
        let bounds = WeightBounds(minimum: c.minimum, maximum: c.maximum,
                                  groups: c.groups.enumerated().map { GroupLimit(name: "g\($0.offset)", members: $0.element.members, maximum: $0.element.maximum) })
        let result = try BoundedRiskBudgeting().solve(covariance: sigma, budgets: c.budgets, bounds: bounds)
        let d = result.diagnostics
        #expect(d.method == .boundedProjectedGradient)
        #expect(d.converged, "KKT residual \(d.kktResidual ?? .nan) after \(d.iterations)")
        #expect((d.kktResidual ?? 1) < 1e-12)
        // Feasible.
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-12)
        for i in result.weights.indices {
            #expect(result.weights[i] >= c.minimum[i] - 1e-15 && result.weights[i] <= c.maximum[i] + 1e-15)
        }
        for g in c.groups { #expect(g.members.map { result.weights[$0] }.reduce(0, +) <= g.maximum + 1e-12) }
        // The same point as both references (they agree to ~5e-9 with each other), and no worse.
        let f = try Self.objective(result.weights, sigma, c.budgets)
        expectClose(d.budgetDistance ?? .nan, f.squareRoot(), relative: 1e-9)
        // SLSQP's point is feasible to 1e-16: ours must be no worse. riskparityportfolio's SCA
        // violates the constraints by up to 1e-11 (quadprog's tolerance), which buys it up to
        // 1e-9 of relative objective.
        #expect(f <= c.slsqp.objective * (1 + 1e-12))
        #expect(f <= c.riskparityportfolio.objective * (1 + 1e-8))
        // The two references differ by up to 1e-8 in weight; agreement is checked at 2e-8.
        expectClose(result.weights, c.riskparityportfolio.weights, relative: 2e-6, floor: 1e-2)
        expectClose(result.weights, c.slsqp.weights, relative: 2e-6, floor: 1e-2)
        // The bounds bind, so parity is not reachable: the distance to the budgets is reported.
        #expect(d.maxRelativeError > 0.01)
    }

    @Test func slackBoundsGiveTheExactUnconstrainedSolution() throws {
        let c = try ERCFixture.named("sp500-20")
        let sigma = try c.matrix()
        let result = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: WeightBounds(count: 20, minimum: 0.001, maximum: 0.5))
        #expect(result.diagnostics.converged)
        #expect(result.diagnostics.maxRelativeError < 1e-10)
        #expect((result.diagnostics.budgetDistance ?? 1) < 1e-10)
        expectClose(result.weights, c.polished.weights, relative: 1e-9)
    }

    @Test func aBindingCapIsHitExactly() throws {
        // Asset 3 gets 6/11 ≈ 0.545 unconstrained; cap it at 0.4.
        let sigma = Matrix.diagonal([0.01, 0.04, 0.09])
        let result = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: WeightBounds(minimum: [0, 0, 0], maximum: [0.4, 1, 1]))
        #expect(result.diagnostics.converged)
        expectClose(result.weights[0], 0.4, relative: 1e-12)
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-12)
    }

    @Test func groupFloorsAndWarmStartsAreHonoured() throws {
        let c = try ERCFixture.named("sp500-20")
        let sigma = try c.matrix()
        // The five lowest ERC weights must together hold at least 30 %.
        let lowest = Array(c.polished.weights.enumerated().sorted { $0.element < $1.element }.prefix(5).map(\.offset))
        let floorSum = lowest.map { c.polished.weights[$0] }.reduce(0, +)
        #expect(floorSum < 0.3)
        let bounds = WeightBounds(count: 20, maximum: 0.2, groups: [GroupLimit(name: "defensive", members: lowest, minimum: 0.3)])
        let cold = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: bounds)
        #expect(cold.diagnostics.converged)
        expectClose(lowest.map { cold.weights[$0] }.reduce(0, +), 0.3, relative: 1e-12)
        // From its own solution, a warm start needs no step.
        let warm = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: bounds, warmStart: cold.weights)
        #expect(warm.diagnostics.iterations == 0)
        expectClose(warm.weights, cold.weights, relative: 1e-12)
        // An iteration limit of zero returns the (feasible) projected start, unconverged.
        let stopped = try BoundedRiskBudgeting(maxIterations: 0).solve(covariance: sigma, bounds: bounds)
        #expect(!stopped.diagnostics.converged)
        #expect(lowest.map { stopped.weights[$0] }.reduce(0, +) >= 0.3 - 1e-12)
    }
}
