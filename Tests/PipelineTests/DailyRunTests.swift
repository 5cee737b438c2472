import Execution
import Foundation
import Pipeline
import QuantCore
import Store
import StrategyKit
import Testing

struct HoldTarget: Strategy {
    let target: PortfolioWeights
    var name: String { "hold target" }
    func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision { StrategyDecision(target: target) }
}

@Suite("Daily run")
struct DailyRunTests {
    static func dataset() throws -> MarketDataset {
        var dates: [TradingDate] = []
        var d = TradingDate(year: 2026, month: 11, day: 2)!
        while dates.count < 20 {
            if !d.isWeekend { dates.append(d) }
            d = d.adding(days: 1)
        }
        let samsung = (0..<20).map { 70_000 + 100 * Double($0) }
        let kodex = (0..<20).map { 35_000 + 5 * Double($0) }
        return try MarketDataset(prices: try Panel(dates: dates, assets: ["005930", "069500"], columns: [samsung, kodex]))
    }

    static func store() throws -> TradingStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try TradingStore(path: dir.appendingPathComponent("quant.sqlite").path)
    }

    let configuration = DailyRun.Configuration(costs: .krx, initialCash: 10_000_000, cashBuffer: 0.01, kinds: ["069500": .etf])

    @Test func aDayTradesOnceAndRepeatingItChangesNothing() throws {
        let data = try Self.dataset(), store = try Self.store()
        let day = data.prices.dates[19]
        let strategy = HoldTarget(target: try PortfolioWeights(["005930": 0.5, "069500": 0.5]))
        var state = NoState()
        let first = try DailyRun(configuration: configuration).run(strategy, state: &state, dataset: data, on: day, store: store)
        #expect(first.resumedFrom == nil && first.run.status == .completed)
        #expect(first.orders.count == 2 && first.orders.allSatisfy { $0.status == .filled })
        // 9,900,000 investable: floor(4,950,000 / 71,900) = 68 shares; floor(4,950,000 / 35,095) = 141 units.
        #expect(first.account.positions == ["005930": 68, "069500": 141])
        #expect(first.equity < 10_000_000 && first.equity > 9_990_000, "only costs and rounding are lost")
        #expect(first.timings.stages.map(\.name) == ["decide", "plan and check", "execute", "complete"])

        let again = try DailyRun(configuration: configuration).run(strategy, state: &state, dataset: data, on: day, store: store)
        #expect(again.resumedFrom == .completed)
        #expect(again.orders == first.orders && again.account == first.account)
        #expect(again.timings.stages.isEmpty, "a completed day does no work")
    }

    @Test func theStoreGivesTheDaemonItsStopLossAndDrawdownReferences() throws {
        let data = try Self.dataset(), store = try Self.store()
        var state = NoState()
        let half = HoldTarget(target: try PortfolioWeights(["005930": 0.5, "069500": 0.5]))
        let first = try DailyRun(configuration: configuration).run(half, state: &state, dataset: data, on: data.prices.dates[18], store: store)
        // The next day all goes into 005930: 069500 is sold, 005930 bought again at a higher close.
        let all = HoldTarget(target: try PortfolioWeights(["005930": 0.99]))
        let second = try DailyRun(configuration: configuration).run(all, state: &state, dataset: data, on: data.prices.dates[19], store: store)
        let history = try store.equityHistory()
        #expect(history.map(\.date) == [data.prices.dates[18], data.prices.dates[19]])
        #expect(abs(history[0].equity - first.equity) < 1e-6 && abs(history[1].equity - second.equity) < 1e-6)
        let costs = try store.averageBuyPrices()
        #expect(Set(costs.keys) == ["005930"], "only what is still held")
        let buys = (first.orders + second.orders).filter { $0.order.symbol == "005930" && $0.order.side == .buy && $0.status == .filled }
        #expect(buys.count == 2)
        let closes = [data.prices[18, 0], data.prices[19, 0]]
        let quantities = buys.map { Double($0.order.quantity) }
        let expected = (closes[0] * quantities[0] + closes[1] * quantities[1]) / (quantities[0] + quantities[1])
        #expect(abs((costs["005930"] ?? 0) / expected - 1) < 0.001, "the quantity-weighted fill price (fills carry slippage)")
    }

    @Test func aRunKilledAfterOrderingResumesWithExecution() throws {
        let data = try Self.dataset(), store = try Self.store()
        let day = data.prices.dates[19]
        // What a run killed right after storing its orders leaves behind.
        try store.beginRun(on: day, strategy: "hold target")
        try store.saveAccount(PaperAccount(cash: 10_000_000), asOf: day)
        let order = Order(symbol: "005930", side: .buy, quantity: 10, limitPrice: 72_300, kind: .stock, reason: "planned before the kill")
        _ = try store.recordOrders([order], on: day)

        var state = NoState()
        let strategy = HoldTarget(target: try PortfolioWeights(["069500": 1]))   // a different target must not matter now
        let outcome = try DailyRun(configuration: configuration).run(strategy, state: &state, dataset: data, on: day, store: store)
        #expect(outcome.resumedFrom == .ordered)
        #expect(outcome.orders.map(\.order.reason) == ["planned before the kill"] && outcome.orders.first?.status == .filled)
        #expect(outcome.account.positions == ["005930": 10])
        #expect(outcome.timings.stages.map(\.name) == ["execute", "complete"])
    }

    @Test func aDateWithoutPricesIsNamed() throws {
        let data = try Self.dataset(), store = try Self.store()
        var state = NoState()
        let missing = TradingDate(year: 2026, month: 12, day: 25)!
        let error = #expect(throws: PipelineError.self) {
            try DailyRun(configuration: configuration).run(HoldTarget(target: .allCash), state: &state, dataset: data, on: missing, store: store)
        }
        #expect(error?.reason == .noMarketData && error?.date == missing)
        #expect(try store.runs().isEmpty, "nothing is stored for a day that cannot run")
    }
}
