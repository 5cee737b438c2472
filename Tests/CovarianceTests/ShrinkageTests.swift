import Covariance
import LinearAlgebra
import QuantCore
import QuantTestSupport
import Testing

@Suite("Ledoit-Wolf and OAS vs scikit-learn")
struct ShrinkageTests {
    @Test(arguments: CovarianceFixture.complete)
    func ledoitWolfMatchesScikitLearn(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try LedoitWolf().estimate(from: fixture.panel())
        expectClose(estimate.shrinkage!, fixture.ledoitWolfShrinkage!, relative: 1e-10)
        expectClose(estimate.matrix, fixture.ledoitWolf!.matrix, relative: 1e-10)
        #expect(estimate.method == "ledoit-wolf")
    }

    @Test func ledoitWolfDropsIncompleteRows() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let estimate = try LedoitWolf().estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.ledoitWolfDropRows!.matrix, relative: 1e-10)
    }

    @Test(arguments: CovarianceFixture.complete)
    func oasMatchesScikitLearn(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let estimate = try OracleApproximatingShrinkage().estimate(from: fixture.panel())
        expectClose(estimate.shrinkage!, fixture.oasShrinkage!, relative: 1e-10)
        expectClose(estimate.matrix, fixture.oas!.matrix, relative: 1e-10)
        #expect(estimate.method == "oas")
    }

    /// Data with large offsets take the centred-copy path instead of the one-pass Gram correction;
    /// covariances are shift-invariant, so both paths must agree.
    @Test func largeOffsetsGiveTheSameEstimates() throws {
        let fixture = try CovarianceFixture.named("medium")
        let panel = try fixture.panel()
        let shifted = panel.mapValues { $0 + 3 }
        let estimators: [any CovarianceEstimator] = [SampleCovariance(), LedoitWolf(), OracleApproximatingShrinkage(), NonlinearShrinkage()]
        for estimator in estimators {
            let plain = try estimator.estimate(from: panel), offset = try estimator.estimate(from: shifted)
            expectClose(offset.matrix, plain.matrix, relative: 1e-9, floor: 1e-6, "\(type(of: estimator))")
            expectClose(offset.shrinkage ?? 0, plain.shrinkage ?? 0, relative: 1e-9, floor: 1e-9)
        }
        expectClose(try LedoitWolf().estimate(from: shifted).matrix, fixture.ledoitWolf!.matrix, relative: 1e-9, floor: 1e-6)
    }

    @Test func pairwiseIsRejected() throws {
        let panel = try CovarianceFixture.named("small").panel()
        let error = #expect(throws: CovarianceError.self) { try LedoitWolf(missing: .pairwise).estimate(from: panel) }
        #expect(error?.reason == .invalidParameter)
    }
}
