import LinearAlgebra
import QuantTestSupport
import RiskParity
import Testing

@Suite("Hierarchical risk parity against skfolio (single linkage)")
struct HierarchicalRiskParityTests {
    @Test(arguments: ["sp500-20", "sp500-20-short"])
    func matchesSkfolio(_ name: String) throws {
        let c = try HRPFixture.named(name)
        let sigma = try Matrix(rowMajor: c.covariance)
        #expect(try HierarchicalRiskParity.quasiDiagonalOrder(covariance: sigma) == c.ordering)
        let result = try HierarchicalRiskParity().solve(covariance: sigma)
        expectClose(result.weights, c.weights, relative: 1e-10)
        #expect(result.diagnostics.method == .hierarchical)
        expectClose(result.weights.reduce(0, +), 1, relative: 1e-14)
    }

    @Test func twoUncorrelatedAssetsGetInverseVarianceWeights() throws {
        let result = try HierarchicalRiskParity().solve(covariance: Matrix.diagonal([0.01, 0.04]))
        expectClose(result.weights, [0.8, 0.2], relative: 1e-14)
    }
}

@Suite("Volatility targeting")
struct VolatilityTargetingTests {
    @Test func scalesToTheTargetWithCash() throws {
        // Daily variance 1e-4 per asset, uncorrelated, equal weights: σ_annual = sqrt(0.5e-4 · 252) ≈ 11.2 %.
        let sigma = Matrix.diagonal([1e-4, 1e-4])
        let scaled = try VolatilityTargeting(annualVolatility: 0.05).apply(weights: [0.5, 0.5], covariance: sigma)
        let sigmaAnnual = (0.5e-4 * 252).squareRoot()
        expectClose(scaled.inputVolatility, sigmaAnnual, relative: 1e-14)
        expectClose(scaled.volatility, 0.05, relative: 1e-14)
        expectClose(scaled.cash, 1 - 0.05 / sigmaAnnual, relative: 1e-14)
        #expect(!scaled.leverageCapped)
    }

    @Test func leverageIsCapped() throws {
        let sigma = Matrix.diagonal([1e-4, 1e-4])
        let unlevered = try VolatilityTargeting(annualVolatility: 0.30).apply(weights: [0.5, 0.5], covariance: sigma)
        #expect(unlevered.scale == 1 && unlevered.cash == 0 && unlevered.leverageCapped)
        let levered = try VolatilityTargeting(annualVolatility: 0.30, maximumLeverage: 2).apply(weights: [0.5, 0.5], covariance: sigma)
        #expect(levered.scale == 2 && levered.cash == -1 && levered.leverageCapped)
        #expect(throws: RiskParityError.self) { try VolatilityTargeting(annualVolatility: 0).apply(weights: [1, 0], covariance: sigma) }
    }
}
