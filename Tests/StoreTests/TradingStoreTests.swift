import Execution
import Foundation
import QuantCore
import Store
import StrategyKit
import Testing

@Suite("Trading store (a real SQLite file)")
struct TradingStoreTests {
    let day = TradingDate(year: 2026, month: 12, day: 3)!

    static func temporaryPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("quant.sqlite").path
    }

    let buy = Order(symbol: "005930", side: .buy, quantity: 10, limitPrice: 71_600, kind: .stock, reason: "target 10%")
    let sell = Order(symbol: "000660", side: .sell, quantity: 3, limitPrice: 181_500, kind: .stock, reason: "target 0%")

    @Test func theSchemaIsMigratedAndVersioned() throws {
        let store = try TradingStore(path: try Self.temporaryPath())
        #expect(try store.appliedMigrations() == ["v1: runs, targets, orders, fills, account, positions", "v2: recorded ticks and minute bars", "v3: alert outbox", "v4: broker orders"])
    }

    @Test func repeatingADayCreatesNoDuplicates() throws {
        let path = try Self.temporaryPath()
        let store = try TradingStore(path: path)
        let first = try store.beginRun(on: day, strategy: "test", at: Date(timeIntervalSince1970: 1_000))
        #expect(first.status == .started)
        try store.recordTargets(try PortfolioWeights(["005930": 0.1]), on: day)
        let stored = try store.recordOrders([sell, buy], on: day)
        #expect(stored.map(\.clientID) == ["2026-12-03/000660/sell", "2026-12-03/005930/buy"])
        // The same day again, from a new process (a new store on the same file), with a changed plan.
        let again = try TradingStore(path: path)
        let second = try again.beginRun(on: day, strategy: "test", at: Date(timeIntervalSince1970: 2_000))
        #expect(second.startedAt == first.startedAt && second.status == .ordered)
        let bigger = Order(symbol: "005930", side: .buy, quantity: 99, limitPrice: 71_600, kind: .stock, reason: "changed")
        let orders = try again.recordOrders([bigger], on: day)
        #expect(orders.count == 2)
        #expect(orders.first { $0.order.symbol == "005930" }?.order.quantity == 10, "the stored order is kept")
        #expect(try again.runs().count == 1)
    }

    @Test func anExecutionIsStoredWholeOrNotAtAll() throws {
        let store = try TradingStore(path: try Self.temporaryPath())
        try store.beginRun(on: day, strategy: "test")
        var account = PaperAccount(cash: 1_000_000, positions: ["000660": 3])
        try store.saveAccount(account, asOf: day.adding(days: -1))
        _ = try store.recordOrders([sell, buy], rejected: [PreTradeCheck.Rejection(order: Order(symbol: "035420", side: .buy, quantity: 1, limitPrice: 200_000, kind: .stock, reason: "x"), reason: "halted")], on: day)
        let report = account.execute([sell, buy], at: ["000660": 182_000, "005930": 71_200], on: day, costs: .krx)
        #expect(report.fills.count == 2)

        // A report naming an order that was never stored fails and writes nothing.
        let stranger = Order(symbol: "111111", side: .buy, quantity: 1, limitPrice: 1_000, kind: .stock, reason: "")
        let bogus = PaperAccount.ExecutionReport(fills: report.fills, unfilled: [PaperAccount.Unfilled(order: stranger, reason: "no price")])
        let error = #expect(throws: StoreError.self) { try store.recordExecution(bogus, account: account, on: day) }
        #expect(error?.reason == .unknownOrder)
        #expect(try store.orders(on: day).filter { $0.status == .filled }.isEmpty, "nothing of the failed execution was written")
        #expect(try store.account()?.account.cash == 1_000_000)

        try store.recordExecution(report, account: account, on: day)
        let orders = try store.orders(on: day)
        #expect(orders.map(\.status) == [.filled, .filled, .rejected])
        #expect(orders.last?.note == "halted")
        let saved = try #require(try store.account())
        #expect(saved.account == account && saved.asOf == day)
        #expect(try store.run(on: day)?.status == .executed)
        try store.completeRun(on: day, summary: #"{"ok":true}"#)
        #expect(try store.run(on: day)?.status == .completed)
        #expect(throws: StoreError.self) { try store.recordTargets(.allCash, on: day) }
    }

    @Test func unknownRunsAndUnopenableFilesAreNamed() throws {
        let store = try TradingStore(path: try Self.temporaryPath())
        let error = #expect(throws: StoreError.self) { try store.recordTargets(.allCash, on: day) }
        #expect(error?.reason == .unknownRun && error?.date == day)
        let bad = #expect(throws: StoreError.self) { try TradingStore(path: "/nonexistent-dir/quant.sqlite") }
        #expect(bad?.reason == .cannotOpen && bad?.detail.contains("/nonexistent-dir/quant.sqlite") == true)
    }

    @Test func ticksAreRecorded() throws {
        let store = try TradingStore(path: try Self.temporaryPath())
        try store.recordTicks([("005930", Date(timeIntervalSince1970: 1_764_720_000), 71_200, 10), ("005930", Date(timeIntervalSince1970: 1_764_720_001), 71_300, 5)])
        #expect(try store.tickCount(of: "005930") == 2)
        #expect(try store.tickCount(of: "000660") == 0)
    }

    @Test func minuteBarsAreStoredOncePerMinuteAndReopen() throws {
        let path = try Self.temporaryPath()
        let minute = Date(timeIntervalSince1970: 1_764_720_000)
        do {
            let store = try TradingStore(path: path)
            try store.recordMinuteBars([("005930", minute, 71_000, 71_500, 70_900, 71_200, 1_200),
                                        ("005930", minute.addingTimeInterval(60), 71_200, 71_300, 71_100, 71_300, 400)])
            // The same minute again (a restart re-publishes it, fuller): one row, the later values.
            try store.recordMinuteBars([("005930", minute, 71_000, 71_600, 70_900, 71_400, 1_500)])
        }
        let reopened = try TradingStore(path: path)
        let bars = try reopened.minuteBars(of: "005930")
        #expect(bars.count == 2)
        #expect(bars.first?.minute == minute)
        #expect(bars.first?.high == 71_600)
        #expect(bars.first?.close == 71_400)
        #expect(bars.first?.volume == 1_500)
        #expect(bars.last?.volume == 400)
        #expect(try reopened.minuteBars(of: "000660").isEmpty)
    }
}
