import Covariance
import LinearAlgebra
import QuantCore
import QuantTestSupport
import Testing

@Suite("Constant-correlation, nonlinear shrinkage and denoising vs references")
struct AdvancedEstimatorTests {
    @Test(arguments: CovarianceFixture.complete)
    func constantCorrelationMatchesTheFormula(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try ConstantCorrelationShrinkage().estimate(from: fixture.panel())
        expectClose(estimate.shrinkage!, fixture.constantCorrelationShrinkage!, relative: 1e-10)
        expectClose(estimate.matrix, fixture.constantCorrelation!.matrix, relative: 1e-10)
        #expect(estimate.shrinkage! > 0 && estimate.shrinkage! < 1)
    }

    @Test(arguments: CovarianceFixture.complete)
    func nonlinearShrinkageMatchesTheFormula(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try NonlinearShrinkage().estimate(from: fixture.panel())
        // Entries near zero are compared against the matrix scale.
        let scale = fixture.nonlinear!.matrix.diagonalElements.max()!
        expectClose(estimate.matrix, fixture.nonlinear!.matrix, relative: 1e-8, floor: scale * 1e-3)
        let eigenvalues = try SymmetricEigendecomposition(estimate.matrix).values
        expectClose(eigenvalues, fixture.nonlinearEigenvalues!.sorted(), relative: 1e-8)
    }

    @Test(arguments: CovarianceFixture.complete + ["sectors"])
    func denoisingMatchesSkfolio(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try DenoisedCovariance().estimate(from: fixture.panel())
        #expect(estimate.diagnostics["factors"] == Double(fixture.denoisedFactors!))
        let scale = fixture.denoised!.matrix.diagonalElements.max()!
        expectClose(estimate.matrix, fixture.denoised!.matrix, relative: 1e-8, floor: scale * 1e-3)
        // Variances are kept.
        expectClose(estimate.variances, fixture.sampleUnbiased!.matrix.diagonalElements, relative: 1e-12)
    }
}

@Suite("Nearest positive semidefinite vs statsmodels")
struct NearestPositiveSemidefiniteTests {
    struct Cases: Decodable {
        struct Case: Decodable {
            let correlation: [[Double]]
            let covariance: [[Double]]
            let corrNearest: [[Double]]
            let covNearestClipped: [[Double]]
            let covNearestHigham: [[Double]]
        }
        let cases: [Case]
    }

    static func cases() throws -> [Cases.Case] { try Fixture.load(Cases.self, named: "nearest_psd", in: .module).cases }

    @Test func clippingMatchesCovNearest() throws {
        for c in try Self.cases() {
            let repaired = try NearestPositiveSemidefinite().repairedCovariance(c.covariance.matrix)
            expectClose(repaired, c.covNearestClipped.matrix, relative: 1e-10, floor: 1e-6)
            #expect(try SymmetricEigendecomposition(repaired).values.first! > -1e-14)
        }
    }

    @Test func highamMatchesCorrNearestAndCovNearest() throws {
        let higham = NearestPositiveSemidefinite(method: .higham)
        for c in try Self.cases() {
            expectClose(try higham.repairedCorrelation(c.correlation.matrix), c.corrNearest.matrix, relative: 1e-8, floor: 1e-3)
            expectClose(try higham.repairedCovariance(c.covariance.matrix), c.covNearestHigham.matrix, relative: 1e-8, floor: 1e-6)
        }
    }

    @Test func pairwiseEstimatesAreRepairedLikeStatsmodels() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let panel = try fixture.panel()
        let sample = try NearestPositiveSemidefinite().repair(SampleCovariance(missing: .pairwise).estimate(from: panel))
        expectClose(sample.matrix, fixture.samplePairwiseRepaired!.matrix, relative: 1e-10)
        let ewm = try NearestPositiveSemidefinite().repair(ExponentiallyWeightedCovariance(halfLife: 10, missing: .pairwise).estimate(from: panel))
        expectClose(ewm.matrix, fixture.ewmPairwiseRepaired!.matrix, relative: 1e-10)
    }

    @Test func indefinitePairwiseEstimatesAreRepairedLikeStatsmodels() throws {
        let fixture = try CovarianceFixture.named("sparse")
        let panel = try fixture.panel()
        let raw = try SampleCovariance(missing: .pairwise).estimate(from: panel)
        expectClose(raw.matrix, fixture.samplePairwise!.matrix, relative: 1e-10)
        #expect(try SymmetricEigendecomposition(raw.matrix).values.first! < 0)
        let clipped = try NearestPositiveSemidefinite().repair(raw)
        #expect(clipped.diagnostics["repaired"] == 1)
        #expect(clipped.diagnostics["minimumEigenvalueBefore"]! < 0)
        expectClose(clipped.matrix, fixture.samplePairwiseRepaired!.matrix, relative: 1e-9, floor: 1e-6)
        expectClose(clipped.variances, raw.variances, relative: 1e-12)
        let higham = try NearestPositiveSemidefinite(method: .higham).repair(raw)
        expectClose(higham.matrix, fixture.samplePairwiseHigham!.matrix, relative: 1e-8, floor: 1e-6)
        let ewmRaw = try ExponentiallyWeightedCovariance(halfLife: fixture.halfLife, missing: .pairwise).estimate(from: panel)
        expectClose(ewmRaw.matrix, fixture.ewmPairwise!.matrix, relative: 1e-10)
        let ewm = try NearestPositiveSemidefinite().repair(ewmRaw)
        expectClose(ewm.matrix, fixture.ewmPairwiseRepaired!.matrix, relative: 1e-9, floor: 1e-6)
        // The running state agrees with the batch pairwise estimate.
        let state = try EWMCovarianceState(estimator: ExponentiallyWeightedCovariance(halfLife: fixture.halfLife, missing: .pairwise), history: panel)
        expectClose(try state.estimate().matrix, ewmRaw.matrix, relative: 1e-12)
    }

    @Test func positiveDefiniteInputIsUnchanged() throws {
        let fixture = try CovarianceFixture.named("small")
        let estimate = try SampleCovariance().estimate(from: fixture.panel())
        for method in NearestPositiveSemidefinite.Method.allCases {
            let repaired = try NearestPositiveSemidefinite(method: method).repair(estimate)
            #expect(repaired.matrix == estimate.matrix)
            #expect(repaired.diagnostics["repaired"] == 0)
        }
    }
}
