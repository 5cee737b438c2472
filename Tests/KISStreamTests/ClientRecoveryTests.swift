import Foundation
import KISREST
import KISSimulator
@testable import KISStream
import QuantCore
import Testing

/// Execution notices missed while the WebSocket was down come back through the REST
/// order-fill inquiry, each filled share exactly once, never duplicated.
@Suite("Notice recovery through the order-fill inquiry", .timeLimit(.minutes(2)))
struct ClientRecoveryTests {
    static let credentials = Harness.credentials
    static let htsID = "tester"
    static let day = TradingDate(daysSinceEpoch: 20_790)

    struct Rig {
        let simulator: KISSimulator
        let rest: KISRESTClient
        let client: KISRealtimeClient
        let log: EventLog
        let tasks: [Task<Void, Never>]

        /// Waits until the simulator has `count` orders, all filled.
        func waitFilled(count: Int) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let orders = await simulator.orders
                if orders.count == count, orders.allSatisfy({ $0.filledQuantity == $0.quantity }) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        /// Waits until the client completed `count` order-fill inquiries.
        func waitRecoveries(_ count: Int) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if await client.statistics.noticeRecoveries >= count { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        func buy(_ symbol: Symbol, _ quantity: Int) async throws -> String {
            try await rest.placeOrder(KISOrderRequest(side: .buy, symbol: symbol, quantity: quantity)).orderNumber
        }

        /// Fill notices delivered so far.
        func fills() async -> [KISExecutionNotice] {
            await log.filter { $0.notice }.filter { $0.kind == .fill }
        }
    }

    static func with(_ body: (Rig) async throws -> Void) async throws {
        // Every order fills in lots of 4 shares, one lot per 50 ms market tick.
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(fillLotSize: 4))
        let endpoints = try await simulator.start()
        let rest = KISRESTClient(
            credentials: credentials,
            configuration: KISRESTConfiguration(
                environment: .real, baseURL: endpoints.restBaseURL, account: KISAccount(number: "50000001"), ordersEnabled: true))
        var configuration = Harness.clientConfiguration(endpoints)
        configuration.connectTimeout = .seconds(2)
        let client = KISRealtimeClient(
            credentials: credentials, configuration: configuration, approvalKeyIssuer: rest, orderFills: rest)
        let (log, consumer) = EventLog.consuming(client.events)
        let runner = Task { await client.run() }
        let rig = Rig(simulator: simulator, rest: rest, client: client, log: log, tasks: [runner, consumer])
        func stop() async {
            runner.cancel()
            _ = await runner.value
            consumer.cancel()
            await simulator.stop()
        }
        do {
            try await body(rig)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    @Test func fillsMissedWhileDisconnectedAreRecoveredExactlyOnce() async throws {
        try await Self.with { rig in
            // Filled before the client subscribed: part of the baseline, never reported as missed.
            let before = try await rig.buy("035420", 6)
            #expect(await rig.waitFilled(count: 1))

            try await rig.client.subscribe(.executionNotices(htsID: Self.htsID, paper: false))
            #expect(await rig.log.first { $0.subscribedCount == 1 } != nil)
            #expect(await rig.waitRecoveries(1))  // the baseline

            // Live: three fill notices (4 + 4 + 2) over the WebSocket.
            let live = try await rig.buy("005930", 10)
            #expect(await rig.waitFilled(count: 2))
            let liveSeen = await rig.log.first {
                guard let n = $0.notice else { return false }
                return n.kind == .fill && n.orderNumber == live && n.quantity == 2
            }
            #expect(liveSeen != nil)

            // Disconnected: the server refuses upgrades, so these fills' notices are lost.
            let mark = await rig.log.count
            await rig.simulator.setRefusingWebSocketUpgrades(true)
            await rig.simulator.dropAllConnections()
            #expect(await rig.log.first(from: mark) { $0.isDisconnect } != nil)
            let missedA = try await rig.buy("005930", 10)
            let missedB = try await rig.buy("000660", 7)
            #expect(await rig.waitFilled(count: 4))
            let lostBefore = await rig.simulator.statistics.ownNoticesLost
            #expect(lostBefore == 3 + 4 + 3)  // ack + lots of the pre-start order (6), A (10) and B (7)

            // Reconnect: the notice subscription is restored and the inquiry recovers A and B.
            await rig.simulator.setRefusingWebSocketUpgrades(false)
            #expect(await rig.waitRecoveries(2))
            for missed in [missedA, missedB] {
                let seen = await rig.log.first {
                    guard let n = $0.notice else { return false }
                    return n.isRecovered && n.orderNumber == missed
                }
                #expect(seen != nil)
            }

            // A second reconnect with nothing missed recovers nothing new.
            let mark2 = await rig.log.count
            await rig.simulator.dropAllConnections()
            #expect(await rig.log.first(from: mark2) { $0.isDisconnect } != nil)
            #expect(await rig.waitRecoveries(3))

            let fills = await rig.fills()
            let recovered = fills.filter(\.isRecovered)
            #expect(Set(recovered.map(\.orderNumber)) == [missedA, missedB])
            #expect(recovered.count == 2)
            #expect(recovered.first { $0.orderNumber == missedA }?.quantity == 10)
            #expect(recovered.first { $0.orderNumber == missedB }?.quantity == 7)
            #expect(recovered.first { $0.orderNumber == missedA }?.price == 71_000)
            #expect(recovered.first { $0.orderNumber == missedB }?.price == 180_000)
            #expect(recovered.allSatisfy { $0.symbol == ($0.orderNumber == missedA ? "005930" : "000660") && $0.side == .buy })

            // Every share the simulator filled since the client started was reported exactly once.
            var reported: [String: Int] = [:]
            for notice in fills { reported[notice.orderNumber, default: 0] += notice.quantity }
            #expect(reported == [live: 10, missedA: 10, missedB: 7])
            #expect(reported[before] == nil)
            let stats = await rig.client.statistics
            #expect(stats.noticesRecovered == 2)
        }
    }

    @Test func aLateOriginalOfARecoveredFillIsSuppressed() {
        var ledger = KISFillLedger()
        let order = KISOrderFill(
            orderDate: Self.day, orderNumber: "0000000042", side: .buy, symbol: "005930",
            orderQuantity: 10, orderPrice: 0, orderedAt: Date(), filledQuantity: 0, filledAmount: 0, averagePrice: 0,
            remainingQuantity: 10)
        let baseline = ledger.reconcile([order], cutoffSeconds: 36_000)
        #expect(baseline.isEmpty)  // nothing filled yet
        var filled = order
        filled.filledQuantity = 10
        filled.filledAmount = 710_000
        filled.averagePrice = 71_000
        let missing = ledger.reconcile([filled], cutoffSeconds: 36_100)
        #expect(missing.count == 1 && missing.first?.quantity == 10 && missing.first?.price == 71_000)
        // The server replays the original 6 + 4 notices after the inquiry: both suppressed.
        let first = ledger.recordLive(orderNumber: "42", date: Self.day, quantity: 6, price: 71_000, secondsOfDay: 36_050)
        let second = ledger.recordLive(orderNumber: "0000000042", date: Self.day, quantity: 4, price: 71_000, secondsOfDay: 36_060)
        #expect(!first && !second)
        // The same number on another day is another order.
        let nextDay = ledger.recordLive(orderNumber: "42", date: Self.day.advanced(by: 1), quantity: 6, price: 71_000, secondsOfDay: 36_050)
        #expect(nextDay)
        // A later inquiry finds nothing new; a genuinely new fill after the cutoff is delivered.
        let again = ledger.reconcile([filled], cutoffSeconds: 36_200)
        #expect(again.isEmpty)
        let later = ledger.recordLive(orderNumber: "42", date: Self.day, quantity: 1, price: 71_000, secondsOfDay: 36_300)
        #expect(later)
    }

    @Test func aBaselineCountsButDoesNotSuppressLiveNotices() {
        var ledger = KISFillLedger()
        let filled = KISOrderFill(
            orderDate: Self.day, orderNumber: "7", side: .sell, symbol: "000660",
            orderQuantity: 5, orderPrice: 0, orderedAt: Date(), filledQuantity: 5, filledAmount: 900_000, averagePrice: 180_000,
            remainingQuantity: 0)
        let baseline = ledger.reconcile([filled], cutoffSeconds: 40_000)
        #expect(baseline.isEmpty)
        // The live notice of a fill the baseline already counted: delivered, not counted twice.
        let delivered = ledger.recordLive(orderNumber: "7", date: Self.day, quantity: 5, price: 180_000, secondsOfDay: 39_990)
        #expect(delivered)
        let later = ledger.reconcile([filled], cutoffSeconds: 40_100)
        #expect(later.isEmpty)
    }
}
