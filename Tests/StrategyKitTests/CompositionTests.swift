import Foundation
import QuantCore
import StrategyKit
import Testing

/// Picks the symbol with the highest trailing return; goes to cash when it is negative.
struct BestTrailingReturn: UniverseSelector {
    var name: String { "best trailing return" }
    func select(_ context: StrategyContext) throws -> Selection {
        let prices = context.view.prices(lookback: 6)
        var best: (Symbol, Double)?
        for symbol in context.universe {
            guard let series = prices.column(for: symbol), let first = series.first, let last = series.last else { continue }
            let r = last / first - 1
            if best == nil || r > best!.1 { best = (symbol, r) }
        }
        guard let best else { return Selection(symbols: []) }
        return Selection(symbols: [best.0], scores: [best.1], investedFraction: best.1 > 0 ? 1 : 0)
    }
}

@Suite("Strategy composition")
struct CompositionTests {
    @Test func selectorAndWeightingCompose() throws {
        let prices = try makePrices()
        let view = try MarketDataset(prices: prices).view(asOf: prices.dates[20])
        let strategy = ComposedStrategy(selector: FixedUniverse(["069500", "153130", "999999"]), weighting: EqualWeighting())
        var state = strategy.initialState()
        let decision = try strategy.decide(StrategyContext(universe: prices.assets, view: view), state: &state)
        #expect(decision.rebalance)
        #expect(decision.target.symbols == ["069500", "153130"])
        #expect(decision.target.weights == [0.5, 0.5])
        #expect(decision.diagnostics["selected"] == .number(2))
        #expect(strategy.name == "fixed universe + equal weight")
    }

    @Test func selectorCanSendEverythingToCash() throws {
        // Falling prices: the best trailing return is negative, so the selection is uninvested.
        let prices = try makePrices { t, _ in -300 * Double(t) }
        let view = try MarketDataset(prices: prices).view(asOf: prices.dates[25])
        let strategy = ComposedStrategy(selector: BestTrailingReturn(), weighting: EqualWeighting())
        var state = NoState()
        let decision = try strategy.decide(StrategyContext(universe: prices.assets, view: view), state: &state)
        #expect(decision.target.invested == 0)
        #expect(decision.target.cash == 1)
    }

    @Test func driftThresholdHoldsSmallChanges() throws {
        let current = try PortfolioWeights(["069500": 0.52, "153130": 0.48])
        let target = try PortfolioWeights(["069500": 0.5, "153130": 0.5])
        let (kept, trade, _) = try RebalancingRule(driftThreshold: 0.05).apply(target: target, current: current)
        #expect(!trade)
        #expect(kept == current)
        let (moved, trade2, _) = try RebalancingRule(driftThreshold: 0.01).apply(target: target, current: current)
        #expect(trade2)
        #expect(moved == target)
    }

    @Test func turnoverCapMovesPartWay() throws {
        let current = try PortfolioWeights(["069500": 1.0])
        let target = try PortfolioWeights(["153130": 1.0])
        let (moved, trade, _) = try RebalancingRule(turnoverCap: 0.25).apply(target: target, current: current)
        #expect(trade)
        #expect(abs(moved.weight(of: "069500") - 0.75) < 1e-12)
        #expect(abs(moved.weight(of: "153130") - 0.25) < 1e-12)
        #expect(abs(current.turnover(to: moved) - 0.25) < 1e-12)
    }

    @Test func invalidWeightsNameTheSymbol() {
        let negative = #expect(throws: StrategyError.self) { try PortfolioWeights(["069500": -0.1]) }
        #expect(negative?.symbol == "069500")
        let over = #expect(throws: StrategyError.self) { try PortfolioWeights(["069500": 0.7, "153130": 0.5]) }
        #expect(over?.reason == .invalidWeights)
        let nan = #expect(throws: StrategyError.self) { try PortfolioWeights(["153130": .nan]) }
        #expect(nan?.symbol == "153130")
    }

    @Test func failingRoleIsNamed() throws {
        struct Broken: WeightingScheme {
            var name: String { "broken" }
            func weights(for selection: Selection, in context: StrategyContext) throws -> WeightingResult {
                throw StrategyError(.missingData, detail: "no covariance")
            }
        }
        let prices = try makePrices()
        let view = try MarketDataset(prices: prices).view(asOf: prices.dates[10])
        let strategy = ComposedStrategy(selector: FixedUniverse(), weighting: Broken())
        var state = NoState()
        let error = #expect(throws: StrategyError.self) { try strategy.decide(StrategyContext(universe: prices.assets, view: view), state: &state) }
        #expect(error?.reason == .componentFailed)
        #expect(error?.detail.contains("broken") == true)
    }

    @Test func diagnosticsKeepOrderAndRoundTrip() throws {
        var d = StrategyDiagnostics()
        d["b"] = .number(1)
        d["a"] = .text("x")
        d["b"] = .flag(true)
        #expect(d.entries.map(\.key) == ["b", "a"])
        #expect(d["b"] == .flag(true))
        let decoded = try JSONDecoder().decode(StrategyDiagnostics.self, from: JSONEncoder().encode(d))
        #expect(decoded == d)
        d["a"] = nil
        #expect(d.entries.count == 1)
    }
}
