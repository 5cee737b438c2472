import Foundation
import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Return statistics vs empyrical / quantstats / scipy")
struct PerformanceReferenceTests {
    @Test func fixturesArePresent() {
        #expect(RiskMetricsFixture.seriesCases.count == 5)
        #expect(RiskMetricsFixture.portfolioCases.count == 2)
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func summaryMatchesReferences(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        #expect(series.count == c.observations)
        #expect(series.missingCount == c.missing)
        let s = try PerformanceSummary(series, conventions: c.conventions, confidence: c.confidence)
        let e = c.expected
        let tol = referenceTolerance
        #expect(s.observations == c.observations && s.missing == c.missing)
        // empyrical: cum_returns_final, cagr, annual_volatility, sharpe_ratio, sortino_ratio,
        // calmar_ratio, omega_ratio, tail_ratio, max_drawdown.
        expectClose(s.totalReturn, e.totalReturn, relative: tol, "totalReturn (empyrical)")
        expectClose(s.cagr, e.cagr, relative: tol, "cagr (empyrical)")
        expectClose(s.volatility, e.volatility, relative: tol, "volatility (empyrical)")
        expectClose(try #require(s.sharpe), try #require(e.sharpe), relative: tol, "sharpe (empyrical)")
        // quantstats converts the risk-free rate the same way: both references agree.
        expectClose(try #require(s.sharpe), try #require(e.sharpeQuantstats), relative: tol, "sharpe (quantstats)")
        expectClose(try #require(s.sortino), try #require(e.sortino), relative: tol, "sortino (empyrical)")
        expectClose(try #require(s.calmar), try #require(e.calmar), relative: tol, "calmar (empyrical)")
        expectClose(try #require(s.omega), try #require(e.omega), relative: tol, "omega (empyrical)")
        expectClose(try #require(s.tailRatio), try #require(e.tailRatio), relative: tol, "tail ratio (empyrical)")
        expectClose(s.drawdown.maxDrawdown, e.maxDrawdown, relative: tol, "max drawdown (empyrical)")
        // scipy.stats.skew / kurtosis (biased), which empyrical uses: the default.
        expectClose(try #require(s.skewness), e.skewness, relative: tol, "skewness (scipy)")
        expectClose(try #require(s.kurtosis), e.kurtosis, relative: tol, "kurtosis (scipy)")
        // quantstats only: win rate, best, worst, ulcer index (ddof 1).
        expectClose(try #require(s.hitRate), e.hitRate, relative: tol, "hit rate (quantstats win_rate)")
        expectClose(s.best, e.best, relative: tol, "best (quantstats)")
        expectClose(s.worst, e.worst, relative: tol, "worst (quantstats)")
        expectClose(s.drawdown.ulcerIndex, e.ulcerIndex, relative: tol, "ulcer index (quantstats)")
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func quantstatsMomentsWithAdjustedEstimator(_ c: RiskMetricsFixture.SeriesCase) throws {
        var conventions = c.conventions
        conventions.moments = .adjusted
        let series = try c.series()
        // quantstats uses pandas' bias-adjusted moments, where it disagrees with empyrical/scipy.
        expectClose(try #require(series.skewness(conventions: conventions)), c.expected.skewnessQuantstats, relative: referenceTolerance)
        expectClose(try #require(series.excessKurtosis(conventions: conventions)), c.expected.kurtosisQuantstats, relative: referenceTolerance)
        #expect(abs(c.expected.skewnessQuantstats - c.expected.skewness) > 1e-6, "the references really differ here")
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func singleStatisticsAgreeWithTheSummary(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        let e = c.expected
        let tol = referenceTolerance
        expectClose(series.totalReturn(), e.totalReturn, relative: tol)
        expectClose(try series.cagr(conventions: c.conventions), e.cagr, relative: tol)
        expectClose(try series.annualizedVolatility(conventions: c.conventions), e.volatility, relative: tol)
        expectClose(try #require(try series.sharpeRatio(conventions: c.conventions)), try #require(e.sharpe), relative: tol)
        expectClose(try #require(try series.sortinoRatio(conventions: c.conventions)), try #require(e.sortino), relative: tol)
        expectClose(try #require(series.skewness()), e.skewness, relative: tol)
        expectClose(try #require(series.excessKurtosis()), e.kurtosis, relative: tol)
        expectClose(series.maxDrawdown(), e.maxDrawdown, relative: tol)
    }

    @Test(arguments: RiskMetricsFixture.seriesCases)
    func periodTablesMatchEmpyricalAggregateReturns(_ c: RiskMetricsFixture.SeriesCase) throws {
        let table = try PeriodReturnTable(try c.series())
        #expect(table.monthly.count == c.expected.monthly.count)
        #expect(table.yearly.count == c.expected.yearly.count)
        for (row, expected) in zip(table.monthly, c.expected.monthly) {
            #expect(row.year == Int(expected[0]) && row.month == Int(expected[1]))
            expectClose(row.value, expected[2], relative: referenceTolerance, floor: 1e-12)
        }
        for (row, expected) in zip(table.yearly, c.expected.yearly) {
            #expect(row.year == Int(expected[0]))
            expectClose(row.value, expected[1], relative: referenceTolerance, floor: 1e-12)
        }
        let first = try #require(table.monthly.first)
        #expect(table[first.year, first.month] == first.value)
        #expect(table[1900, 1] == nil)
    }

    @Test func logReturnsCompoundWithExp() throws {
        let simple = [0.01, -0.02, 0.015, 0.003, -0.007]
        let logs = simple.map { Foundation.log1p($0) }
        let a = try ReturnSeries(simple), b = try ReturnSeries(logs, kind: .log)
        // Products and exp(sums) round differently; a total of 6e-4 leaves ~1e-13 relative.
        expectClose(b.totalReturn(), a.totalReturn(), relative: 1e-11)
        expectClose(b.maxDrawdown(), a.maxDrawdown(), relative: 1e-11)
        expectClose(b.drawdowns(), a.drawdowns(), relative: 1e-11, floor: 1e-15)
    }

    @Test func conventionsConvertTheRiskFreeRate() throws {
        let c = PerformanceConventions(periodsPerYear: 252, annualRiskFreeRate: 0.035)
        expectClose(c.periodRiskFreeRate, Foundation.pow(1.035, 1.0 / 252) - 1, relative: 1e-15)
        #expect(PerformanceConventions().periodRiskFreeRate == 0)
        #expect(PerformanceConventions.quantstats.moments == .adjusted)
    }
}
