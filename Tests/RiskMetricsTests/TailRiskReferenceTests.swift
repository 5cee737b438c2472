import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("VaR and CVaR vs empyrical / quantstats / scipy")
struct TailRiskReferenceTests {
    @Test(arguments: RiskMetricsFixture.seriesCases)
    func tailFiguresMatch(_ c: RiskMetricsFixture.SeriesCase) throws {
        let risk = try c.series().tailRisk(confidence: c.confidence, conventions: c.conventions)
        let e = c.expected, tol = referenceTolerance
        // Historical: empyrical value_at_risk (numpy linear percentile) and conditional_value_at_risk.
        expectClose(risk.historicalVaR, e.varHistorical, relative: tol, "historical VaR (empyrical)")
        expectClose(risk.historicalCVaR, e.cvarHistorical, relative: tol, "historical CVaR (empyrical)")
        // Gaussian: quantstats value_at_risk = norm.ppf(1 - c, mean, std(ddof 1)).
        expectClose(risk.gaussianVaR, e.varGaussian, relative: tol, "Gaussian VaR (quantstats)")
        expectClose(risk.gaussianCVaR, e.cvarGaussian, relative: tol, "Gaussian CVaR (scipy closed form)")
        // Cornish-Fisher with scipy's biased skewness/kurtosis (PerformanceAnalytics "modified").
        expectClose(try #require(risk.cornishFisherVaR), e.varCornishFisher, relative: tol, "Cornish-Fisher VaR")
        #expect(risk.historicalCVaR <= risk.historicalVaR)
        #expect(risk.gaussianCVaR < risk.gaussianVaR)
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func summaryCarriesTheSameTailFigures(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        let summary = try series.performanceSummary(conventions: c.conventions, confidence: c.confidence)
        #expect(summary.tailRisk == (try series.tailRisk(confidence: c.confidence, conventions: c.conventions)))
    }

    @Test func horizonScalesBySquareRootOfTime() throws {
        let c = try #require(RiskMetricsFixture.seriesCases.first)
        let series = try c.series()
        let one = try series.tailRisk(confidence: 0.99)
        let ten = try series.tailRisk(confidence: 0.99, horizon: 10)
        let root10 = 10.0.squareRoot()
        expectClose(ten.historicalVaR, one.historicalVaR * root10, relative: 1e-15)
        expectClose(ten.historicalCVaR, one.historicalCVaR * root10, relative: 1e-15)
        expectClose(ten.gaussianVaR, one.gaussianVaR * root10, relative: 1e-15)
        expectClose(try #require(ten.cornishFisherVaR), try #require(one.cornishFisherVaR) * root10, relative: 1e-15)
    }

    @Test func gaussianQuantileIsAccurate() throws {
        // z_{0.05} and z_{0.01} from scipy.stats.norm.ppf.
        let series = try ReturnSeries([-1, 1].map { $0 * 0.01 })   // mean 0, std(ddof 1) = 0.01·√2
        let risk95 = try series.tailRisk(confidence: 0.95)
        expectClose(risk95.gaussianVaR, -1.6448536269514729 * 0.01 * 2.0.squareRoot(), relative: 1e-14)
        let risk99 = try series.tailRisk(confidence: 0.99)
        expectClose(risk99.gaussianVaR, -2.3263478740408408 * 0.01 * 2.0.squareRoot(), relative: 1e-14)
        let risk9999 = try series.tailRisk(confidence: 0.9999)
        expectClose(risk9999.gaussianVaR, -3.7190164854556804 * 0.01 * 2.0.squareRoot(), relative: 1e-13)
    }

    @Test func badConfidenceIsAnError() throws {
        let series = try ReturnSeries([0.01, -0.02, 0.03])
        for bad in [0.0, 1.0, 1.5, -0.1, Double.nan] {
            let error = #expect(throws: RiskMetricsError.self) { try series.tailRisk(confidence: bad) }
            #expect(error?.reason == .invalidParameter)
        }
        let error = #expect(throws: RiskMetricsError.self) { try series.tailRisk(horizon: 0) }
        #expect(error?.reason == .invalidParameter)
    }
}
