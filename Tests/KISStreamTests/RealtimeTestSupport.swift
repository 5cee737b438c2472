import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KISStream
import NIOCore
import NIOHTTP1
import NIOPosix
import QuantCore

/// A clock the test moves by hand; sleepers wake when it passes their deadline.
final class ManualClock: KISRealtimeClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [UInt64: (deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = [:]
    private var nextID: UInt64 = 0

    init(_ start: Date) { current = start }

    /// A KST wall time on 2026-12-03 (a Thursday).
    static func kst(_ hour: Int, _ minute: Int, _ second: Int = 0, day: Int = 3) -> Date {
        let date = TradingDate(year: 2026, month: 12, day: day)!
        return KSTTimeOfDay(hour: hour, minute: minute, second: second)!.date(on: date)
    }

    func now() -> Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { set(now().addingTimeInterval(seconds)) }

    func set(_ date: Date) {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            current = date
            let ready = sleepers.filter { $0.value.deadline <= date }
            for id in ready.keys { sleepers[id] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    func sleep(until deadline: Date) async throws {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if deadline <= current {
                    lock.unlock()
                    continuation.resume()
                } else if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    sleepers[id] = (deadline, continuation)
                    lock.unlock()
                }
            }
        } onCancel: {
            let pending = lock.withLock { sleepers.removeValue(forKey: id) }
            pending?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// A loopback HTTP server answering the KIS current-price inquiry
/// (`GET /uapi/domestic-stock/v1/quotations/inquire-price?FID_INPUT_ISCD=…`) from a seeded
/// random walk per stock: every answer moves the price by 1-3 ticks, so each poll is a new price.
final class QuoteStandIn: @unchecked Sendable {
    private let lock = NSLock()
    private var prices: [String: Int] = [:]
    private var volumes: [String: Int] = [:]
    private var served: [String: Int] = [:]
    private var state: UInt64 = 0x5EED
    private var channel: (any Channel)?
    /// Refused symbols answer HTTP 500 with `rt_cd` 1.
    var failing: Set<String> = []
    private(set) var port = 0

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests served per stock.
    func requests(_ symbol: String) -> Int { lock.withLock { served[symbol] ?? 0 } }
    /// The last price served for a stock.
    func lastPrice(_ symbol: String) -> Int? { lock.withLock { prices[symbol] } }

    func start() async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StandInHandler(standIn: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        lock.withLock { self.channel = channel }
    }

    func stop() async {
        let channel = lock.withLock { self.channel }
        try? await channel?.close()
    }

    func answer(uri: String) -> (HTTPResponseStatus, String) {
        guard uri.hasPrefix("/uapi/domestic-stock/v1/quotations/inquire-price"),
            let components = URLComponents(string: uri),
            let code = components.queryItems?.first(where: { $0.name == "FID_INPUT_ISCD" })?.value, code.count == 6
        else { return (.notFound, #"{"rt_cd":"1","msg_cd":"EGW00002","msg1":"not found"}"#) }
        return lock.withLock {
            if failing.contains(code) { return (.internalServerError, #"{"rt_cd":"1","msg_cd":"EGW00500","msg1":"failure"}"#) }
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let step = Int(z % 3) + 1
            let up = (z >> 8) & 1 == 0
            let price = max(1_000, (prices[code] ?? 50_000) + (up ? step : -step) * 100)
            prices[code] = price
            volumes[code, default: 0] += Int((z >> 16) % 1000) + 1
            served[code, default: 0] += 1
            let body = #"{"rt_cd":"0","msg_cd":"MCA00000","msg1":"OK","output":{"stck_shrn_iscd":"\#(code)","stck_prpr":"\#(price)","acml_vol":"\#(volumes[code]!)"}}"#
            return (.ok, body)
        }
    }
}

private final class StandInHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let standIn: QuoteStandIn
    var uri = ""

    init(standIn: QuoteStandIn) { self.standIn = standIn }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): uri = head.uri
        case .body: break
        case .end:
            let (status, body) = standIn.answer(uri: uri)
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json; charset=utf-8")
            headers.add(name: "content-length", value: String(body.utf8.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// A real ``KISQuotePolling``: the KIS current-price inquiry over HTTP (URLSession), parsing
/// `output.stck_prpr` and `output.acml_vol`.
struct RESTQuotePoller: KISQuotePolling {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let baseURL: String

    func pollQuote(symbol: String) async throws -> KISPolledQuote {
        guard let url = URL(string: "\(baseURL)/uapi/domestic-stock/v1/quotations/inquire-price?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=\(symbol)")
        else { throw Failure(description: "bad URL for \(symbol)") }
        var request = URLRequest(url: url)
        request.setValue("FHKST01010100", forHTTPHeaderField: "tr_id")
        request.timeoutInterval = 5
        let (data, status): (Data, Int) = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
                }
            }.resume()
        }
        struct Body: Decodable {
            struct Output: Decodable {
                let stck_prpr: String
                let acml_vol: String
            }
            let rt_cd: String
            let msg1: String?
            let output: Output?
        }
        let body = try JSONDecoder().decode(Body.self, from: data)
        guard status == 200, body.rt_cd == "0", let output = body.output, let price = Int(output.stck_prpr), let volume = Int(output.acml_vol)
        else { throw Failure(description: "inquire-price \(symbol): HTTP \(status) rt_cd \(body.rt_cd) \(body.msg1 ?? "")") }
        return KISPolledQuote(symbol: symbol, price: price, accumulatedVolume: volume, time: nil)
    }
}

/// Collects one subscriber's events; tests wait for a condition on them, event-driven.
actor RealtimeEventLog {
    private(set) var events: [KISRealtimeEvent] = []
    private var waiters: [Int: (match: @Sendable ([KISRealtimeEvent]) -> Bool, continuation: CheckedContinuation<Bool, Never>)] = [:]
    private var nextWaiter = 0

    static func consuming(_ stream: AsyncStream<KISRealtimeEvent>) -> (RealtimeEventLog, Task<Void, Never>) {
        let log = RealtimeEventLog()
        let task = Task {
            for await event in stream { await log.append(event) }
        }
        return (log, task)
    }

    func append(_ event: KISRealtimeEvent) {
        events.append(event)
        for (id, waiter) in waiters where waiter.match(events) {
            waiters[id] = nil
            waiter.continuation.resume(returning: true)
        }
    }

    /// Waits until `condition` holds over all events so far; false after `timeout`.
    func until(timeout: Duration = .seconds(20), _ condition: @escaping @Sendable ([KISRealtimeEvent]) -> Bool) async -> Bool {
        if condition(events) { return true }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { continuation in
            waiters[id] = (condition, continuation)
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.continuation.resume(returning: false) }
    }

    var bars: [KISMinuteBar] { events.compactMap { if case .bar(let b) = $0 { b } else { nil } } }
    var quotes: [KISQuote] { events.compactMap { if case .quote(let q) = $0 { q } else { nil } } }
    var sessions: [KISMarketSessionChange] { events.compactMap { if case .session(let s) = $0 { s } else { nil } } }
    var health: [KISStreamHealth] { events.compactMap { if case .health(let h) = $0 { h } else { nil } } }
}

extension [KISRealtimeEvent] {
    /// The latest quote of each symbol.
    var latestQuotes: [Symbol: KISQuote] {
        var latest: [Symbol: KISQuote] = [:]
        for case .quote(let q) in self { latest[q.symbol] = q }
        return latest
    }
}
