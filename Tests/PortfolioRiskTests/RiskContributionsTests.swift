import LinearAlgebra
import PortfolioRisk
import QuantTestSupport
import Testing

@Suite("Risk contributions")
struct RiskContributionsTests {
    /// Σ for vols 10%, 20%, 30% with correlations 0.2, 0.4, 0.5 — small enough to check by hand.
    static let covariance: Matrix = {
        let vol = [0.1, 0.2, 0.3]
        let corr: [[Double]] = [[1, 0.2, 0.4], [0.2, 1, 0.5], [0.4, 0.5, 1]]
        return Matrix(rows: 3, columns: 3) { i, j in corr[i][j] * vol[i] * vol[j] }
    }()

    @Test func handWorkedThreeAssetExample() throws {
        let w = [0.5, 0.3, 0.2]
        let rc = try RiskContributions(weights: w, covariance: Self.covariance)
        // Σw by hand: row 1 = 0.01·0.5 + 0.004·0.3 + 0.012·0.2 = 0.0086
        //             row 2 = 0.004·0.5 + 0.04·0.3 + 0.03·0.2  = 0.0200
        //             row 3 = 0.012·0.5 + 0.03·0.3 + 0.09·0.2  = 0.0330
        // wᵀΣw = 0.5·0.0086 + 0.3·0.02 + 0.2·0.033 = 0.0169, σ_p = 0.13
        expectClose(rc.volatility, 0.13, relative: 1e-14)
        expectClose(rc.absolute, [0.5 * 0.0086 / 0.13, 0.3 * 0.02 / 0.13, 0.2 * 0.033 / 0.13], relative: 1e-14)
        expectClose(rc.fractions, [0.0043 / 0.0169, 0.006 / 0.0169, 0.0066 / 0.0169], relative: 1e-14)
        expectClose(rc.marginal, [0.0086 / 0.13, 0.02 / 0.13, 0.033 / 0.13], relative: 1e-14)
    }

    @Test func contributionsAddUpToVolatility() throws {
        let w = [0.2, 0.7, 0.1]
        let rc = try RiskContributions(weights: w, covariance: Self.covariance)
        expectClose(rc.absolute.reduce(0, +), rc.volatility, relative: 1e-14)
        expectClose(rc.fractions.reduce(0, +), 1, relative: 1e-14)
    }

    @Test func badInputIsTyped() throws {
        #expect(throws: RiskContributionError.dimensionMismatch(weights: 2, covariance: Shape(rows: 3, columns: 3))) {
            try RiskContributions(weights: [0.5, 0.5], covariance: Self.covariance)
        }
        #expect(throws: RiskContributionError.nonFiniteWeight(index: 1)) {
            try RiskContributions(weights: [0.5, .nan, 0.5], covariance: Self.covariance)
        }
        var broken = Self.covariance
        broken[2, 1] = .infinity
        #expect(throws: RiskContributionError.nonFiniteCovariance(row: 2, column: 1)) {
            try RiskContributions(weights: [0.3, 0.3, 0.4], covariance: broken)
        }
        #expect(throws: RiskContributionError.nonPositiveVariance(0)) {
            try RiskContributions(weights: [0, 0, 0], covariance: Self.covariance)
        }
    }
}
