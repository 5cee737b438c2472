import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import KISStream
import KISSimulator
import QuantCore
import Testing

@Suite("Client against the simulator over loopback", .timeLimit(.minutes(2)))
struct ClientSimulatorTests {
    static let set: [KISSubscription] = [.trades("005930"), .trades("000660"), .orderBook("005930")]

    @Test func subscribesAndDecodesLiveData() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(Self.set)
            #expect(await h.waitSubscribed(3) != nil)
            #expect(await h.serverRegistrations(count: 3) == Set(Self.set))
            #expect(await h.log.first { $0.trade?.symbol == "000660" } != nil)
            #expect(await h.log.first { if case .orderBook(let b) = $0 { b.asks.count == 10 } else { false } } != nil)
            #expect(await h.log.first { $0.trade?.symbol == "005930" } != nil)
            let stats = await h.client.statistics
            #expect(stats.framesReceived > 0 && stats.diagnostics.isEmpty)
        }
    }

    @Test func dropRestoresExactlyTheActiveSet() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(Self.set + [.trades("035420")])
            #expect(await h.waitSubscribed(4) != nil)
            await h.client.unsubscribe(.trades("000660"))
            let afterRelease = try #require(await h.waitSubscribed(3))
            let mark = await h.log.count
            await h.simulator.dropAllConnections()
            let lost = try #require(await h.log.first(from: mark) { $0.isDisconnect })
            #expect(lost >= afterRelease)
            #expect(await h.waitSubscribed(3, from: lost) != nil)
            let expected: Set<KISSubscription> = [.trades("005930"), .orderBook("005930"), .trades("035420")]
            #expect(await h.serverRegistrations(count: 3) == expected)
            #expect(Set(await h.client.registeredSubscriptions) == expected)
        }
    }

    @Test func watchdogReconnectsAfterSilence() async throws {
        try await Harness.with(client: { $0.silenceTimeout = .milliseconds(800) }) { h in
            try await h.client.subscribe(Self.set)
            #expect(await h.waitSubscribed(3) != nil)
            let mark = await h.log.count
            await h.simulator.setSilent(true)
            let silenced = await h.log.first(from: mark) {
                if case .state(.disconnected(reason: .silence)) = $0 { true } else { false }
            }
            #expect(silenced != nil)
            await h.simulator.setSilent(false)
            #expect(await h.waitSubscribed(3, from: silenced ?? mark) != nil)
            #expect(await h.serverRegistrations(count: 3) == Set(Self.set))
        }
    }

    @Test func restartRestoresSubscriptions() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(Self.set)
            #expect(await h.waitSubscribed(3) != nil)
            let mark = await h.log.count
            try await h.simulator.restart(downtime: .milliseconds(400))
            let lost = try #require(await h.log.first(from: mark) { $0.isDisconnect })
            #expect(await h.waitSubscribed(3, from: lost) != nil)
            #expect(await h.serverRegistrations(count: 3) == Set(Self.set))
            let trade = await h.log.first(from: lost) { $0.trade != nil }
            #expect(trade != nil)
        }
    }

    @Test func malformedFramesAreDiagnosticsAndTheStreamContinues() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(.trades("005930"))
            #expect(await h.waitSubscribed(1) != nil)
            let mark = await h.log.count
            await h.simulator.sendMalformedFrames()
            let sixth = await h.log.first(from: mark) {
                if case .diagnostic(let d) = $0 { d.kind == .malformedFrame && d.count == 5 } else { false }
            }
            #expect(sixth != nil)
            #expect(await h.log.first(from: (sixth ?? mark) + 1) { $0.trade != nil } != nil)
            let stats = await h.client.statistics
            #expect((stats.diagnostics[.malformedFrame] ?? 0) == 5)
            #expect((stats.diagnostics[.unknownTransaction] ?? 0) == 1)
            #expect(await h.simulator.sessionCount == 1)
        }
    }

    @Test func fortySecondSubscriptionIsRefusedBeforeSending() async throws {
        try await Harness.with { h in
            let many = (0..<41).map { KISSubscription.trades(Symbol(String(100_000 + $0))) }
            try await h.client.subscribe(many)
            let extra = KISSubscription.trades("999999")
            let error = await #expect(throws: KISStreamError.self) { try await h.client.subscribe(extra) }
            #expect(error?.reason == .subscriptionLimitExceeded)
            #expect(error?.subscription == extra)
            #expect(await h.waitSubscribed(41) != nil)
            #expect(await h.serverRegistrations(count: 41)?.count == 41)
            #expect(await h.simulator.statistics.maxSubscriptionRefusals == 0)
        }
    }

    @Test func encryptedNoticesSurviveReconnectOnceEach() async throws {
        try await Harness.with { h in
            let notices = KISSubscription.executionNotices(htsID: "tester", paper: false)
            try await h.client.subscribe([notices, .trades("005930")])
            #expect(await h.waitSubscribed(2) != nil)
            let first = try #require(await h.simulator.publishFill(htsID: "tester", quantity: 7))
            let got = await h.log.first { $0.notice?.orderNumber == first }
            #expect(got != nil)
            let mark = await h.log.count
            await h.simulator.dropAllConnections()
            let lost = try #require(await h.log.first(from: mark) { $0.isDisconnect })
            #expect(await h.waitSubscribed(2, from: lost) != nil)
            // A replay of the first notice on the new session is suppressed, not delivered twice.
            #expect(await h.simulator.replayLastFill())
            let second = try #require(await h.simulator.publishFill(htsID: "tester", quantity: 3))
            #expect(await h.log.first { $0.notice?.orderNumber == second } != nil)
            let numbers = await h.log.filter { $0.notice?.orderNumber }
            #expect(numbers == [first, second])
            let quantities = await h.log.filter { $0.notice?.quantity }
            #expect(quantities == [7, 3])
            #expect(await h.client.statistics.duplicateNoticesSuppressed == 1)
        }
    }

    @Test func pingPongIsEchoed() async throws {
        try await Harness.with(simulator: KISSimulatorConfiguration(pingPongInterval: .milliseconds(150), pingPongTimeout: .seconds(2))) { h in
            try await h.client.subscribe(.trades("005930"))
            #expect(await h.waitSubscribed(1) != nil)
            let deadline = ContinuousClock.now + .seconds(10)
            while await h.simulator.statistics.pingPongEchoes < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await h.simulator.statistics.pingPongEchoes >= 3)
            #expect(await h.simulator.statistics.pingPongTimeouts == 0)
            #expect(await h.simulator.statistics.pongFrameEchoes == 0)
            #expect(await h.client.statistics.pingPongsAnswered >= 3)
        }
    }

    @Test func pingPongAnsweredWithPongFramesWhenConfigured() async throws {
        try await Harness.with(
            simulator: KISSimulatorConfiguration(pingPongInterval: .milliseconds(150), pingPongTimeout: .seconds(2)),
            client: { $0.pingPongReply = .pongFrame; $0.releaseTransactionType = "0" }
        ) { h in
            try await h.client.subscribe([.trades("005930"), .trades("000660")])
            #expect(await h.waitSubscribed(2) != nil)
            await h.client.unsubscribe(.trades("000660"))
            #expect(await h.waitSubscribed(1) != nil)
            let deadline = ContinuousClock.now + .seconds(10)
            while await h.simulator.statistics.pingPongEchoes < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await h.simulator.statistics.pingPongEchoes >= 2)
            let stats = await h.simulator.statistics
            #expect(stats.pongFrameEchoes == stats.pingPongEchoes)
            #expect(await h.serverRegistrations(count: 1) == [.trades("005930")])
        }
    }

    @Test func approvalKeyIsReissuedOnceExpired() async throws {
        try await Harness.with(client: { $0.approvalKeyLifetime = .zero }) { h in
            try await h.client.subscribe(.trades("005930"))
            #expect(await h.waitSubscribed(1) != nil)
            let mark = await h.log.count
            await h.simulator.dropAllConnections()
            let lost = try #require(await h.log.first(from: mark) { $0.isDisconnect })
            #expect(await h.waitSubscribed(1, from: lost) != nil)
            #expect(await h.simulator.statistics.approvalKeysIssued == 2)
        }
    }

    @Test func invalidApprovalReissuesTheKey() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(Self.set)
            #expect(await h.waitSubscribed(3) != nil)
            let mark = await h.log.count
            await h.simulator.invalidateApprovalKeys()
            await h.simulator.dropAllConnections()
            let rejected = await h.log.first(from: mark) {
                if case .state(.disconnected(reason: .invalidApproval)) = $0 { true } else { false }
            }
            #expect(rejected != nil)
            #expect(await h.waitSubscribed(3, from: rejected ?? mark) != nil)
            #expect(await h.simulator.statistics.approvalKeysIssued == 2)
        }
    }

    @Test func appKeyInUseBacksOffLongAndSurfacesTheError() async throws {
        try await Harness.with { h in
            try await h.client.subscribe(.trades("005930"))
            #expect(await h.waitSubscribed(1) != nil)
            let second = KISRealtimeClient(credentials: Harness.credentials, configuration: Harness.clientConfiguration(h.endpoints))
            try await second.subscribe(.trades("000660"))
            let (log, consumer) = EventLog.consuming(second.events)
            let runner = Task { await second.run() }
            let error = await log.first {
                if case .error(let e) = $0 { e.reason == .appKeyInUse } else { false }
            }
            #expect(error != nil)
            let backoff = await log.first {
                if case .state(.backingOff(let until, _)) = $0 { until.timeIntervalSinceNow > 20 } else { false }
            }
            #expect(backoff != nil)
            let description = await log.filter { if case .error(let e) = $0 { e.description } else { nil } }.joined()
            #expect(!description.contains("TESTAPPKEY") && !description.contains("SECRET"))
            runner.cancel()
            _ = await runner.value
            consumer.cancel()
            #expect(await h.simulator.statistics.appKeyInUseRefusals == 1)
            #expect(await h.serverRegistrations(count: 1) == [.trades("005930")])
        }
    }

    @Test func slowConsumerMemoryIsBounded() async throws {
        let simulator = KISSimulator(configuration: KISSimulatorConfiguration(tickInterval: .milliseconds(1), multiRecordProbability: 1))
        let endpoints = try await simulator.start()
        var configuration = Harness.clientConfiguration(endpoints)
        configuration.bufferCapacity = 64
        let client = KISRealtimeClient(credentials: Harness.credentials, configuration: configuration)
        try await client.subscribe([.trades("005930"), .trades("000660"), .orderBook("005930")])
        let runner = Task { await client.run() }
        // Nobody consumes: wait until far more records arrived than the buffer holds.
        let deadline = ContinuousClock.now + .seconds(20)
        while await client.statistics.recordsDelivered < 2_000 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let delivered = await client.statistics.recordsDelivered
        #expect(delivered >= 2_000)
        // The state/subscription events are never dropped; market data is conflated beyond 64.
        #expect(client.buffer.pendingCount <= 64 + 16)
        #expect(client.events.conflatedCount > 0)
        runner.cancel()
        _ = await runner.value
        await simulator.stop()
    }

    @Test func refusedCredentialsSurfaceWithoutSecrets() async throws {
        try await Harness.with(simulator: KISSimulatorConfiguration(acceptedAppKeys: ["SOMEONE-ELSE"])) { h in
            let error = await h.log.first {
                if case .error(let e) = $0 { e.reason == .approvalKeyRequestFailed } else { false }
            }
            let text = await h.log.filter { if case .error(let e) = $0 { e.description } else { nil } }.joined()
            #expect(error != nil && text.contains("403"))
            #expect(!text.contains("TESTAPPKEY") && !text.contains("SECRET-xyz"))
            #expect(await h.log.first { if case .state(.backingOff) = $0 { true } else { false } } != nil)
            #expect(await h.simulator.sessionCount == 0)
        }
    }

    /// A loopback TCP listener that never accepts: the kernel completes the handshake, nobody
    /// ever answers the WebSocket upgrade.
    static func mutePort() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else { throw KISDecodingError(detail: "cannot listen") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func unansweredUpgradeTimesOutAndRetries() async throws {
        let simulator = KISSimulator()
        let endpoints = try await simulator.start()
        let mute = try Self.mutePort()
        defer { close(mute.fd) }
        var configuration = Harness.clientConfiguration(endpoints)
        configuration.webSocketURL = "ws://127.0.0.1:\(mute.port)/tryitout"
        configuration.connectTimeout = .milliseconds(300)
        let client = KISRealtimeClient(credentials: Harness.credentials, configuration: configuration)
        let (log, consumer) = EventLog.consuming(client.events)
        let runner = Task { await client.run() }
        let first = await log.first {
            if case .state(.disconnected(reason: .connectFailed(let why))) = $0 { why.contains("no WebSocket upgrade") } else { false }
        }
        #expect(first != nil)
        let second = await log.first(from: (first ?? 0) + 1) {
            if case .state(.connecting(let attempt)) = $0 { attempt >= 2 } else { false }
        }
        #expect(second != nil)
        runner.cancel()
        _ = await runner.value
        consumer.cancel()
        await simulator.stop()
    }
}
