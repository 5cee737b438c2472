import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Benchmark-relative statistics vs empyrical / quantstats / numpy")
struct BenchmarkReferenceTests {
    static var cases: [RiskMetricsFixture.SeriesCase] { RiskMetricsFixture.seriesCases.filter { $0.benchmarkExpected != nil } }

    @Test(arguments: cases)
    func comparisonMatchesReferences(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series(), benchmark = try #require(try c.benchmarkSeries())
        let e = try #require(c.benchmarkExpected)
        let v = try series.compared(to: benchmark, conventions: c.conventions)
        let tol = referenceTolerance
        #expect(v.observations == e.observations, "aligned by date after dropping each side's missing values")
        expectClose(try #require(v.beta), e.beta, relative: tol, "beta (empyrical)")
        expectClose(try #require(v.alpha), e.alpha, relative: tol, "alpha (empyrical, annualised)")
        expectClose(try #require(v.correlation), e.correlation, relative: tol, "correlation (numpy)")
        expectClose(v.trackingError, e.trackingError, relative: tol, "tracking error (numpy std ddof 1 · sqrt(P))")
        expectClose(try #require(v.informationRatio), e.informationRatio, relative: tol, "information ratio (empyrical excess_sharpe)")
        expectClose(try #require(v.informationRatio), e.informationRatioQuantstats, relative: tol, "information ratio (quantstats)")
        expectClose(try #require(v.upCapture), e.upCapture, relative: tol, "up capture (empyrical)")
        expectClose(try #require(v.downCapture), e.downCapture, relative: tol, "down capture (empyrical)")
    }

    @Test func undatedSeriesMustHaveEqualLengths() throws {
        let a = try ReturnSeries([0.01, 0.02, -0.01]), b = try ReturnSeries([0.01, 0.02])
        let error = #expect(throws: RiskMetricsError.self) { try a.compared(to: b) }
        #expect(error?.reason == .lengthMismatch)
    }

    @Test func datedAndUndatedDoNotMix() throws {
        let d = [TradingDate(year: 2024, month: 1, day: 2)!, TradingDate(year: 2024, month: 1, day: 3)!]
        let a = try ReturnSeries([0.01, 0.02], dates: d), b = try ReturnSeries([0.01, 0.02])
        let error = #expect(throws: RiskMetricsError.self) { try a.compared(to: b) }
        #expect(error?.reason == .labelMismatch)
    }

    @Test func constantBenchmarkHasNoBeta() throws {
        let a = try ReturnSeries([0.01, 0.02, -0.01, 0.0]), b = try ReturnSeries([0.001, 0.001, 0.001, 0.001])
        let v = try a.compared(to: b)
        #expect(v.beta == nil && v.alpha == nil && v.correlation == nil)
        #expect(v.downCapture == nil, "no period with a negative benchmark return")
        #expect(v.informationRatio != nil)
    }

    @Test func seriesVersusItselfHasBetaOneAndNoInformationRatio() throws {
        let c = try #require(Self.cases.first)
        let s = try c.series()
        let v = try s.compared(to: s)
        expectClose(try #require(v.beta), 1, relative: 1e-12)
        expectClose(try #require(v.correlation), 1, relative: 1e-12)
        #expect(v.trackingError == 0)
        #expect(v.informationRatio == nil, "zero tracking error: undefined, not NaN")
        expectClose(try #require(v.upCapture), 1, relative: 1e-12)
    }
}
