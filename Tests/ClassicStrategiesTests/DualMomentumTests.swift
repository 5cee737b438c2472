import ClassicStrategies
import QuantCore
import StrategyKit
import Testing

@Suite("Dual momentum")
struct DualMomentumTests {
    /// Daily prices on consecutive dates: each asset grows at its own constant daily rate.
    static func dataset(rates: [String: Double], days: Int = 300) throws -> MarketDataset {
        let assets = rates.keys.sorted()
        let start = TradingDate(year: 2023, month: 1, day: 2)!
        let dates = (0..<days).map { start.adding(days: $0) }
        let columns = assets.map { a in (0..<days).map { 100 * compound(1 + rates[a]!, Double($0)) } }
        return try MarketDataset(prices: Panel(dates: dates, assets: assets.map { Symbol($0) }, columns: columns))
    }

    /// `x^y` for a whole `y`, by repeated multiplication (as the prices are built).
    static func compound(_ x: Double, _ y: Double) -> Double {
        var out = 1.0
        for _ in 0..<Int(y) { out *= x }
        return out
    }

    static func context(_ data: MarketDataset) throws -> StrategyContext {
        try StrategyContext(universe: data.prices.assets, view: data.view(asOf: data.prices.dates.last!))
    }

    @Test func picksTheStrongestRiskyAssetWhenItBeatsTheSafeOne() throws {
        let data = try Self.dataset(rates: ["KOSPI": 0.0010, "SPX": 0.0005, "BOND": 0.0001])
        let selector = DualMomentum(risky: ["KOSPI", "SPX"], safe: "BOND")
        let selection = try selector.select(Self.context(data))
        #expect(selection.symbols == ["KOSPI"])
        let expected = Self.compound(1.001, 252) - 1
        #expect(abs(selection.scores[0] - expected) < 1e-12)
        #expect(selection.diagnostics["safe"] == .flag(false))
    }

    @Test func goesToTheSafeAssetWhenAbsoluteMomentumFails() throws {
        let data = try Self.dataset(rates: ["KOSPI": -0.0005, "SPX": 0.00005, "BOND": 0.0001])
        let selection = try DualMomentum(risky: ["KOSPI", "SPX"], safe: "BOND").select(Self.context(data))
        #expect(selection.symbols == ["BOND"])
        #expect(selection.diagnostics["safe"] == .flag(true))
        // Holding the top two: SPX fails too, KOSPI fails, so only the safe asset.
        let both = try DualMomentum(risky: ["KOSPI", "SPX"], safe: "BOND", topCount: 2).select(Self.context(data))
        #expect(both.symbols == ["BOND"])
    }

    @Test func topTwoKeepsThePassingOneAndTheSafeAsset() throws {
        let data = try Self.dataset(rates: ["KOSPI": -0.0005, "SPX": 0.0008, "BOND": 0.0001])
        let selection = try DualMomentum(risky: ["KOSPI", "SPX"], safe: "BOND", topCount: 2).select(Self.context(data))
        #expect(selection.symbols == ["SPX", "BOND"])
        // Composed with equal weighting: half each.
        let strategy = ComposedStrategy(selector: DualMomentum(risky: ["KOSPI", "SPX"], safe: "BOND", topCount: 2), weighting: EqualWeighting())
        var state = strategy.initialState()
        let decision = try strategy.decide(Self.context(data), state: &state)
        #expect(decision.target.weight(of: "SPX") == 0.5 && decision.target.weight(of: "BOND") == 0.5)
    }

    @Test func tooLittleHistoryIsATypedError() throws {
        let data = try Self.dataset(rates: ["KOSPI": 0.001, "BOND": 0.0001], days: 100)
        #expect(throws: StrategyError.self) { try DualMomentum(risky: ["KOSPI"], safe: "BOND").select(Self.context(data)) }
        #expect(throws: StrategyError.self) { try DualMomentum(risky: ["KOSPI"], safe: "CASH", lookback: 50).select(Self.context(data)) }
    }
}
