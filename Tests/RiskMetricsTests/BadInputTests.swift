import Foundation
import LinearAlgebra
import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Bad input: typed errors or explicit nil, never NaN, never a trap")
struct BadInputTests {
    let dates = (2...6).map { TradingDate(year: 2024, month: 1, day: $0)! }

    @Test func emptySeriesIsAnError() {
        let error = #expect(throws: RiskMetricsError.self) { try ReturnSeries([]) }
        #expect(error?.reason == .empty)
        let allMissing = #expect(throws: RiskMetricsError.self) { try ReturnSeries.droppingMissing([.nan, .nan], asset: "X") }
        #expect(allMissing?.reason == .empty)
        #expect(allMissing?.asset == "X")
    }

    @Test func nonFiniteValueNamesAssetAndDate() {
        let error = #expect(throws: RiskMetricsError.self) {
            try ReturnSeries([0.01, 0.02, .infinity, 0.0, 0.01], dates: dates, asset: "005930")
        }
        #expect(error?.reason == .nonFinite)
        #expect(error?.asset == "005930")
        #expect(error?.date == dates[2])
        #expect(error?.index == 2)
        #expect(error?.description.contains("2024-01-04") == true)
        // NaN is missing only where missing values are expected to be dropped.
        let nan = #expect(throws: RiskMetricsError.self) { try ReturnSeries([0.01, .nan]) }
        #expect(nan?.reason == .nonFinite)
        // An infinity is never "missing".
        let inf = #expect(throws: RiskMetricsError.self) { try ReturnSeries.droppingMissing([0.01, .nan, -.infinity]) }
        #expect(inf?.reason == .nonFinite)
    }

    @Test func mismatchedLengthsAreAnError() {
        let error = #expect(throws: RiskMetricsError.self) { try ReturnSeries([0.01, 0.02], dates: dates) }
        #expect(error?.reason == .lengthMismatch)
        let weights = #expect(throws: RiskMetricsError.self) {
            try PortfolioStructure(weights: [0.5, 0.5], covariance: .identity(3))
        }
        #expect(weights?.reason == .lengthMismatch)
    }

    @Test func lossBeyondHundredPercentIsAnError() {
        let error = #expect(throws: RiskMetricsError.self) { try ReturnSeries([0.01, -1.2], dates: Array(dates[0..<2])) }
        #expect(error?.reason == .invalidValue)
        #expect(error?.date == dates[1])
    }

    @Test func unsortedDatesAreAnError() {
        let error = #expect(throws: RiskMetricsError.self) { try ReturnSeries([0.01, 0.02], dates: [dates[1], dates[0]]) }
        #expect(error?.reason == .labelMismatch)
    }

    @Test func zeroVolatilityGivesNilNotNaN() throws {
        let series = try ReturnSeries([0.001, 0.001, 0.001, 0.001])
        let s = try series.performanceSummary()
        #expect(s.volatility == 0)
        #expect(s.sharpe == nil)
        #expect(s.skewness == nil && s.kurtosis == nil)
        #expect(s.tailRisk.cornishFisherVaR == nil)
        #expect(try series.sharpeRatio() == nil)
        #expect(s.tailRatio != nil)
        // Every non-optional figure is a real number.
        for x in [s.totalReturn, s.cagr, s.volatility, s.best, s.worst, s.drawdown.ulcerIndex,
                  s.tailRisk.historicalVaR, s.tailRisk.gaussianVaR, s.tailRisk.gaussianCVaR] {
            #expect(x.isFinite)
        }
    }

    @Test func allZeroReturnsHaveNoHitRateOrTailRatio() throws {
        let s = try ReturnSeries([0, 0, 0]).performanceSummary()
        #expect(s.hitRate == nil)
        #expect(s.tailRatio == nil)
    }

    @Test func oneObservationIsTooFew() throws {
        let series = try ReturnSeries([0.01])
        let error = #expect(throws: RiskMetricsError.self) { try series.performanceSummary() }
        #expect(error?.reason == .tooFewObservations)
        #expect(throws: RiskMetricsError.self) { try series.sharpeRatio() }
        #expect(throws: RiskMetricsError.self) { try series.annualizedVolatility() }
        expectClose(series.totalReturn(), 0.01, relative: 1e-15)
    }

    @Test func invalidConventionsAreAnError() throws {
        let series = try ReturnSeries([0.01, 0.02, -0.01])
        for c in [PerformanceConventions(periodsPerYear: 0), PerformanceConventions(ddof: -1),
                  PerformanceConventions(annualRiskFreeRate: -1), PerformanceConventions(periodsPerYear: .nan)] {
            let error = #expect(throws: RiskMetricsError.self) { try series.performanceSummary(conventions: c) }
            #expect(error?.reason == .invalidParameter)
        }
    }

    @Test func undatedSeriesHasNoCalendarTable() throws {
        let error = #expect(throws: RiskMetricsError.self) { try PeriodReturnTable(try ReturnSeries([0.01, 0.02])) }
        #expect(error?.reason == .missingDates)
    }

    @Test func portfolioInputsNameTheAsset() throws {
        let sigma = try Matrix(rowMajor: [[0.04, 0.0], [0.0, .nan]])
        let error = #expect(throws: RiskMetricsError.self) {
            try PortfolioStructure(weights: [0.5, 0.5], covariance: sigma, assets: ["A", "B"])
        }
        #expect(error?.reason == .nonFinite)
        #expect(error?.asset == "B")
        let zero = #expect(throws: RiskMetricsError.self) {
            try PortfolioStructure(weights: [0, 0], covariance: .identity(2))
        }
        #expect(zero?.reason == .invalidValue)
        let weight = #expect(throws: RiskMetricsError.self) {
            try PortfolioValueAtRisk(weights: [0.5, .infinity], covariance: .identity(2), assets: ["A", "B"])
        }
        #expect(weight?.asset == "B")
    }

    @Test func panelColumnDropsMissingAndCounts() throws {
        let panel = try Panel(dates: dates, assets: ["A", "B"], columns: [[0.01, .nan, 0.02, -0.01, .nan], [0.0, 0.01, 0.02, 0.03, 0.04]])
        let a = try ReturnSeries(panel: panel, asset: "A")
        #expect(a.count == 3 && a.missingCount == 2)
        #expect(a.dates == [dates[0], dates[2], dates[3]])
        let unknown = #expect(throws: RiskMetricsError.self) { try ReturnSeries(panel: panel, asset: "C") }
        #expect(unknown?.asset == "C")
    }

    @Test func totalLossGivesFiniteFigures() throws {
        let series = try ReturnSeries([0.02, -1, 0.0, 0.0, 0.01])
        let s = try series.performanceSummary()
        #expect(s.totalReturn == -1)
        #expect(s.cagr == -1)
        #expect(s.drawdown.maxDrawdown == -1)
        #expect(s.drawdown.recoveryIndex == nil)
        for x in [s.volatility, s.drawdown.ulcerIndex, s.tailRisk.historicalVaR, s.tailRisk.historicalCVaR] { #expect(x.isFinite) }
        #expect(try series.rollingDrawdown(window: 2).allSatisfy { $0.isFinite })
        #expect(try series.rollingVolatility(window: 2).allSatisfy { $0.isFinite })
    }

    @Test func adjustedMomentsNeedEnoughObservations() throws {
        let series = try ReturnSeries([0.01, -0.02])
        #expect(series.skewness(conventions: .quantstats) == nil)
        #expect(series.excessKurtosis(conventions: .quantstats) == nil)
        #expect(series.skewness() != nil)
    }

    @Test func factorInputsAreChecked() throws {
        let scores = try Matrix(rowMajor: [[1, 0], [0, 1]])
        let short = #expect(throws: RiskMetricsError.self) { try FactorExposure(weights: [0.5, 0.5], scores: scores, assets: ["A"]) }
        #expect(short?.reason == .lengthMismatch)
        let rows = #expect(throws: RiskMetricsError.self) { try FactorExposure(weights: [1], scores: scores) }
        #expect(rows?.reason == .lengthMismatch)
        let few = #expect(throws: RiskMetricsError.self) { try FactorRegression(returns: [0.01, 0.02, 0.03], factors: scores) }
        #expect(few?.reason == .lengthMismatch)
        let flat = #expect(throws: RiskMetricsError.self) {
            try FactorRegression(returns: [0.01, 0.01, 0.01, 0.01, 0.01], factors: try Matrix(rowMajor: [[0.1], [0.2], [-0.1], [0.05], [0.0]]))
        }
        #expect(flat?.reason == .invalidValue)
    }
}
