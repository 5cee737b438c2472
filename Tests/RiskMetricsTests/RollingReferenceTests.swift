import Foundation
import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

@Suite("Rolling windows vs empyrical and per-window recomputation")
struct RollingReferenceTests {
    @Test(arguments: RiskMetricsFixture.seriesCases)
    func rollingFiguresMatchEmpyrical(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series()
        let w = c.expected.rollingWindow
        expectClose(try series.rollingVolatility(window: w, conventions: c.conventions), c.expected.rollingVolatility,
                    relative: referenceTolerance, "roll_annual_volatility")
        let sharpe = try series.rollingSharpe(window: w, conventions: c.conventions)
        #expect(sharpe.count == c.expected.rollingSharpe.count)
        #expect(!sharpe.contains { $0 == nil })
        // Windows whose Sharpe is near zero are compared with an absolute floor of 1e-10.
        expectClose(sharpe.map { $0 ?? .nan }, c.expected.rollingSharpe.map { $0 ?? .nan },
                    relative: referenceTolerance, floor: 1e-4, "roll_sharpe_ratio")
        let sortino = try series.rollingSortino(window: w, conventions: c.conventions)
        #expect(sortino.map { $0 == nil } == c.expected.rollingSortino.map { $0 == nil })
        expectClose(sortino.map { $0 ?? .nan }, c.expected.rollingSortino.map { $0 ?? .nan },
                    relative: referenceTolerance, floor: 1e-4, "roll_sortino_ratio")
        expectClose(try series.rollingMaxDrawdown(window: w), c.expected.rollingMaxDrawdown,
                    relative: referenceTolerance, floor: 1e-12, "roll_max_drawdown")
        expectClose(try series.rollingDrawdown(window: w), c.expected.rollingDrawdown,
                    relative: referenceTolerance, floor: 1e-12, "drawdown_series of each window, last value")
    }

    @Test(arguments: RiskMetricsFixture.seriesCases.filter { $0.benchmarkExpected != nil })
    func rollingBetaMatchesEmpyrical(_ c: RiskMetricsFixture.SeriesCase) throws {
        let series = try c.series(), benchmark = try #require(try c.benchmarkSeries())
        let expected = try #require(c.benchmarkExpected).rollingBeta
        let beta = try series.rollingBeta(versus: benchmark, window: c.expected.rollingWindow)
        #expect(beta.count == expected.count)
        expectClose(beta.map { $0 ?? .nan }, expected.map { $0 ?? .nan }, relative: referenceTolerance, floor: 1e-4, "roll_beta on the aligned series")
    }

    @Test func longRunStaysWithinTolerance() throws {
        // 20,000 steps of a drifting, regime-switching series: compare the one-pass update
        // with a direct two-pass recomputation of every window.
        var rng = SplitMix64(seed: 7)
        var values = [Double]()
        for t in 0..<20_000 {
            let vol = t % 5000 < 2500 ? 0.01 : 0.03
            values.append(0.0005 + vol * rng.normal())
        }
        let series = try ReturnSeries(values)
        let w = 252
        let vol = try series.rollingVolatility(window: w)
        let sharpe = try series.rollingSharpe(window: w)
        var worstVol = 0.0, worstSharpe = 0.0
        for k in stride(from: 0, to: values.count - w + 1, by: 97) {
            let window = try ReturnSeries(Array(values[k..<(k + w)]))
            let v = try window.annualizedVolatility()
            worstVol = max(worstVol, abs(vol[k] - v) / v)
            let s = try #require(try window.sharpeRatio())
            worstSharpe = max(worstSharpe, abs(try #require(sharpe[k]) - s) / max(abs(s), 1e-3))
        }
        #expect(worstVol < 1e-11)
        #expect(worstSharpe < 1e-10)
    }

    @Test func rollingMaxDrawdownAgreesWithPerWindowRecomputation() throws {
        var rng = SplitMix64(seed: 11)
        let values = (0..<3000).map { _ in 0.0002 + 0.02 * rng.normal() }
        let series = try ReturnSeries(values)
        for w in [1, 2, 5, 63, 252] {
            let rolling = try series.rollingMaxDrawdown(window: w)
            var expected = [Double]()
            for k in 0...(values.count - w) { expected.append(try ReturnSeries(Array(values[k..<(k + w)])).maxDrawdown()) }
            expectClose(rolling, expected, relative: 1e-11, floor: 1e-12, "window \(w)")
        }
    }

    @Test func constantWindowHasNoSharpe() throws {
        let series = try ReturnSeries([0.01, 0.01, 0.01, 0.02, 0.01, 0.01, 0.01])
        let sharpe = try series.rollingSharpe(window: 3)
        #expect(sharpe[0] == nil)
        #expect(sharpe[1] != nil && sharpe[2] != nil && sharpe[3] != nil)
        #expect(sharpe[4] == nil)
        let vol = try series.rollingVolatility(window: 3)
        #expect(vol[0] == 0 && vol[4] == 0)
    }

    @Test func windowLongerThanSeriesIsAnError() throws {
        let series = try ReturnSeries([0.01, 0.02, 0.03])
        let tooLong = #expect(throws: RiskMetricsError.self) { try series.rollingVolatility(window: 4) }
        #expect(tooLong?.reason == .tooFewObservations)
        let tooShort = #expect(throws: RiskMetricsError.self) { try series.rollingSharpe(window: 1) }
        #expect(tooShort?.reason == .invalidParameter)
    }
}

/// Normal draws for long synthetic series (Box-Muller on the shared generator's uniforms).
extension SplitMix64 {
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
