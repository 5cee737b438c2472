import LinearAlgebra
import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Portfolio structure, parametric VaR and factor exposure vs numpy / scipy")
struct PortfolioReferenceTests {
    @Test(arguments: RiskMetricsFixture.portfolioCases)
    func structureMatchesNumpy(_ c: RiskMetricsFixture.PortfolioCase) throws {
        let s = try PortfolioStructure(weights: c.weights, covariance: try Matrix(rowMajor: c.covariance), assets: c.symbols)
        let tol = referenceTolerance
        expectClose(s.volatility, c.volatility, relative: tol)
        expectClose(s.riskContributions, c.riskContributions, relative: tol, floor: 1e-12)
        expectClose(s.riskContributionFractions, c.fractions, relative: tol, floor: 1e-12)
        expectClose(s.riskContributions.reduce(0, +), s.volatility, relative: 1e-12, "contributions sum to the volatility")
        expectClose(s.diversificationRatio, c.diversificationRatio, relative: tol)
        expectClose(s.effectiveNumberOfBets, c.effectiveNumberOfBets, relative: tol)
        expectClose(s.herfindahl, c.herfindahl, relative: tol)
    }

    @Test(arguments: RiskMetricsFixture.portfolioCases)
    func parametricVaRMatchesScipy(_ c: RiskMetricsFixture.PortfolioCase) throws {
        let sigma = try Matrix(rowMajor: c.covariance)
        for e in [c.var95, c.var99] {
            let p = try PortfolioValueAtRisk(weights: c.weights, covariance: sigma, confidence: e.confidence, expectedReturns: c.expectedReturns)
            let tol = referenceTolerance
            expectClose(p.valueAtRisk, e.valueAtRisk, relative: tol)
            expectClose(p.conditionalValueAtRisk, e.conditionalValueAtRisk, relative: tol)
            expectClose(p.marginalVaR, e.marginalVaR, relative: tol, floor: 1e-12)
            expectClose(p.componentVaR, e.componentVaR, relative: tol, floor: 1e-12)
            expectClose(p.componentCVaR, e.componentCVaR, relative: tol, floor: 1e-12)
            expectClose(p.componentVaR.reduce(0, +), p.valueAtRisk, relative: 1e-12, "component VaR sums to VaR")
            expectClose(p.componentCVaR.reduce(0, +), p.conditionalValueAtRisk, relative: 1e-12, "component CVaR sums to CVaR")
        }
    }

    @Test func zeroMeanVaRIsZTimesVolatilityAndScalesWithHorizon() throws {
        let sigma = try Matrix(rowMajor: [[0.04, 0.006], [0.006, 0.09]])
        let w = [0.7, 0.3]
        let p1 = try PortfolioValueAtRisk(weights: w, covariance: sigma, confidence: 0.99)
        let p10 = try PortfolioValueAtRisk(weights: w, covariance: sigma, confidence: 0.99, horizon: 10)
        let vol = try PortfolioStructure(weights: w, covariance: sigma).volatility
        expectClose(p1.valueAtRisk, -2.3263478740408408 * vol, relative: 1e-14)
        expectClose(p10.valueAtRisk, p1.valueAtRisk * 10.0.squareRoot(), relative: 1e-14)
        expectClose(p10.componentVaR.reduce(0, +), p10.valueAtRisk, relative: 1e-13)
    }

    @Test(arguments: RiskMetricsFixture.portfolioCases)
    func factorExposureAndRegressionMatchNumpy(_ c: RiskMetricsFixture.PortfolioCase) throws {
        let exposure = try FactorExposure(weights: c.weights, scores: try Matrix(rowMajor: c.factorScores),
                                          factors: ["value", "momentum", "quality", "size"])
        expectClose(exposure.exposures, c.factorExposures, relative: referenceTolerance, floor: 1e-12)
        #expect(exposure.factors == ["value", "momentum", "quality", "size"])
        let fit = try FactorRegression(returns: c.portfolioReturns, factors: try Matrix(rowMajor: c.factorReturns))
        let e = c.regression
        expectClose(fit.intercept, e.intercept, relative: 1e-8, floor: 1e-12, "intercept near zero: absolute floor")
        expectClose(fit.betas, e.betas, relative: referenceTolerance)
        expectClose(fit.rSquared, e.rSquared, relative: referenceTolerance)
        expectClose(fit.adjustedRSquared, e.adjustedRSquared, relative: referenceTolerance)
        expectClose(fit.residualVolatility, e.residualVolatility, relative: referenceTolerance)
        #expect(fit.names == ["factor1", "factor2", "factor3"])
    }

    @Test func equalWeightsOfUncorrelatedEqualAssets() throws {
        let n = 4
        let s = try PortfolioStructure(weights: [Double](repeating: 0.25, count: n), covariance: .diagonal([Double](repeating: 0.01, count: n)))
        expectClose(s.effectiveNumberOfBets, 4, relative: 1e-14)
        expectClose(s.herfindahl, 0.25, relative: 1e-14)
        expectClose(s.diversificationRatio, 2, relative: 1e-14)   // sqrt(N)
    }

    @Test func collinearFactorsAreSingular() throws {
        let f = try Matrix(rowMajor: (0..<10).map { t in [Double(t), 2 * Double(t)] })
        let error = #expect(throws: RiskMetricsError.self) {
            try FactorRegression(returns: (0..<10).map { 0.01 * Double($0 % 3) }, factors: f)
        }
        #expect(error?.reason == .singular)
    }
}
