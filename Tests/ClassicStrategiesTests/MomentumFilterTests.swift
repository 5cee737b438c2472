import ClassicStrategies
import QuantCore
import StrategyKit
import Testing

@Suite("Momentum filter")
struct MomentumFilterTests {
    /// Prices on consecutive dates; `path(asset, t)` gives each price.
    static func dataset(assets: [String], days: Int = 260, path: (String, Int) -> Double) throws -> MarketDataset {
        let start = TradingDate(year: 2023, month: 1, day: 2)!
        let dates = (0..<days).map { start.adding(days: $0) }
        return try MarketDataset(prices: Panel(dates: dates, assets: assets.map { Symbol($0) },
                                               columns: assets.map { a in (0..<days).map { path(a, $0) } }))
    }

    static func context(_ data: MarketDataset) throws -> StrategyContext {
        try StrategyContext(universe: data.prices.assets, view: data.view(asOf: data.prices.dates.last!))
    }

    @Test func ranksTwelveMinusOneMomentumIgnoringTheLastMonth() throws {
        // A rises 20% over the window then crashes in the skipped month; B rises 10% steadily;
        // C rises 5%; D falls. With the last 21 days skipped, A still ranks first.
        let rise: [String: Double] = ["A": 0.20, "B": 0.10, "C": 0.05, "D": -0.10]
        let data = try Self.dataset(assets: ["A", "B", "C", "D"], days: 253) { asset, t in
            let window = min(t, 231)
            var price = 10_000 * (1 + rise[asset]! * Double(window) / 231)
            if asset == "A" && t > 231 { price *= 0.5 }
            return price
        }
        let selection = try MomentumFilter(topN: 3).select(Self.context(data))
        #expect(selection.symbols == ["A", "B", "C"])
        #expect(abs(selection.scores[0] - 0.20) < 1e-12 && abs(selection.scores[1] - 0.10) < 1e-12)
        #expect(selection.investedFraction == 1)
    }

    @Test func absoluteMomentumLeavesSlotsInCash() throws {
        let rise: [String: Double] = ["A": 0.08, "B": -0.02, "C": -0.05, "D": -0.10]
        let data = try Self.dataset(assets: ["A", "B", "C", "D"], days: 253) { asset, t in 10_000 * (1 + rise[asset]! * Double(min(t, 231)) / 231) }
        let selection = try MomentumFilter(topN: 4).select(Self.context(data))
        #expect(selection.symbols == ["A"])
        #expect(selection.investedFraction == 0.25)
        #expect(selection.diagnostics["belowThreshold"] == .number(3))
        // Composed with equal weighting: a quarter in A, the rest cash.
        let strategy = ComposedStrategy(selector: MomentumFilter(topN: 4), weighting: EqualWeighting())
        var state = strategy.initialState()
        let decision = try strategy.decide(Self.context(data), state: &state)
        #expect(abs(decision.target.weight(of: "A") - 0.25) < 1e-12)
        #expect(abs(decision.target.cash - 0.75) < 1e-12)
    }

    @Test func cheapAndUnpricedStocksAreSkipped() throws {
        let data = try Self.dataset(assets: ["A", "PENNY", "NEW"], days: 253) { asset, t in
            switch asset {
            case "PENNY": 500 * (1 + Double(t) / 100)      // rises fastest; ends at 1,760 won
            case "NEW": t < 100 ? .nan : 20_000            // listed mid-window: no price at the start
            default: 10_000 * (1 + 0.1 * Double(min(t, 231)) / 231)
            }
        }
        let strict = try MomentumFilter(topN: 3, minimumPrice: 2_000).select(Self.context(data))
        #expect(strict.symbols == ["A"], "PENNY ends at 1,760 won, below 2,000; NEW has no price 252 days ago")
        #expect(strict.diagnostics["skipped"] == .number(2))
        let loose = try MomentumFilter(topN: 3, minimumPrice: 1_000).select(Self.context(data))
        #expect(loose.symbols == ["PENNY", "A"])
    }

    @Test func badSettingsAndShortHistoryAreTypedErrors() throws {
        let data = try Self.dataset(assets: ["A"], days: 100) { _, t in 100 + Double(t) }
        #expect { try MomentumFilter().select(Self.context(data)) } throws: { error in
            (error as? StrategyError)?.reason == .missingData && "\(error)".contains("253 dates")
        }
        #expect { try MomentumFilter(topN: 0).select(Self.context(data)) } throws: { error in
            (error as? StrategyError)?.reason == .invalidConfiguration
        }
    }
}
