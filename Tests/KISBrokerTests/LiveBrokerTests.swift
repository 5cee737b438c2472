import Execution
import Foundation
import KISBroker
import KISREST
import KISSimulator
import QuantCore
import Store
import Testing

/// The live broker adapter against the KIS simulator's REST endpoints (order-cash,
/// order-rvsecncl, inquire-daily-ccld, inquire-balance) over loopback, with a real SQLite store.
@Suite("KIS live broker (against the KIS simulator)", .serialized, .timeLimit(.minutes(2)))
struct LiveBrokerTests {
    static let credentials = KISCredentials(appKey: "PSAPPKEY-LIVE-BROKER-TEST-000001", appSecret: "LIVE-BROKER-SECRET", htsID: "brokertester")
    static let account = KISAccount(number: "50999999", productCode: "01")
    let day = KST.tradingDate(of: Date())

    struct Setup {
        let simulator: KISSimulator
        let client: KISRESTClient
        let store: TradingStore
        let directory: URL
    }

    /// A simulator (005930 at 71,000, 000660 at 180,000, 10M won cash), a client with orders on, an empty store.
    static func setUp(ordersEnabled: Bool = true, cash: Int = 10_000_000) async throws -> Setup {
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(
            webSocketPort: 0, restPort: 0, initialPrices: ["005930": 71_000, "000660": 180_000], tickInterval: .milliseconds(20),
            initialCash: cash))
        let endpoints = try await simulator.start()
        let client = KISRESTClient(credentials: credentials, configuration: KISRESTConfiguration(
            environment: .paper, baseURL: endpoints.restBaseURL, account: account, requestsPerSecond: 20, ordersEnabled: ordersEnabled))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qk-broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return Setup(simulator: simulator, client: client, store: try TradingStore(path: directory.appendingPathComponent("quant.sqlite").path),
                     directory: directory)
    }

    /// Stores a run with `orders` planned, for an account with `cash` and no positions.
    func plan(_ orders: [Order], in store: TradingStore, cash: Double = 10_000_000) throws {
        try store.beginRun(on: day, strategy: "live test")
        try store.saveAccount(PaperAccount(cash: cash), asOf: day)
        _ = try store.recordOrders(orders, on: day)
    }

    func broker(_ setup: Setup, timeout: Duration = .seconds(3)) -> KISLiveBroker {
        KISLiveBroker(client: setup.client, settings: .init(killSwitch: KillSwitch(path: setup.directory.appendingPathComponent("KILL").path),
                                                            fillTimeout: timeout, pollInterval: .milliseconds(100)))
    }

    @Test func marketableOrdersFillAndTheRestIsCancelledAndRecorded() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.simulator.stop() } }
        // 005930 at 71,000: a buy limit at 72,000 is marketable; 000660 at 180,000: a buy at 150,000 is not.
        let buy = Order(symbol: "005930", side: .buy, quantity: 20, limitPrice: 72_000, kind: .stock, reason: "target 14%")
        let low = Order(symbol: "000660", side: .buy, quantity: 5, limitPrice: 150_000, kind: .stock, reason: "target 8%")
        try plan([buy, low], in: setup.store)
        let report = try await broker(setup).execute(on: day, store: setup.store)

        #expect(report.fills.map(\.order.symbol) == ["005930"])
        let fill = try #require(report.fills.first)
        #expect(fill.order.quantity == 20 && fill.price >= 70_000 && fill.price <= 72_000, "filled at the market, within the limit")
        #expect(abs(fill.commission - fill.price * 20 * TradingCosts.krx.commissionRate) < 1e-6 && fill.tax == 0)
        #expect(report.unfilled.map(\.order.symbol) == ["000660"])
        #expect(report.unfilled.first?.reason.contains("cancelled") == true, "\(report.unfilled)")

        let orders = try setup.store.orders(on: day)
        #expect(orders.first { $0.order.symbol == "005930" }?.status == .filled)
        #expect(orders.first { $0.order.symbol == "000660" }?.status == .unfilled)
        let brokerRecords = try setup.store.brokerOrders(on: day)
        #expect(brokerRecords.count == 2 && brokerRecords.values.allSatisfy { $0.state == .accepted && $0.orderNumber != nil })
        // The store's account is now the broker's: 20 shares, cash reduced by what was paid.
        let account = try #require(try setup.store.account()?.account)
        #expect(account.positions == ["005930": 20])
        #expect(abs(account.cash - (10_000_000 - fill.price * 20)) < 1, "cash \(account.cash)")
        #expect(try setup.store.run(on: day)?.status == .executed)
        let book = await setup.simulator.orders
        #expect(book.count == 2 && book.contains { $0.isCancelled }, "the unfilled order was cancelled at the broker")
    }

    @Test func theKillSwitchStopsEveryOrderBeforeItIsSent() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.simulator.stop() } }
        try plan([Order(symbol: "005930", side: .buy, quantity: 1, limitPrice: 72_000, kind: .stock, reason: "t")], in: setup.store)
        let kill = setup.directory.appendingPathComponent("KILL").path
        try Data("market crash, stop everything\n".utf8).write(to: URL(fileURLWithPath: kill))
        await #expect {
            try await broker(setup).execute(on: day, store: setup.store)
        } throws: { error in
            (error as? KISBrokerError)?.reason == .killSwitchEngaged && "\(error)".contains("market crash")
        }
        #expect(await setup.simulator.orders.isEmpty, "nothing reached the broker")
        #expect(try setup.store.run(on: day)?.status == .ordered, "the day stays ordered")
        // Released, the same day executes.
        try FileManager.default.removeItem(atPath: kill)
        let report = try await broker(setup).execute(on: day, store: setup.store)
        #expect(report.fills.count == 1)
    }

    @Test func anOrderSentByAProcessThatDiedIsAdoptedNotSentTwice() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.simulator.stop() } }
        let buy = Order(symbol: "005930", side: .buy, quantity: 7, limitPrice: 72_000, kind: .stock, reason: "t")
        try plan([buy], in: setup.store)
        // The earlier process wrote "submitting", sent the order, and died before recording the answer.
        let id = StoredOrder.clientID(for: buy, on: day)
        try setup.store.recordBrokerOrder(clientID: id, state: .submitting)
        let receipt = try await setup.client.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: 7, price: 72_000))
        let report = try await broker(setup).execute(on: day, store: setup.store)
        #expect(await setup.simulator.orders.count == 1, "not sent again")
        #expect(try setup.store.brokerOrders(on: day)[id]?.orderNumber == receipt.orderNumber)
        #expect(report.fills.first?.order.quantity == 7)
    }

    @Test func reconciliationNamesEveryDifferenceAndAdoptsOnlyWhenAllowed() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.simulator.stop() } }
        // The broker holds 20 shares of 005930 (bought outside the bot); the store thinks it holds 3 of 000660.
        _ = try await setup.client.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: 20, price: 72_000))
        let deadline = ContinuousClock.now + .seconds(5)
        while try await setup.client.balance().holdings.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try setup.store.saveAccount(PaperAccount(cash: 9_000_000, positions: ["000660": 3]), asOf: day)
        let broker = broker(setup)
        await #expect {
            try await broker.reconcile(store: setup.store, on: day, adoptBroker: false)
        } throws: { error in
            let text = "\(error)"
            return (error as? KISBrokerError)?.reason == .positionsDiffer && text.contains("000660: store 3, broker 0")
                && text.contains("005930: store 0, broker 20")
        }
        #expect(try setup.store.account()?.account.positions == ["000660": 3], "nothing changed without adoption")
        let adopted = try await broker.reconcile(store: setup.store, on: day, adoptBroker: true)
        #expect(adopted.adopted && adopted.differences.count == 2)
        #expect(try setup.store.account()?.account.positions == ["005930": 20])
        let again = try await broker.reconcile(store: setup.store, on: day, adoptBroker: false)
        #expect(again.positionsAgree && !again.adopted)
    }

    @Test func withoutTheOrdersFlagNothingIsSent() async throws {
        let setup = try await Self.setUp(ordersEnabled: false)
        defer { Task { await setup.simulator.stop() } }
        try plan([Order(symbol: "005930", side: .buy, quantity: 1, limitPrice: 72_000, kind: .stock, reason: "t")], in: setup.store)
        let report = try await broker(setup, timeout: .milliseconds(200)).execute(on: day, store: setup.store)
        #expect(report.fills.isEmpty && report.unfilled.first?.reason.contains("ordersDisabled") == true, "\(report.unfilled)")
        #expect(await setup.simulator.orders.isEmpty)
        for text in ["\(report)", try setup.store.brokerOrders(on: day).values.compactMap(\.detail).joined()] {
            #expect(!text.contains(Self.credentials.appSecret) && !text.contains("50999999"))
        }
    }
}
