public import Foundation
public import Logging
import NIOCore
import NIOWebSocket
import WSClient

/// The KIS real-time WebSocket client.
///
/// Issues the approval key, connects, keeps the desired subscriptions registered (within the
/// 41-registration cap, paced), echoes PINGPONG, reconnects after drops and silence with
/// exponential backoff and jitter, and re-registers exactly the desired set on every new
/// session. Everything it sees arrives through ``events``.
///
/// ```swift
/// let client = KISRealtimeClient(credentials: credentials, configuration: .real)
/// try await client.subscribe(.trades("005930"))
/// let task = Task { await client.run() }
/// for await event in client.events {
///     if case .trade(let tick) = event { print(tick.symbol, tick.price) }
/// }
/// ```
public actor KISRealtimeClient {
    /// The event stream (single consumer; bounded, see ``KISEventStream``).
    public nonisolated let events: KISEventStream
    /// The configuration.
    public nonisolated let configuration: KISStreamConfiguration

    nonisolated let buffer: KISEventBuffer
    let credentials: KISCredentials
    let approvalIssuer: any KISApprovalKeyIssuing
    let fillSource: (any KISOrderFillSource)?
    let logger: Logger

    var book: KISSubscriptionBook
    var decoder: KISFrameDecoder
    var approvalKey: String?
    var approvalKeyIssuedAt: ContinuousClock.Instant?
    var forceNewApprovalKey = false
    var invalidApprovalStreak = 0
    var session: Session?
    var sessionCounter = 0
    var lastReportedActive = -1
    var stats = KISStreamStatistics()
    /// Recent notices and the session that first delivered each.
    var recentNotices: [KISExecutionNotice: Int] = [:]
    var recentNoticeOrder: [KISExecutionNotice] = []
    var running = false
    var ledger = KISFillLedger()
    var recoverySession: Int?
    var recoveryTask: Task<Void, Never>?

    struct Session {
        let id: Int
        var lastFrame: ContinuousClock.Instant
        let wake: AsyncStream<Void>.Continuation
        var endReason: KISDisconnectReason?
        var connected = false
    }

    enum InboundAction { case none, echo, end }

    /// Creates a client; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - approvalKeyIssuer: Defaults to ``KISApprovalKeyClient`` on the configured REST URL
    ///     (a ``KISRESTClient`` also issues keys, through its rate limiter).
    ///   - orderFills: Where to recover execution notices missed while disconnected, normally
    ///     a ``KISRESTClient`` with the account. When set, each session's first confirmed
    ///     notice subscription triggers the daily order-fill inquiry: the first one records the
    ///     day's fills so far; later ones emit, as ``KISStreamEvent/executionNotice(_:)`` with
    ///     ``KISExecutionNotice/isRecovered``, every filled quantity no notice reported, once
    ///     per order and quantity (see the DocC article on recovery). Nil disables recovery.
    ///   - logger: Receives life-cycle messages; never credentials.
    public init(
        credentials: KISCredentials, configuration: KISStreamConfiguration,
        approvalKeyIssuer: (any KISApprovalKeyIssuing)? = nil, orderFills: (any KISOrderFillSource)? = nil,
        logger: Logger = Logger(label: "KISStream")
    ) {
        self.credentials = credentials
        self.configuration = configuration
        self.fillSource = orderFills
        self.approvalIssuer = approvalKeyIssuer ?? KISApprovalKeyClient(restBaseURL: configuration.restBaseURL)
        self.logger = logger
        self.book = KISSubscriptionBook(limit: configuration.maxRegistrations)
        self.decoder = KISFrameDecoder(usesSessionKeyFallback: configuration.usesSessionKeyFallback)
        self.buffer = KISEventBuffer(capacity: configuration.bufferCapacity)
        self.events = KISEventStream(buffer: buffer)
    }

    // MARK: - Subscriptions

    /// Adds a subscription; it is sent now if connected and on every later session.
    ///
    /// - Throws: ``KISStreamError`` `.subscriptionLimitExceeded` naming the subscription when
    ///   it would exceed ``KISStreamConfiguration/maxRegistrations``; nothing is sent.
    public func subscribe(_ subscription: KISSubscription) throws {
        try book.add(subscription)
        session?.wake.yield()
    }

    /// Adds several subscriptions, all or none.
    ///
    /// - Throws: ``KISStreamError`` `.subscriptionLimitExceeded` naming the first one over the cap.
    public func subscribe(_ subscriptions: [KISSubscription]) throws {
        var trial = book
        for subscription in subscriptions { try trial.add(subscription) }
        book = trial
        session?.wake.yield()
    }

    /// Removes a subscription (released from the server if registered).
    public func unsubscribe(_ subscription: KISSubscription) {
        book.remove(subscription)
        session?.wake.yield()
    }

    /// The subscriptions the client keeps registered, in request order.
    public var subscriptions: [KISSubscription] { book.desired }

    /// The subscriptions the current session's server has confirmed.
    public var registeredSubscriptions: Set<KISSubscription> { book.registered }

    /// Counters since creation.
    public var statistics: KISStreamStatistics {
        var s = stats
        s.conflated = buffer.conflatedCount
        return s
    }

    // MARK: - Life cycle

    /// Connects and keeps connected until the task is cancelled, then ends ``events``.
    ///
    /// Call it once per client: the event stream ends when it returns.
    public func run() async {
        guard !running else { return }
        running = true
        var failures = 0
        while !Task.isCancelled {
            emit(.state(.connecting(attempt: failures + 1)))
            let started = ContinuousClock.now
            let reason = await runSession()
            if Task.isCancelled { break }
            emit(.state(.disconnected(reason: reason)))
            logger.debug("KIS session ended", metadata: ["reason": "\(reason)"])
            if ContinuousClock.now - started >= configuration.stableSessionDuration { failures = 0 }
            failures += 1
            var delay = configuration.backoff.delay(attempt: failures)
            switch reason {
            case .appKeyInUse:
                delay = configuration.appKeyInUseDelay
                emit(.error(KISStreamError(
                    reason: .appKeyInUse, code: .appKeyInUse,
                    detail: "another session holds this app key; retrying in \(delay) (no tight reconnect loop)")))
            case .invalidApproval where invalidApprovalStreak <= 1:
                delay = configuration.backoff.delay(attempt: 1)
            case .invalidApproval:
                emit(.error(KISStreamError(
                    reason: .invalidApproval, code: .invalidApproval,
                    detail: "the server refused a freshly issued approval key \(invalidApprovalStreak) times")))
            default: break
            }
            emit(.state(.backingOff(until: Date().addingTimeInterval(KISBackoffPolicy.seconds(delay)), attempt: failures + 1)))
            do { try await Task.sleep(for: delay) } catch { break }
        }
        recoveryTask?.cancel()
        if let recoveryTask { await recoveryTask.value }
        emit(.state(.stopped))
        buffer.finish()
        running = false
    }

    func runSession() async -> KISDisconnectReason {
        let key: String
        do {
            key = try await currentApprovalKey()
        } catch {
            let detail =
                (error as? KISStreamError)?.detail ?? (error as? KISRESTError)?.description
                ?? "approval key request failed (\(type(of: error)))"
            emit(.error(KISStreamError(reason: .approvalKeyRequestFailed, detail: detail)))
            return .approvalKeyFailed(detail)
        }
        sessionCounter += 1
        let id = sessionCounter
        let (wakeStream, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        session = Session(id: id, lastFrame: .now, wake: wake)
        book.resetSession()
        decoder.cipherKeys = [:]
        lastReportedActive = -1
        let wsConfiguration = WebSocketClientConfiguration(
            maxFrameSize: configuration.maxMessageSize, closeTimeout: configuration.closeTimeout, autoPing: .disabled)
        var quietLogger = logger
        quietLogger.logLevel = max(logger.logLevel, .notice)
        let reason: KISDisconnectReason
        let url = configuration.webSocketURL
        let connectTimeout = configuration.connectTimeout
        // WSClient has no timeout for the TCP connect + upgrade, and a pending upgrade cannot be
        // cancelled; so the connect runs in its own task and a timer gives up on it. A connect
        // abandoned this way finds its session stale if it ever completes, and closes at once.
        let connectTask = Task { () -> Result<WebSocketCloseFrame?, any Error> in
            do {
                return .success(try await WebSocketClient.connect(url: url, configuration: wsConfiguration, logger: quietLogger) {
                    inbound, outbound, _ in
                    try await self.serve(session: id, inbound: inbound, outbound: outbound, wakeStream: wakeStream, approvalKey: key)
                })
            } catch {
                return .failure(error)
            }
        }
        let outcome: Result<WebSocketCloseFrame?, any Error>? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let once = ResumeOnce(continuation)
                Task { once.resume(await connectTask.value) }
                Task {
                    try? await Task.sleep(for: connectTimeout)
                    if await !self.isConnected(session: id) { once.resume(nil) }
                }
            }
        } onCancel: {
            connectTask.cancel()
        }
        switch outcome {
        case nil:
            reason = .connectFailed("no WebSocket upgrade within \(connectTimeout)")
        case .success(let close):
            if let ended = session?.endReason {
                reason = ended
            } else if let close {
                reason = .closedByServer(code: "\(close.closeCode)", reason: close.reason)
            } else {
                reason = .connectionLost("the connection closed without a close frame")
            }
        case .failure(let error):
            if let ended = session?.endReason {
                reason = ended
            } else if session?.connected == true {
                reason = .connectionLost(String(describing: type(of: error)) + ": " + String(describing: error).prefix(120))
            } else {
                reason = .connectFailed(String(describing: error).prefix(160).description)
            }
        }
        wake.finish()
        session = nil
        book.resetSession()
        return reason
    }

    nonisolated func serve(
        session id: Int, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        wakeStream: AsyncStream<Void>, approvalKey: String
    ) async throws {
        guard await opened(session: id) else { return }
        let pacing = configuration.subscribePacing
        let pongFrame = configuration.pingPongReply == .pongFrame
        let maxSize = configuration.maxMessageSize
        let tick = min(configuration.silenceTimeout / 4, .milliseconds(500))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: maxSize) {
                    switch message {
                    case .text(let text):
                        switch await self.receive(text, session: id) {
                        case .none: break
                        case .echo where pongFrame:
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .pong, data: ByteBuffer(string: text))))
                        case .echo: try await outbound.writeTextMessage(text)
                        case .end: return
                        }
                    case .binary:
                        await self.diagnose(.binaryMessage, nil, "binary WebSocket message ignored")
                    }
                }
            }
            group.addTask {
                for await _ in wakeStream {
                    while let text = await self.nextRequestText(session: id, approvalKey: approvalKey) {
                        try await outbound.writeTextMessage(text)
                        try await Task.sleep(for: pacing)
                    }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: tick)
                    if await self.silenceExceeded(session: id) { return }
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    func isConnected(session id: Int) -> Bool { session?.id == id && session?.connected == true }

    func opened(session id: Int) -> Bool {
        guard session?.id == id else { return false }
        session?.connected = true
        session?.lastFrame = .now
        stats.sessionsOpened += 1
        emit(.state(.connected))
        session?.wake.yield()
        return true
    }

    func silenceExceeded(session id: Int) -> Bool {
        guard let current = session, current.id == id else { return true }
        if ContinuousClock.now - current.lastFrame >= configuration.silenceTimeout {
            session?.endReason = .silence(timeout: configuration.silenceTimeout)
            return true
        }
        current.wake.yield()  // lets paced retries (OPSP0007) go out
        return false
    }

    func nextRequestText(session id: Int, approvalKey: String) -> String? {
        guard session?.id == id, let (operation, subscription) = book.nextRequest(now: .now) else { return nil }
        return KISSubscriptionRequest.text(
            operation == .subscribe ? .subscribe : .unsubscribe, subscription,
            approvalKey: approvalKey, customerType: configuration.customerType,
            releaseType: configuration.releaseTransactionType)
    }

    func currentApprovalKey() async throws -> String {
        if !forceNewApprovalKey, let key = approvalKey, let issued = approvalKeyIssuedAt,
            ContinuousClock.now - issued < configuration.approvalKeyLifetime
        {
            return key
        }
        let key = try await approvalIssuer.issueApprovalKey(for: credentials)
        approvalKey = key
        approvalKeyIssuedAt = .now
        forceNewApprovalKey = false
        return key
    }

    // MARK: - Inbound

    func receive(_ text: String, session id: Int) -> InboundAction {
        guard session?.id == id else { return .end }
        session?.lastFrame = .now
        stats.framesReceived += 1
        switch decoder.decode(text) {
        case .pingPong:
            stats.pingPongsAnswered += 1
            return .echo
        case .control(let reply):
            return handle(reply)
        case .data(let transactionID, let records, let failures):
            for record in records { deliver(record) }
            for failure in failures { diagnose(.malformedRecord, transactionID, failure.description) }
        case .unknownTransaction(let transactionID):
            diagnose(.unknownTransaction, transactionID, "no decoder for this TR")
        case .malformed(let error):
            diagnose(.malformedFrame, error.transactionID, error.description)
        }
        return .none
    }

    func deliver(_ record: KISRecord) {
        stats.recordsDelivered += 1
        switch record {
        case .trade(let tick): emit(.trade(tick))
        case .orderBook(let book): emit(.orderBook(book))
        case .marketOperation(let notice): emit(.marketOperation(notice))
        case .executionNotice(let notice):
            // A notice replayed by the server after a reconnect is delivered once. Identical
            // notices within one session are separate executions (two lots at one price in
            // one second look the same) and are all delivered.
            let current = session?.id ?? 0
            if let first = recentNotices[notice], first != current {
                stats.duplicateNoticesSuppressed += 1
                return
            }
            // The late original of a fill already recovered over REST is delivered once too.
            if fillSource != nil, notice.kind == .fill, !notice.isRejected,
                !ledger.recordLive(
                    orderNumber: notice.orderNumber, date: KSTTimeOfDay.now().date, quantity: notice.quantity,
                    price: notice.price, secondsOfDay: notice.timeOfDay.secondsSinceMidnight)
            {
                stats.duplicateNoticesSuppressed += 1
                return
            }
            if recentNotices[notice] == nil {
                recentNotices[notice] = current
                recentNoticeOrder.append(notice)
            }
            if recentNoticeOrder.count > 4096 {
                recentNotices[recentNoticeOrder.removeFirst()] = nil
            }
            emit(.executionNotice(notice))
        }
    }

    func handle(_ reply: KISControlReply) -> InboundAction {
        let subscription = book.match(transactionID: reply.transactionID, key: reply.transactionKey)
        switch reply.code {
        case .subscribeSuccess, .alreadySubscribed:
            if let key = reply.cipherKey, let transactionID = reply.transactionID { decoder.cipherKeys[transactionID] = key }
            guard let subscription else { return unexpected(reply) }
            invalidApprovalStreak = 0
            book.confirmSubscribed(subscription)
            emit(.subscription(subscription, .subscribed))
            reportActive()
            if subscription.transactionID.isExecutionNotice { startRecovery(htsID: subscription.key) }
        case .unsubscribeSuccess, .unsubscribeNotFound:
            guard let subscription else { return unexpected(reply) }
            book.confirmReleased(subscription)
            emit(.subscription(subscription, .released))
            reportActive()
        case .subscribeInternalError, .mciSendFailed:
            guard let subscription else { return unexpected(reply) }
            book.retryLater(subscription, notBefore: .now + max(configuration.backoff.initial, .seconds(1)))
            emit(.subscription(subscription, .willRetry(reply.code)))
        case .invalidApproval:
            forceNewApprovalKey = true
            invalidApprovalStreak += 1
            session?.endReason = .invalidApproval
            return .end
        case .appKeyInUse:
            session?.endReason = .appKeyInUse
            return .end
        default:
            if let subscription {
                book.refuse(subscription)
                emit(.subscription(subscription, .refused(reply.code, reply.message)))
                emit(.error(KISStreamError(
                    reason: .subscriptionRefused, subscription: subscription, code: reply.code, detail: reply.message)))
                reportActive()
            } else if reply.resultCode == "9" {
                session?.endReason = .connectionLost("session-level error \(reply.code.rawValue) \(reply.message)")
                return .end
            } else {
                return unexpected(reply)
            }
        }
        session?.wake.yield()
        return .none
    }

    // MARK: - Notice recovery

    /// Runs the order-fill inquiry once per session, when its notice subscription is confirmed
    /// (notices flow from then on, so the inquiry covers everything before).
    func startRecovery(htsID: String) {
        guard let source = fillSource, let id = session?.id, recoverySession != id else { return }
        recoverySession = id
        let previous = recoveryTask
        recoveryTask = Task {
            await previous?.value
            await self.recover(from: source, session: id, htsID: htsID)
        }
    }

    func recover(from source: any KISOrderFillSource, session id: Int, htsID: String) async {
        for attempt in 1...3 {
            do {
                let fills = try await source.orderFills(.today)
                apply(fills, htsID: htsID)
                return
            } catch {
                if Task.isCancelled { return }
                let text = (error as? KISRESTError)?.description ?? "\(type(of: error))"
                emit(.error(KISStreamError(reason: .noticeRecoveryFailed, detail: "order-fill inquiry attempt \(attempt): \(text)")))
                do { try await Task.sleep(for: configuration.backoff.delay(attempt: attempt)) } catch { return }
                // A later session runs its own inquiry, which covers this one's.
                if session?.id != id { return }
            }
        }
    }

    func apply(_ fills: [KISOrderFill], htsID: String) {
        let now = KSTTimeOfDay.now().time
        let baseline = !ledger.hasBaseline
        let missing = ledger.reconcile(fills, cutoffSeconds: now.secondsSinceMidnight + 1)
        stats.noticeRecoveries += 1
        if baseline { return }
        for item in missing {
            let notice = KISExecutionNotice(recovered: item.fill, quantity: item.quantity, price: item.price, customerID: htsID, at: now)
            stats.noticesRecovered += 1
            emit(.executionNotice(notice))
        }
    }

    func unexpected(_ reply: KISControlReply) -> InboundAction {
        diagnose(.unexpectedReply, reply.transactionID, reply.description)
        return .none
    }

    func reportActive() {
        let active = book.registered.count
        guard active != lastReportedActive else { return }
        lastReportedActive = active
        emit(.state(.subscribed(active: active, limit: configuration.maxRegistrations)))
    }

    func diagnose(_ kind: KISDiagnostic.Kind, _ transactionID: KISTransactionID?, _ detail: String) {
        let count = (stats.diagnostics[kind] ?? 0) + 1
        stats.diagnostics[kind] = count
        emit(.diagnostic(KISDiagnostic(kind: kind, transactionID: transactionID, detail: detail, count: count)))
    }

    func emit(_ event: KISStreamEvent) {
        buffer.push(event)
    }
}

/// Resumes a continuation exactly once, from whichever task gets there first (internal).
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?

    init(_ continuation: CheckedContinuation<T?, Never>) { self.continuation = continuation }

    func resume(_ value: T?) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: value)
    }
}
