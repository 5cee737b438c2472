import Covariance
import LinearAlgebra
import QuantCore
import QuantTestSupport
import Testing

@Suite("Exponentially weighted covariance vs pandas ewm(...).cov()")
struct ExponentiallyWeightedTests {
    @Test(arguments: CovarianceFixture.complete)
    func halfLifeSpanAndAlphaMatchPandas(_ name: String) throws {
        let fixture = try CovarianceFixture.named(name)
        let panel = try fixture.panel()
        let byHalfLife = try ExponentiallyWeightedCovariance(halfLife: fixture.halfLife).estimate(from: panel)
        expectClose(byHalfLife.matrix, fixture.ewmHalfLife!.matrix, relative: 1e-10)
        let bySpan = try ExponentiallyWeightedCovariance(decay: .span(fixture.span!)).estimate(from: panel)
        expectClose(bySpan.matrix, fixture.ewmSpan!.matrix, relative: 1e-10)
        let byAlpha = try ExponentiallyWeightedCovariance(decay: .alpha(fixture.alpha!)).estimate(from: panel)
        expectClose(byAlpha.matrix, fixture.ewmAlpha!.matrix, relative: 1e-10)
        #expect(byHalfLife.effectiveSampleSize < Double(panel.dateCount))
        #expect(byHalfLife.method == "ewm")
    }

    @Test func pairwiseWithGapsMatchesPandas() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let estimate = try ExponentiallyWeightedCovariance(halfLife: fixture.halfLife, missing: .pairwise).estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.ewmPairwise!.matrix, relative: 1e-10)
    }

    @Test func dropRowsMatchesPandasOnCompleteRows() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let estimate = try ExponentiallyWeightedCovariance(halfLife: fixture.halfLife).estimate(from: fixture.panel())
        expectClose(estimate.matrix, fixture.ewmDropRows!.matrix, relative: 1e-10)
    }

    @Test func incrementalEqualsBatchAfter250Updates() throws {
        let fixture = try CovarianceFixture.named("medium")
        let panel = try fixture.panel()
        #expect(panel.dateCount == 250)
        let estimator = ExponentiallyWeightedCovariance(halfLife: fixture.halfLife)
        var state = try EWMCovarianceState(assets: panel.assets, decay: estimator.decay)
        for t in 0..<panel.dateCount { try state.update(with: panel.row(t), on: panel.dates[t]) }
        let batch = try estimator.estimate(from: panel)
        let running = try state.estimate()
        expectClose(running.matrix, batch.matrix, relative: 1e-12)
        expectClose(running.effectiveSampleSize, batch.effectiveSampleSize, relative: 1e-12)
        expectClose(running.matrix, fixture.ewmHalfLife!.matrix, relative: 1e-10)
        #expect(state.observations == 250)
    }

    @Test func incrementalPairwiseEqualsBatchAndPandas() throws {
        let fixture = try CovarianceFixture.named("gappy")
        let panel = try fixture.panel()
        let estimator = ExponentiallyWeightedCovariance(halfLife: fixture.halfLife, missing: .pairwise)
        let state = try EWMCovarianceState(estimator: estimator, history: panel)
        let batch = try estimator.estimate(from: panel)
        expectClose(try state.estimate().matrix, batch.matrix, relative: 1e-12)
        expectClose(try state.estimate().matrix, fixture.ewmPairwise!.matrix, relative: 1e-10)
        // Dropping incomplete rows in the running state equals the batch on complete rows.
        let dropping = try EWMCovarianceState(estimator: ExponentiallyWeightedCovariance(halfLife: fixture.halfLife), history: panel)
        expectClose(try dropping.estimate().matrix, fixture.ewmDropRows!.matrix, relative: 1e-10)
        #expect(dropping.observations == fixture.completeRows)
    }

    @Test func stateRejectsBadRows() throws {
        let day = TradingDate(year: 2024, month: 1, day: 2)!
        var state = try EWMCovarianceState(assets: ["A", "B"], decay: .halfLife(5), missing: .forbid)
        try state.update(with: [0.01, 0.02], on: day)
        let short = #expect(throws: CovarianceError.self) { try state.update(with: [0.01], on: day.adding(days: 1)) }
        #expect(short?.reason == .labelMismatch)
        let stale = #expect(throws: CovarianceError.self) { try state.update(with: [0.01, 0.0], on: day) }
        #expect(stale?.reason == .labelMismatch)
        let gap = #expect(throws: CovarianceError.self) { try state.update(with: [0.01, .nan], on: day.adding(days: 1)) }
        #expect(gap?.reason == .missingValue)
        #expect(gap?.asset == "B")
        #expect(gap?.date == day.adding(days: 1))
        let oneRow = #expect(throws: CovarianceError.self) { try state.estimate() }
        #expect(oneRow?.reason == .tooFewObservations)
        let other = try Panel(dates: [day.adding(days: 3)], assets: ["B", "A"], columns: [[0.0], [0.0]])
        let swapped = #expect(throws: CovarianceError.self) { try state.update(with: other) }
        #expect(swapped?.reason == .labelMismatch)
        #expect(swapped?.asset == "B")
        #expect(swapped?.date == day.adding(days: 3))
        #expect(state.observations == 1)
    }

    @Test func invalidDecayIsRejected() throws {
        let panel = try CovarianceFixture.named("small").panel()
        let error = #expect(throws: CovarianceError.self) { try ExponentiallyWeightedCovariance(halfLife: -3).estimate(from: panel) }
        #expect(error?.reason == .invalidParameter)
    }
}
