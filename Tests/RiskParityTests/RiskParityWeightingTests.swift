import Covariance
import Foundation
import LinearAlgebra
import PortfolioRisk
import QuantCore
import QuantTestSupport
import RiskParity
import StrategyKit
import Testing

@Suite("Risk parity as a StrategyKit weighting scheme and strategy")
struct RiskParityWeightingTests {
    /// Three assets with daily volatilities of about 1 %, 2 % and 0.5 %, partly correlated, on 300 weekdays.
    static func dataset() throws -> MarketDataset {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var dates = [TradingDate]()
        var day = TradingDate(year: 2024, month: 1, day: 2)!
        var columns = [[Double]](repeating: [], count: 3)
        var level = [100.0, 100.0, 100.0]
        while dates.count < 300 {
            let weekday = (day.daysSinceEpoch + 4) % 7   // 1970-01-01 was a Thursday
            if weekday != 0 && weekday != 6 {
                let market = normal()
                let shocks = [0.01 * (0.6 * market + 0.8 * normal()), 0.02 * (0.6 * market + 0.8 * normal()), 0.005 * normal()]
                for j in 0..<3 { level[j] *= 1 + shocks[j]; columns[j].append(level[j]) }
                dates.append(day)
            }
            day = day.adding(days: 1)
        }
        return try MarketDataset(prices: Panel(dates: dates, assets: ["A", "B", "C"], columns: columns))
    }

    @Test func weightsCarryEqualRiskOnTheEstimatedCovariance() throws {
        let data = try Self.dataset()
        let view = try data.view(asOf: data.prices.dates[250])
        let context = StrategyContext(universe: ["A", "B", "C"], view: view)
        let weighting = RiskParityWeighting(estimator: LedoitWolf(), lookback: 120)
        let result = try weighting.weights(for: Selection(symbols: ["A", "B", "C"], investedFraction: 0.8), in: context)
        expectClose(result.weights.invested, 0.8, relative: 1e-12)
        // Recompute the covariance the scheme saw and check parity on it.
        let estimate = try LedoitWolf().estimate(from: view.returns(lookback: 120))
        let w = ["A", "B", "C"].map { result.weights.weight(of: Symbol($0)) }
        let rc = try RiskContributions(weights: w, covariance: estimate.matrix)
        expectClose(rc.fractions, [1.0 / 3, 1.0 / 3, 1.0 / 3], relative: 1e-9)
        #expect(result.diagnostics["converged"] == .flag(true))
        // The low-volatility asset C gets the largest weight, B the smallest.
        #expect(w[2] > w[0] && w[0] > w[1])
        // Warm-started from what is held, the same answer.
        let held = StrategyContext(universe: ["A", "B", "C"], view: view, currentWeights: result.weights)
        let again = try weighting.weights(for: Selection(symbols: ["A", "B", "C"], investedFraction: 0.8), in: held)
        #expect(again.diagnostics["iterations"] == .number(0))
        expectClose(["A", "B", "C"].map { again.weights.weight(of: Symbol($0)) }, w, relative: 1e-9)
    }

    @Test func volatilityTargetLeavesCash() throws {
        let data = try Self.dataset()
        let view = try data.view(asOf: data.prices.dates[250])
        let context = StrategyContext(universe: ["A", "B", "C"], view: view)
        let weighting = RiskParityWeighting(lookback: 120, volatilityTarget: VolatilityTargeting(annualVolatility: 0.02))
        let result = try weighting.weights(for: Selection(symbols: ["A", "B", "C"]), in: context)
        #expect(result.weights.cash > 0.3)
        let estimate = try LedoitWolf().estimate(from: view.returns(lookback: 120))
        let w = ["A", "B", "C"].map { result.weights.weight(of: Symbol($0)) }
        expectClose(try RiskContributions(weights: w, covariance: estimate.matrix).volatility * (252.0).squareRoot(), 0.02, relative: 1e-9)
    }

    @Test func strategyTradesOnScheduleOrDrift() throws {
        let data = try Self.dataset()
        let dates = data.prices.dates
        let strategy = RiskParityStrategy(selector: FixedUniverse(), weighting: RiskParityWeighting(lookback: 60), schedule: .monthly, driftThreshold: 0.05)
        var state = strategy.initialState()
        let first = try strategy.decide(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: dates[100])), state: &state)
        #expect(first.rebalance)
        #expect(state.lastRebalance == dates[100])
        // The next day, holding the target: same month, no drift, so hold.
        let sameMonth = dates.first { $0 > dates[100] && $0.month == dates[100].month }
        if let sameMonth {
            let hold = try strategy.decide(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: sameMonth), currentWeights: first.target), state: &state)
            #expect(!hold.rebalance)
            // A large drift in the same month trades.
            let drifted = try PortfolioWeights(["A": 0.6, "B": 0.2, "C": 0.2])
            let trade = try strategy.decide(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: sameMonth), currentWeights: drifted), state: &state)
            #expect(trade.rebalance)
        }
        // A new month trades even when holding the target.
        let newMonth = try #require(dates.first { $0.month != dates[100].month && $0 > dates[100] })
        let scheduled = try strategy.decide(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: newMonth), currentWeights: first.target), state: &state)
        #expect(scheduled.rebalance)
        #expect(scheduled.diagnostics["scheduled"] == .flag(true))
        // A turnover cap limits how far one trade moves.
        let capped = RiskParityStrategy(selector: FixedUniverse(), weighting: RiskParityWeighting(lookback: 60), turnoverCap: 0.1)
        var fresh = capped.initialState()
        let start = try capped.decide(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: dates[100])), state: &fresh)
        #expect(abs(PortfolioWeights.allCash.turnover(to: start.target) - 0.1) < 1e-12)
    }
}

/// A selector defined outside RiskParity (standing in for dual momentum or an ML factor pick):
/// keeps the symbols whose trailing 60-day return is positive.
struct PositiveMomentumFilter: UniverseSelector {
    var name: String { "positive momentum" }
    func select(_ context: StrategyContext) throws -> Selection {
        let prices = context.view.prices(lookback: 61)
        let kept = context.universe.filter { s in
            guard let column = prices.column(for: s), let first = column.first, let last = column.last else { return false }
            return last > first
        }
        return Selection(symbols: kept)
    }
}

@Suite("Risk parity weights another module's selection through the protocols")
struct CompositionTests {
    @Test func composedStrategyWeightsTheFilteredUniverse() throws {
        let data = try RiskParityWeightingTests.dataset()
        // A date on which the filter keeps two of the three assets.
        let asOf = try #require(data.prices.dates[130...].first { date in
            let picks = try? PositiveMomentumFilter().select(StrategyContext(universe: ["A", "B", "C"], view: data.view(asOf: date)))
            return picks?.symbols.count == 2
        })
        let view = try data.view(asOf: asOf)
        let context = StrategyContext(universe: ["A", "B", "C"], view: view)
        let selection = try PositiveMomentumFilter().select(context)
        #expect(selection.symbols.count == 2)
        let strategy = ComposedStrategy(selector: PositiveMomentumFilter(), weighting: RiskParityWeighting(lookback: 120))
        var state = strategy.initialState()
        let decision = try strategy.decide(context, state: &state)
        #expect(Set(decision.target.symbols) == Set(selection.symbols))
        expectClose(decision.target.invested, 1, relative: 1e-12)
        // Equal risk on the selected assets' covariance.
        let estimate = try LedoitWolf().estimate(from: view.returns(lookback: 120).selecting(assets: selection.symbols))
        let w = selection.symbols.map { decision.target.weight(of: $0) }
        let rc = try RiskContributions(weights: w, covariance: estimate.matrix)
        expectClose(rc.fractions, [Double](repeating: 1 / Double(w.count), count: w.count), relative: 1e-9)
        #expect(decision.diagnostics["weighting.converged"] == .flag(true))
    }
}
