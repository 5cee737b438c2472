import Foundation
public import KISStream
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import QuantCore

/// A loopback KIS real-time server for tests, demos and development without an account.
///
/// Speaks the protocol as the KIS notes describe. REST: `POST /oauth2/Approval` issues approval
/// keys, `POST /oauth2/tokenP` access tokens, `POST /uapi/hashkey` order digests; the current
/// price, daily order-fill and balance inquiries answer from its market and order book (with
/// continuation paging); cash orders, amendments and cancellations go into a book that fills
/// against the random walk and pushes H0STCNI0 notices; an optional per-second limit answers
/// `EGW00201`. WebSocket: the WebSocket (any path) checks the approval key on every request, allows one
/// session per app key (`OPSP8996` for a second), acks with key/iv, enforces the
/// registration cap (`OPSP0008`), pushes plaintext and multi-record market data from a
/// seeded random walk, encrypted execution notices, and PINGPONG (closing sessions that do
/// not echo it). Fault injection: ``dropAllConnections()``, ``setSilent(_:)``,
/// ``sendMalformedFrames()``, ``restart()``, ``invalidateApprovalKeys()``,
/// ``expireAccessTokens()``, ``setRefusingWebSocketUpgrades(_:)``.
///
/// ```swift
/// let simulator = KISSimulator()
/// let endpoints = try await simulator.start()
/// var config = KISStreamConfiguration(webSocketURL: endpoints.webSocketURL, restBaseURL: endpoints.restBaseURL)
/// …
/// await simulator.stop()
/// ```
public actor KISSimulator {
    /// Where a started simulator listens.
    public struct Endpoints: Sendable, Hashable {
        /// `ws://127.0.0.1:<port>/tryitout`.
        public var webSocketURL: String
        /// `http://127.0.0.1:<port>`.
        public var restBaseURL: String
        /// The WebSocket port.
        public var webSocketPort: Int
        /// The REST port.
        public var restPort: Int
    }

    enum Upgrade {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
    }

    final class Connection: Sendable {
        let id: Int
        let channel: any Channel
        let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
        init(id: Int, channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) {
            self.id = id
            self.channel = channel
            self.outbound = outbound
        }
    }

    struct Session {
        let connection: Connection
        var appKey: String?
        var registrations: [KISSubscription] = []
        var cipher: KISCipherKey
        var lastEcho: ContinuousClock.Instant
        var pingOutstanding = false
    }

    /// The configuration.
    public let configuration: KISSimulatorConfiguration
    var market: SimulatedMarket
    var keyRandom: SimulatorRandom
    var approvalKeys: [String: String] = [:]
    var sessions: [Int: Session] = [:]
    var connectionCounter = 0
    var servers: [NIOAsyncChannel<EventLoopFuture<Upgrade>, Never>] = []
    var tasks: [Task<Void, Never>] = []
    var silent = false
    var orderCounter = 0
    var lastFill: [String]?
    var boundPorts: (ws: Int, rest: Int)?
    var counters = KISSimulatorStatistics()
    var broker: SimulatedBroker
    var accessTokens: [String: (appKey: String, expiresAt: ContinuousClock.Instant)] = [:]
    var rateWindows: [String: [ContinuousClock.Instant]] = [:]
    var restLog: [KISSimulatorRESTRequest] = []
    var fillCounts: [Int: Int] = [:]
    nonisolated let upgradeGate = UpgradeGate()

    /// Creates a stopped simulator.
    public init(configuration: KISSimulatorConfiguration = KISSimulatorConfiguration()) {
        self.configuration = configuration
        market = SimulatedMarket(
            seed: configuration.seed, initialPrices: configuration.initialPrices, extraTradeFields: configuration.extraTradeFields)
        keyRandom = SimulatorRandom(seed: configuration.seed ^ 0x5EED)
        broker = SimulatedBroker(
            initialCash: configuration.initialCash, fillLotSize: configuration.fillLotSize,
            firstOrderNumber: configuration.firstOrderNumber)
    }

    // MARK: - Life cycle

    /// Binds the WebSocket and REST listeners and starts the market, PINGPONG and notice loops.
    ///
    /// - Throws: NIO's bind errors (for example a port in use).
    @discardableResult
    public func start() async throws -> Endpoints {
        if let ports = boundPorts { return endpoints(ports) }
        let ws = try await bind(port: configuration.webSocketPort)
        let rest = try await bind(port: configuration.restPort)
        let ports = (ws: ws.channel.localAddress?.port ?? 0, rest: rest.channel.localAddress?.port ?? 0)
        boundPorts = ports
        startLoops(servers: [ws, rest])
        return endpoints(ports)
    }

    /// Closes every connection and listener.
    public func stop() async {
        for task in tasks { task.cancel() }
        tasks = []
        for session in sessions.values { session.connection.channel.close(promise: nil) }
        sessions = [:]
        for server in servers { try? await server.channel.close() }
        servers = []
        boundPorts = nil
    }

    /// Simulates KIS's Friday restart: drops every socket, forgets every session, and listens
    /// again on the same ports after `downtime` (connects fail meanwhile).
    public func restart(downtime: Duration = .milliseconds(300)) async throws {
        guard let ports = boundPorts else { return }
        counters.restarts += 1
        for task in tasks { task.cancel() }
        tasks = []
        for session in sessions.values { session.connection.channel.close(promise: nil) }
        sessions = [:]
        for server in servers { try? await server.channel.close() }
        servers = []
        try await Task.sleep(for: downtime)
        let ws = try await bind(port: ports.ws)
        let rest = try await bind(port: ports.rest)
        startLoops(servers: [ws, rest])
    }

    func endpoints(_ ports: (ws: Int, rest: Int)) -> Endpoints {
        Endpoints(
            webSocketURL: "ws://\(configuration.host):\(ports.ws)/tryitout", restBaseURL: "http://\(configuration.host):\(ports.rest)",
            webSocketPort: ports.ws, restPort: ports.rest)
    }

    func startLoops(servers: [NIOAsyncChannel<EventLoopFuture<Upgrade>, Never>]) {
        self.servers = servers
        for server in servers {
            tasks.append(Task { await self.accept(server) })
        }
        tasks.append(Task { await self.marketLoop() })
        tasks.append(Task { await self.pingLoop() })
        if let interval = configuration.automaticNoticeInterval {
            tasks.append(Task { await self.noticeLoop(interval) })
        }
    }

    // MARK: - Fault injection

    /// Closes every WebSocket's TCP connection without a close frame (the `1006` case).
    public func dropAllConnections() {
        counters.drops += 1
        for session in sessions.values { session.connection.channel.close(promise: nil) }
        sessions = [:]
    }

    /// Stops (or resumes) sending anything: data, replies and PINGPONG. Connections stay open.
    public func setSilent(_ silent: Bool) { self.silent = silent }

    /// Sends a burst of malformed frames to every session (bad flag, bad count, short record,
    /// unknown TR, broken JSON, a bad field).
    public func sendMalformedFrames() async {
        let frames = [
            "7|H0STCNT0|001|005930", "0|H0STCNT0|xyz|005930", "0|H0STCNT0|001|005930^093000^71000",
            "0|HXXXXXX0|001|a^b^c", "{\"header\":", "0|H0STCNT0|002|" + Array(repeating: "1", count: 47).joined(separator: "^"),
        ]
        counters.malformedSent += frames.count
        for session in sessions.values {
            for frame in frames { await write(session.connection, text: frame) }
        }
    }

    /// Sends raw text to every session (tests of arbitrary frames).
    public func broadcast(_ text: String) async {
        for session in sessions.values { await write(session.connection, text: text) }
    }

    /// Forgets every issued approval key, so the next request gets `OPSP0011`.
    public func invalidateApprovalKeys() { approvalKeys = [:] }

    /// Pushes an encrypted fill notice to every session subscribed to notices for `htsID`;
    /// returns the order number used, or nil when nobody is subscribed.
    @discardableResult
    public func publishFill(htsID: String, symbol: String = "005930", quantity: Int = 10) async -> String? {
        orderCounter += 1
        let number = orderCounter
        let fields = market.fillNotice(htsID: htsID, orderNumber: number, code: symbol, quantity: quantity, time: Self.nowKST().time)
        lastFill = fields
        return await deliverNotice(fields, htsID: htsID) ? fields[2] : nil
    }

    /// Sends the last fill again, byte for byte (as a server replaying after a reconnect
    /// might); returns false when there is none or nobody is subscribed.
    @discardableResult
    public func replayLastFill() async -> Bool {
        guard let fields = lastFill else { return false }
        return await deliverNotice(fields, htsID: fields[0])
    }

    func deliverNotice(_ fields: [String], htsID: String) async -> Bool {
        var delivered = false
        for session in sessions.values {
            for sub in session.registrations where sub.transactionID.isExecutionNotice && sub.key == htsID {
                guard let payload = try? session.cipher.encrypt(fields.joined(separator: "^")) else { continue }
                await write(session.connection, text: "1|\(sub.transactionID.rawValue)|001|\(payload)")
                delivered = true
            }
        }
        return delivered
    }

    // MARK: - Observation

    /// The registrations of every live session, by connection number.
    public var registrations: [Int: [KISSubscription]] { sessions.mapValues(\.registrations) }

    /// The number of live WebSocket sessions.
    public var sessionCount: Int { sessions.count }

    /// Counters since creation.
    public var statistics: KISSimulatorStatistics { counters }

    // MARK: - Networking

    func bind(port: Int) async throws -> NIOAsyncChannel<EventLoopFuture<Upgrade>, Never> {
        let gate = upgradeGate
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: configuration.host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
                        maxFrameSize: 1 << 20,
                        shouldUpgrade: { channel, _ in
                            // A refused upgrade fails the handshake, which closes the connection at once.
                            gate.isRefusing
                                ? channel.eventLoop.makeFailedFuture(UpgradeGate.Refused())
                                : channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                        },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                            }
                        })
                    let configuration = NIOTypedHTTPServerUpgradeConfiguration<Upgrade>(
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                .http(try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
    }

    nonisolated func accept(_ server: NIOAsyncChannel<EventLoopFuture<Upgrade>, Never>) async {
        await withDiscardingTaskGroup { group in
            do {
                try await server.executeThenClose { inbound in
                    for try await upgrade in inbound {
                        group.addTask {
                            guard let result = try? await upgrade.get() else { return }
                            switch result {
                            case .websocket(let channel): await self.serveWebSocket(channel)
                            case .http(let channel): await self.serveHTTP(channel)
                            }
                        }
                    }
                }
            } catch {}
            group.cancelAll()
        }
    }

    nonisolated func serveHTTP(_ channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await channel.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var chunk): body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { return }
                    let (path, query) = Self.parse(uri: request.uri)
                    let answer = await self.respond(RESTRequest(
                        method: request.method, path: path, query: query, headers: request.headers, body: Data(body.readableBytesView)))
                    var headers = HTTPHeaders()
                    headers.add(name: "content-type", value: "application/json; charset=utf-8")
                    headers.add(name: "content-length", value: String(answer.json.utf8.count))
                    for (name, value) in answer.headers { headers.add(name: name, value: value) }
                    try await outbound.write(.head(HTTPResponseHead(version: request.version, status: answer.status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: answer.json))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }

    nonisolated func serveWebSocket(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async {
        try? await channel.executeThenClose { inbound, outbound in
            let connection = await self.opened(channel: channel.channel, outbound: outbound)
            do {
                try await self.readFrames(inbound, outbound, connection)
            } catch {}
            await self.closed(connection.id)
        }
    }

    nonisolated func readFrames(
        _ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, _ outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>,
        _ connection: Connection
    ) async throws {
        for try await frame in inbound {
            switch frame.opcode {
            case .text:
                var data = frame.unmaskedData
                let text = data.readString(length: data.readableBytes) ?? ""
                if await !self.handle(text, from: connection) { return }
            case .pong:
                await self.echoed(connection.id, pongFrame: true)
            case .ping:
                try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
            case .connectionClose:
                var data = frame.unmaskedData
                let code = data.readSlice(length: 2) ?? ByteBuffer()
                try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, data: code))
                return
            default: break
            }
        }
    }

    func opened(channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) -> Connection {
        connectionCounter += 1
        counters.connections += 1
        let connection = Connection(id: connectionCounter, channel: channel, outbound: outbound)
        sessions[connection.id] = Session(connection: connection, cipher: makeCipher(), lastEcho: .now)
        return connection
    }

    func closed(_ id: Int) { sessions[id] = nil }

    func echoed(_ id: Int, pongFrame: Bool = false) {
        if pongFrame { counters.pongFrameEchoes += 1 }
        sessions[id]?.lastEcho = .now
        sessions[id]?.pingOutstanding = false
        counters.pingPongEchoes += 1
    }

    func makeCipher() -> KISCipherKey {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let hex = Array("0123456789abcdef")
        let key = String((0..<32).map { _ in letters[Int(keyRandom.next() % 26)] })
        let iv = String((0..<16).map { _ in hex[Int(keyRandom.next() % 16)] })
        if let pair = try? KISCipherKey(key: key, iv: iv) { return pair }
        return makeCipher()  // unreachable: the lengths above are fixed
    }

    nonisolated func write(_ connection: Connection, text: String) async {
        try? await connection.outbound.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text)))
    }

    static func reply(
        trID: String, trKey: String, rt: String, code: String, message: String, encrypt: Bool = false, cipher: KISCipherKey? = nil
    ) -> String {
        let output = cipher.map { #","output":{"iv":"\#($0.iv)","key":"\#($0.key)"}"# } ?? ""
        return #"{"header":{"tr_id":"\#(trID)","tr_key":"\#(trKey)","encrypt":"\#(encrypt ? "Y" : "N")"},"body":{"rt_cd":"\#(rt)","msg_cd":"\#(code)","msg1":"\#(message)"\#(output)}}"#
    }

    static let supported: Set<KISTransactionID> = [.tradeTick, .orderBook, .executionNotice, .paperExecutionNotice, .marketOperation]

    /// Handles one client text frame; returns false to close the connection.
    func handle(_ text: String, from connection: Connection) async -> Bool {
        guard var session = sessions[connection.id] else { return false }
        if text.contains("\"PINGPONG\"") {
            echoed(connection.id)
            return true
        }
        if silent { return true }
        guard let request = KISSubscriptionRequest.parse(text) else {
            await write(connection, text: Self.reply(trID: "", trKey: "", rt: "9", code: "OPSP9999", message: "JSON PARSING ERROR : invalid json format"))
            return true
        }
        let trID = request.subscription.transactionID.rawValue
        let trKey = request.subscription.key
        guard let appKey = approvalKeys[request.approvalKey] else {
            await write(connection, text: Self.reply(trID: trID, trKey: trKey, rt: "1", code: "OPSP0011", message: "invalid approval : NOT FOUND"))
            return true
        }
        if session.appKey == nil {
            if sessions.values.contains(where: { $0.appKey == appKey && $0.connection.id != connection.id }) {
                counters.appKeyInUseRefusals += 1
                await write(connection, text: Self.reply(trID: "(null)", trKey: "", rt: "9", code: "OPSP8996", message: "ALREADY IN USE appkey"))
                return false
            }
            session.appKey = appKey
        }
        let subscription = request.subscription
        let answer: String
        switch request.operation {
        case .subscribe:
            if !Self.supported.contains(subscription.transactionID) {
                answer = Self.reply(trID: trID, trKey: trKey, rt: "1", code: "OPSP8991", message: "SUBSCRIBE ERROR : invalid tr_id")
            } else if session.registrations.contains(subscription) {
                answer = Self.reply(trID: trID, trKey: trKey, rt: "1", code: "OPSP0002", message: "ALREADY IN SUBSCRIBE")
            } else if session.registrations.count >= configuration.maxRegistrations {
                counters.maxSubscriptionRefusals += 1
                answer = Self.reply(trID: trID, trKey: trKey, rt: "1", code: "OPSP0008", message: "MAX SUBSCRIBE OVER")
            } else {
                session.registrations.append(subscription)
                answer = Self.reply(
                    trID: trID, trKey: trKey, rt: "0", code: "OPSP0000", message: "SUBSCRIBE SUCCESS",
                    encrypt: subscription.transactionID.isExecutionNotice, cipher: session.cipher)
            }
        case .unsubscribe:
            if let index = session.registrations.firstIndex(of: subscription) {
                session.registrations.remove(at: index)
                answer = Self.reply(trID: trID, trKey: trKey, rt: "0", code: "OPSP0001", message: "UNSUBSCRIBE SUCCESS")
            } else {
                answer = Self.reply(trID: trID, trKey: trKey, rt: "1", code: "OPSP0003", message: "UNSUBSCRIBE ERROR (not found!)")
            }
        case nil:
            answer = Self.reply(trID: trID, trKey: trKey, rt: "9", code: "OPSP9995", message: "JSON PARSING ERROR : invalid tr_type")
        }
        sessions[connection.id] = session
        await write(connection, text: answer)
        return true
    }

    // MARK: - Loops

    static func nowKST() -> (date: TradingDate, time: KSTTimeOfDay) { KSTTimeOfDay.now() }

    func marketLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.tickInterval)
            await matchOrders()
            if silent { continue }
            let (date, time) = Self.nowKST()
            var outgoing: [(Connection, String)] = []
            for session in sessions.values where session.appKey != nil {
                for sub in session.registrations {
                    switch sub.transactionID {
                    case .tradeTick:
                        let packed = Double.random(in: 0..<1, using: &market.random) < configuration.multiRecordProbability
                        let count = packed ? Int.random(in: 2...4, using: &market.random) : 1
                        let records = (0..<count).map { _ in market.trade(sub.key, date: date, time: time).joined(separator: "^") }
                        outgoing.append((session.connection, "0|H0STCNT0|00\(count)|" + records.joined(separator: "^")))
                    case .orderBook:
                        outgoing.append((session.connection, "0|H0STASP0|001|" + market.orderBook(sub.key, time: time).joined(separator: "^")))
                    default: break
                    }
                }
            }
            counters.dataFramesSent += outgoing.count
            for (connection, text) in outgoing { await write(connection, text: text) }
        }
    }

    func pingLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.pingPongInterval)
            if silent { continue }
            let (date, time) = Self.nowKST()
            let stamp = date.compactDescription + SimulatedMarket.hhmmss(time)
            let now = ContinuousClock.now
            for (id, session) in sessions {
                if now - session.lastEcho > configuration.pingPongTimeout {
                    counters.pingPongTimeouts += 1
                    session.connection.channel.close(promise: nil)
                    continue
                }
                counters.pingPongsSent += 1
                await write(session.connection, text: #"{"header":{"tr_id":"PINGPONG","datetime":"\#(stamp)"}}"#)
                sessions[id]?.pingOutstanding = true
            }
        }
    }

    func noticeLoop(_ interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if silent { continue }
            let keys = Set(sessions.values.flatMap { $0.registrations.filter { $0.transactionID.isExecutionNotice }.map(\.key) })
            for key in keys { await publishFill(htsID: key) }
        }
    }
}

/// Counters of a ``KISSimulator``.
public struct KISSimulatorStatistics: Sendable, Hashable {
    /// WebSocket connections accepted.
    public var connections = 0
    /// Approval keys issued.
    public var approvalKeysIssued = 0
    /// Data frames sent.
    public var dataFramesSent = 0
    /// PINGPONG frames sent.
    public var pingPongsSent = 0
    /// PINGPONG echoes (text or pong frame) received.
    public var pingPongEchoes = 0
    /// PINGPONG echoes that came as WebSocket pong frames.
    public var pongFrameEchoes = 0
    /// Sessions closed for not echoing PINGPONG.
    public var pingPongTimeouts = 0
    /// `OPSP8996` refusals.
    public var appKeyInUseRefusals = 0
    /// `OPSP0008` refusals.
    public var maxSubscriptionRefusals = 0
    /// Malformed frames sent by fault injection.
    public var malformedSent = 0
    /// Connection drops injected.
    public var drops = 0
    /// Restarts injected.
    public var restarts = 0
    /// Access tokens issued by `/oauth2/tokenP`.
    public var accessTokensIssued = 0
    /// REST requests answered `EGW00201`.
    public var restRateLimited = 0
    /// Orders accepted by `order-cash`.
    public var ordersAccepted = 0
    /// Fills of those orders (one per lot).
    public var fills = 0
    /// Own-order notices (acknowledgements and fills) pushed to at least one session.
    public var ownNoticesDelivered = 0
    /// Own-order notices that no session was registered to receive (lost, as on KIS).
    public var ownNoticesLost = 0
}
