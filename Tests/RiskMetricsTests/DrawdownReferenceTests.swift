import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Drawdowns vs empyrical / pyfolio's max-drawdown dates")
struct DrawdownReferenceTests {
    @Test(arguments: RiskMetricsFixture.seriesCases)
    func drawdownSeriesMatchesEmpyrical(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        expectClose(series.drawdowns(), c.expected.drawdowns, relative: referenceTolerance, floor: 1e-12)
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func maxDrawdownDatesMatch(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        let dd = try series.drawdownSummary()
        #expect(dd.peakIndex == c.expected.peakIndex)
        #expect(dd.troughIndex == c.expected.troughIndex)
        #expect(dd.recoveryIndex == c.expected.recoveryIndex)
        #expect(dd.longestDuration == c.expected.longestDuration)
        let dates = try #require(series.dates)
        #expect(dd.troughDate == c.expected.troughIndex.map { dates[$0] })
        #expect(dd.peakDate == c.expected.peakIndex.map { dates[$0] })
        #expect(dd.recoveryDate == c.expected.recoveryIndex.map { dates[$0] })
    }

    @Test func longDrawdownHasNotRecovered() throws {
        let c = try #require(RiskMetricsFixture.seriesCases.first { $0.name == "long_drawdown" })
        let dd = try c.series().drawdownSummary()
        #expect(dd.recoveryIndex == nil && dd.recoveryDate == nil)
        #expect(dd.longestDuration > 250, "more than a year under water")
        #expect(dd.currentDrawdown < 0)
    }

    @Test func firstDayLossIsADrawdownFromTheStartingWealth() throws {
        let series = try ReturnSeries([-0.1, 0.05, 0.06, -0.01], dates: nil)
        let dd = try series.drawdownSummary()
        expectClose(dd.maxDrawdown, -0.1, relative: 1e-15)
        #expect(dd.peakIndex == nil, "the peak is the wealth of 1 before the first return")
        #expect(dd.troughIndex == 0)
        #expect(dd.recoveryIndex == 2)   // 0.9 * 1.05 * 1.06 = 1.0017 >= 1
        #expect(dd.longestDuration == 2)
        // Martin's Ulcer index with ddof 0: root mean square of the drawdowns.
        let d = series.drawdowns()
        let rms = (d.reduce(0) { $0 + $1 * $1 } / Double(d.count)).squareRoot()
        expectClose(try series.drawdownSummary(ddof: 0).ulcerIndex, rms, relative: 1e-14)
    }

    @Test func risingSeriesHasNoDrawdownAndNoCalmar() throws {
        let series = try ReturnSeries([0.01, 0.02, 0.0, 0.03])
        let s = try series.performanceSummary()
        #expect(s.drawdown.maxDrawdown == 0)
        #expect(s.drawdown.troughIndex == nil && s.drawdown.peakIndex == nil)
        #expect(s.calmar == nil)
        #expect(s.sortino == nil, "no return below the threshold: downside deviation is zero")
        #expect(s.omega == nil)
    }
}
