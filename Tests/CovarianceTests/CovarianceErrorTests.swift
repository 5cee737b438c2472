import Covariance
import LinearAlgebra
import QuantCore
import Testing

@Suite("Bad input gives typed errors")
struct CovarianceErrorTests {
    static let day = TradingDate(year: 2024, month: 3, day: 28)!
    static let estimators: [any CovarianceEstimator] = [
        SampleCovariance(missing: .forbid), LedoitWolf(missing: .forbid), OracleApproximatingShrinkage(missing: .forbid),
        ExponentiallyWeightedCovariance(halfLife: 10, missing: .forbid),
    ]

    @Test func oneObservationIsTooFew() throws {
        let panel = try Panel(dates: [Self.day], assets: ["005930", "000660"], columns: [[0.01], [0.02]])
        for estimator in Self.estimators {
            let error = #expect(throws: CovarianceError.self) { try estimator.estimate(from: panel) }
            #expect(error?.reason == .tooFewObservations, "\(type(of: estimator))")
        }
    }

    @Test func emptyUniverse() throws {
        let panel = try Panel(dates: [Self.day, Self.day.adding(days: 1)], assets: [], columns: [])
        for estimator in Self.estimators {
            let error = #expect(throws: CovarianceError.self) { try estimator.estimate(from: panel) }
            #expect(error?.reason == .emptyUniverse)
        }
    }

    @Test func missingValueUnderForbidNamesAssetAndDate() throws {
        let dates = [Self.day, Self.day.adding(days: 1), Self.day.adding(days: 4)]
        let panel = try Panel(dates: dates, assets: ["005930", "000660"], columns: [[0.01, 0.0, 0.02], [0.02, .nan, 0.01]])
        for estimator in Self.estimators {
            let error = #expect(throws: CovarianceError.self) { try estimator.estimate(from: panel) }
            #expect(error?.reason == .missingValue)
            #expect(error?.asset == "000660")
            #expect(error?.date == dates[1])
            #expect(error.map { "\($0)" }?.contains("000660 on 2024-03-29") == true)
        }
    }

    @Test func infinityIsNonFiniteUnderEveryPolicy() throws {
        let dates = [Self.day, Self.day.adding(days: 1), Self.day.adding(days: 4)]
        let panel = try Panel(dates: dates, assets: ["A", "B"], columns: [[0.01, 0.0, .infinity], [0.02, 0.01, 0.01]])
        for policy in MissingDataPolicy.allCases {
            let error = #expect(throws: CovarianceError.self) { try SampleCovariance(missing: policy).estimate(from: panel) }
            #expect(error?.reason == .nonFinite)
            #expect(error?.asset == "A")
            #expect(error?.date == dates[2])
        }
    }

    @Test func droppingRowsCanLeaveTooFew() throws {
        let dates = [Self.day, Self.day.adding(days: 1), Self.day.adding(days: 4)]
        let panel = try Panel(dates: dates, assets: ["A", "B"], columns: [[0.01, .nan, 0.02], [0.02, 0.01, .nan]])
        let error = #expect(throws: CovarianceError.self) { try SampleCovariance().estimate(from: panel) }
        #expect(error?.reason == .tooFewObservations)
        #expect(error?.detail.contains("dropping") == true)
    }

    @Test func mismatchedLabels() throws {
        let error = #expect(throws: CovarianceError.self) {
            try CorrelationMatrix(covariance: Matrix.identity(3), assets: ["A", "B"])
        }
        #expect(error?.reason == .labelMismatch)
        let zero = #expect(throws: CovarianceError.self) {
            try CorrelationMatrix(covariance: Matrix.diagonal([1, 0]), assets: ["A", "B"])
        }
        #expect(zero?.reason == .nonFinite)
        #expect(zero?.asset == "B")
    }

    @Test func restrictingToUnknownAssetsIsALabelMismatch() throws {
        let dates = [Self.day, Self.day.adding(days: 1), Self.day.adding(days: 4)]
        let panel = try Panel(dates: dates, assets: ["A", "B", "C"], columns: [[0.01, 0.0, 0.02], [0.02, 0.01, -0.01], [0.0, 0.03, 0.01]])
        let estimate = try SampleCovariance().estimate(from: panel)
        let sub = try estimate.restricted(to: ["C", "A"])
        #expect(sub.assets == ["C", "A"])
        #expect(sub.matrix[0, 1] == estimate.matrix[2, 0])
        #expect(sub.matrix[0, 0] == estimate.matrix[2, 2])
        let error = #expect(throws: CovarianceError.self) { try estimate.restricted(to: ["A", "Z"]) }
        #expect(error?.reason == .labelMismatch)
        #expect(error?.asset == "Z")
    }

    @Test func ddofMustLeaveObservations() throws {
        let dates = [Self.day, Self.day.adding(days: 1)]
        let panel = try Panel(dates: dates, assets: ["A"], columns: [[0.01, 0.02]])
        let error = #expect(throws: CovarianceError.self) { try SampleCovariance(ddof: 2).estimate(from: panel) }
        #expect(error?.reason == .tooFewObservations)
        let negative = #expect(throws: CovarianceError.self) { try SampleCovariance(ddof: -1).estimate(from: panel) }
        #expect(negative?.reason == .invalidParameter)
    }
}
