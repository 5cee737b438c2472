import Covariance
import LinearAlgebra
import QuantCore
import QuantTestSupport
import Testing

@Suite("Sample covariance vs numpy and pandas")
struct SampleCovarianceTests {
    @Test(arguments: CovarianceFixture.complete)
    func unbiasedMatchesNumpy(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try SampleCovariance().estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.sampleUnbiased!.matrix, relative: 1e-10)
        #expect(estimate.method == "sample")
        #expect(estimate.shrinkage == nil)
        #expect(estimate.observations == fixture.dates.count)
        #expect(estimate.assets.map(\.code) == fixture.assets)
    }

    @Test(arguments: CovarianceFixture.complete)
    func maximumLikelihoodMatchesNumpy(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try SampleCovariance.maximumLikelihood.estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.sampleML!.matrix, relative: 1e-10)
    }

    @Test func pairwiseMatchesPandas() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let estimate = try SampleCovariance(missing: .pairwise).estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.samplePairwise!.matrix, relative: 1e-10)
    }

    @Test func dropRowsMatchesPandasOnCompleteRows() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let estimate = try SampleCovariance().estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.sampleDropRows!.matrix, relative: 1e-10)
        #expect(estimate.observations == fixture.completeRows)
    }

    @Test func correlationRoundTrips() throws {
        let fixture = try CovarianceFixture.named("small")
        let estimate = try SampleCovariance().estimate(from: fixture.panel())
        let correlation = try estimate.correlation()
        for i in 0..<estimate.assets.count {
            #expect(correlation.matrix[i, i] == 1)
            for j in 0..<estimate.assets.count { #expect(abs(correlation.matrix[i, j]) <= 1 + 1e-12) }
        }
        expectClose(correlation.covariance(), estimate.matrix, relative: 1e-13)
        let s = fixture.sampleUnbiased!.matrix
        expectClose(correlation.matrix[0, 1], s[0, 1] / (s[0, 0] * s[1, 1]).squareRoot(), relative: 1e-12)
    }

    @Test func annualizationScalesByPeriods() throws {
        let fixture = try CovarianceFixture.named("small")
        let estimate = try SampleCovariance().estimate(from: fixture.panel())
        let yearly = estimate.annualized(periodsPerYear: 252)
        expectClose(yearly.matrix, 252 * fixture.sampleUnbiased!.matrix, relative: 1e-14)
        #expect(yearly.diagnostics["periodsPerYear"] == 252)
    }
}
