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

    @Test func pairwiseIsRejected() throws {
        let panel = try CovarianceFixture.named("small").panel()
        let error = #expect(throws: CovarianceError.self) { try LedoitWolf(missing: .pairwise).estimate(from: panel) }
        #expect(error?.reason == .invalidParameter)
    }
}
