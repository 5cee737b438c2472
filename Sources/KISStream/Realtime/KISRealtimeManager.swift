public import Foundation
public import Logging
public import QuantCore

/// Keeps a fresh price for every watched stock and fans market data out to any number of
/// subscribers.
///
/// The manager spends the session's registrations on the watch list (``KISSlotAllocation``
/// states the policy: holdings' trades first), polls every other watched symbol over REST
/// (``KISQuotePolling``) on a schedule, and polls streamed symbols too while their stream is
/// stale or down. From the stream it keeps the latest quote per symbol (``KISQuoteCache``),
/// builds one-minute OHLCV bars in KST (``KISMinuteBarAggregator``) and follows the market
/// phase (``KISMarketSessionTracker``, from H0STMKO0 notices and the calendar).
///
/// ```swift
/// let client = KISRealtimeClient(credentials: credentials, configuration: .real)
/// let manager = KISRealtimeManager(source: client, poller: rest)
/// try await manager.setWatchList(KISWatchList(holdings: ["005930"], candidates: candidates))
/// let events = manager.subscribe()
/// let running = Task { await manager.run() }
/// for await event in events {
///     if case .bar(let bar) = event { print(bar) }
/// }
/// ```
///
/// Every time (staleness, poll schedule, bar closing, calendar phases) is read from the
/// injected ``KISRealtimeClock``; only the pacing between REST requests uses real time.
public actor KISRealtimeManager {
    /// The configuration.
    public nonisolated let configuration: KISRealtimeManagerConfiguration

    let source: any KISRealtimeEventSource
    let poller: any KISQuotePolling
    let clock: any KISRealtimeClock
    let logger: Logger
    nonisolated let fanOut = KISRealtimeFanOut()

    var watchList = KISWatchList()
    /// The current registration plan.
    public private(set) var allocation: KISSlotAllocation
    var cache = KISQuoteCache()
    var bars = KISMinuteBarAggregator()
    var sessionTracker: KISMarketSessionTracker
    var stats = KISRealtimeManagerStatistics()

    /// Registrations sent to the source and not released.
    var applied: Set<KISSubscription> = []
    /// Registrations the source or the server refused (their symbols are polled).
    var refused: Set<KISSubscription> = []
    /// When each trade registration was last confirmed (the staleness clock starts there).
    var confirmedAt: [Symbol: Date] = [:]
    var lastPollAttempt: [Symbol: Date] = [:]
    var reconciling = false
    var connected = false
    var downReason = "not started"
    var health: KISStreamHealth?

    /// Creates a manager over any event source; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - source: The stream (a ``KISRealtimeClient`` or a ``KISRecordedEventSource``).
    ///   - poller: REST current-price inquiries for symbols without a fresh stream.
    ///   - configuration: Staleness, poll schedule, reserved slots, calendar (defaults throughout).
    ///   - clock: Defaults to ``KISSystemClock``.
    ///   - logger: Life-cycle messages; never credentials.
    public init(
        source: any KISRealtimeEventSource, poller: any KISQuotePolling,
        configuration: KISRealtimeManagerConfiguration = KISRealtimeManagerConfiguration(),
        clock: any KISRealtimeClock = KISSystemClock(), logger: Logger = Logger(label: "KISStream.realtime")
    ) {
        self.source = source
        self.poller = poller
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.allocation = KISSlotAllocation(slots: max(0, source.registrationLimit - configuration.reservedRegistrations))
        self.sessionTracker = KISMarketSessionTracker(schedule: KISMarketSchedule(calendar: configuration.calendar))
    }

    // MARK: - Watch list

    /// The watched symbols.
    public var watched: KISWatchList { watchList }

    /// Replaces the watch list, re-plans the registrations and applies the difference (releases
    /// first, then new registrations in plan order).
    public func setWatchList(_ list: KISWatchList) async {
        let dropped = watchList.symbols.filter { !list.contains($0) }
        watchList = list
        for symbol in dropped {
            cache.remove(symbol)
            fanOut.forget(symbol)
            lastPollAttempt[symbol] = nil
        }
        replan()
        await reconcile()
    }

    /// Watches one more symbol (see ``KISWatchList/add(_:as:orderBook:)``).
    public func watch(_ symbol: Symbol, as priority: KISWatchPriority, orderBook: Bool = false) async {
        var list = watchList
        list.add(symbol, as: priority, orderBook: orderBook)
        await setWatchList(list)
    }

    /// Stops watching a symbol.
    public func unwatch(_ symbol: Symbol) async {
        var list = watchList
        list.remove(symbol)
        await setWatchList(list)
    }

    func replan() {
        let slots = max(0, source.registrationLimit - configuration.reservedRegistrations)
        let plan = KISSlotAllocation.allocate(watchList, slots: slots, marketOperationSymbol: configuration.marketOperationSymbol)
        guard plan != allocation else { return }
        allocation = plan
        fanOut.publish(.allocation(plan))
    }

    /// Brings the source's registrations to the plan; one pass at a time (a change made while
    /// it awaits is picked up by the running pass).
    func reconcile() async {
        guard !reconciling else { return }
        reconciling = true
        defer { reconciling = false }
        while true {
            let target = allocation.subscriptions.filter { !refused.contains($0) }
            let targetSet = Set(target)
            let release = applied.subtracting(targetSet)
            let add = target.filter { !applied.contains($0) }
            if release.isEmpty && add.isEmpty { return }
            if !release.isEmpty {
                applied.subtract(release)
                for subscription in release where subscription.transactionID == .tradeTick {
                    confirmedAt[Symbol(subscription.key)] = nil
                }
                await source.release(release.sorted { $0.description < $1.description })
            }
            for subscription in add {
                do {
                    try await source.subscribe([subscription])
                    applied.insert(subscription)
                } catch {
                    refused.insert(subscription)
                    stats.refusedRegistrations += 1
                    logger.warning("registration refused by the source; its symbol is polled", metadata: ["subscription": "\(subscription)"])
                }
            }
        }
    }

    // MARK: - Reading

    /// The latest quote of a symbol (stream or poll).
    public func quote(of symbol: Symbol) -> KISQuote? { cache[symbol] }

    /// Every watched symbol's latest quote.
    public var quotes: [Symbol: KISQuote] { cache.allQuotes.filter { watchList.contains($0.key) } }

    /// The last streamed order book of a symbol.
    public func orderBook(of symbol: Symbol) -> KISOrderBook? { cache.orderBook(of: symbol) }

    /// The current market phase.
    public var session: KISMarketSession { sessionTracker.current }

    /// The stream's health as last published.
    public var streamHealth: KISStreamHealth { health ?? .down(downReason) }

    /// The bars still open (not yet published).
    public var openBars: [Symbol: KISMinuteBar] { bars.openBars }

    /// Counters since creation.
    public var statistics: KISRealtimeManagerStatistics {
        var s = stats
        s.lateTicks = bars.lateTicks
        return s
    }

    /// The watched symbols that need polling at `now`: those without a confirmed trade
    /// registration (over the cap, refused, or while the stream is down) and streamed ones with
    /// no tick within ``KISRealtimeManagerConfiguration/stalenessThreshold``; holdings first.
    public func symbolsNeedingPoll(at now: Date) -> [Symbol] {
        watchList.symbols.filter { needsPoll($0, now: now) }
    }

    func needsPoll(_ symbol: Symbol, now: Date) -> Bool {
        guard connected, applied.contains(.trades(symbol)), let since = confirmedAt[symbol] else { return true }
        let last = max(since, cache.lastStreamed(symbol) ?? since)
        return now.timeIntervalSince(last) > configuration.stalenessThreshold.timeInterval
    }

    // MARK: - Subscribers

    /// A new subscriber's events, starting with the current session, health, plan and quotes.
    ///
    /// **Buffering policy.** Each subscriber has its own bounded queue, so a slow one never
    /// blocks the manager or the others:
    /// - quotes and order books are conflated per symbol (a waiting one is replaced by the
    ///   newer; at most one per symbol waits), as are poll failures and the plan;
    /// - trades (opt-in) and bars beyond ``KISRealtimeSubscriberOptions/tradeCapacity`` and
    ///   ``KISRealtimeSubscriberOptions/barCapacity`` drop the oldest waiting one; the next read
    ///   reports the losses as ``KISRealtimeEvent/dropped(trades:bars:)``;
    /// - session changes and health changes are never dropped (they are rare).
    ///
    /// The stream ends when ``run()`` returns or the consuming task is cancelled.
    public nonisolated func subscribe(_ options: KISRealtimeSubscriberOptions = KISRealtimeSubscriberOptions())
        -> AsyncStream<KISRealtimeEvent>
    {
        let (id, buffer) = fanOut.add(options)
        let fanOut = self.fanOut
        return AsyncStream(unfolding: { await buffer.next() }, onCancel: { fanOut.remove(id) })
    }

    /// The number of live subscribers.
    public nonisolated var subscriberCount: Int { fanOut.subscriberCount }

    // MARK: - Running

    /// Runs the source (unless ``KISRealtimeManagerConfiguration/runsSource`` is false), consumes
    /// its events, polls and keeps time until the task is cancelled or the source ends; then
    /// publishes the open bars and ends every subscriber's stream.
    public func run() async {
        let start = clock.now()
        if let change = sessionTracker.update(at: start) {
            fanOut.publish(.session(change))
        } else {
            fanOut.publish(.session(KISMarketSessionChange(session: .closed, previous: .closed, cause: .calendar, at: start)))
        }
        publishHealth(now: start)
        await reconcile()
        let source = self.source
        let runsSource = configuration.runsSource
        await withTaskGroup(of: Bool.self) { group in
            if runsSource { group.addTask { await source.run(); return false } }
            group.addTask { await self.consumeEvents(); return true }
            group.addTask { await self.keepTime(); return false }
            group.addTask { await self.pollLoop(); return false }
            while let sourceEnded = await group.next() {
                if sourceEnded { group.cancelAll() }
            }
        }
        for bar in bars.flush() { publish(bar) }
        fanOut.finish()
    }

    /// Publishes every open bar now (for example at the close), without waiting for the minute to roll.
    public func flushBars() {
        for bar in bars.flush() { publish(bar) }
    }

    func consumeEvents() async {
        while let event = await source.nextEvent() {
            handle(event)
        }
    }

    func handle(_ event: KISStreamEvent) {
        switch event {
        case .trade(let tick):
            guard watchList.contains(tick.symbol) else {
                stats.unwatchedTrades += 1
                return
            }
            stats.trades += 1
            let quote = cache.record(tick, receivedAt: clock.now())
            fanOut.publish(.trade(tick))
            fanOut.publish(.quote(quote))
            for bar in bars.add(tick) { publish(bar) }
            if case .stale = health { publishHealth(now: clock.now()) }
        case .orderBook(let book):
            guard watchList.contains(book.symbol) else { return }
            cache.record(book)
            fanOut.publish(.orderBook(book))
        case .marketOperation(let notice):
            if let change = sessionTracker.apply(notice, at: clock.now()) { fanOut.publish(.session(change)) }
        case .state(let state):
            switch state {
            case .connected, .subscribed:
                if !connected {
                    connected = true
                    publishHealth(now: clock.now())
                }
            case .connecting, .backingOff, .stopped, .disconnected:
                if case .disconnected(let reason) = state { downReason = "\(reason)" }
                if case .stopped = state { downReason = "stopped" }
                if connected {
                    connected = false
                    confirmedAt = [:]
                    publishHealth(now: clock.now())
                }
            }
        case .subscription(let subscription, let status):
            switch status {
            case .subscribed:
                if subscription.transactionID == .tradeTick, applied.contains(subscription) {
                    confirmedAt[Symbol(subscription.key)] = clock.now()
                }
                if !connected {
                    connected = true
                    publishHealth(now: clock.now())
                }
            case .refused:
                if applied.contains(subscription) {
                    refused.insert(subscription)
                    stats.refusedRegistrations += 1
                }
            case .released, .willRetry:
                break
            }
        case .executionNotice, .diagnostic, .error:
            break
        }
    }

    func publish(_ bar: KISMinuteBar) {
        stats.bars += 1
        fanOut.publish(.bar(bar))
    }

    func publishHealth(now: Date) {
        let next: KISStreamHealth
        if !connected {
            next = .down(downReason)
        } else {
            let stale = allocation.streamed.filter { applied.contains(.trades($0)) && needsPoll($0, now: now) }
            next = stale.isEmpty ? .up : .stale(stale.sorted())
        }
        guard next != health else { return }
        health = next
        fanOut.publish(.health(next))
    }

    /// One clock reading: session boundaries, bars whose minute ended, stream staleness.
    func check(now: Date) {
        if let change = sessionTracker.update(at: now) { fanOut.publish(.session(change)) }
        let cutoff = now.addingTimeInterval(-configuration.barGrace.timeInterval)
        for bar in bars.close(endedBy: cutoff) { publish(bar) }
        publishHealth(now: now)
    }

    func keepTime() async {
        while !Task.isCancelled {
            let now = clock.now()
            check(now: now)
            do { try await clock.sleep(until: now.addingTimeInterval(configuration.checkInterval.timeInterval)) } catch { return }
        }
    }

    /// The symbols due for a poll at `now`, in priority order.
    func duePolls(now: Date) -> [Symbol] {
        let interval = configuration.pollInterval.timeInterval
        return symbolsNeedingPoll(at: now).filter { symbol in
            guard let last = lastPollAttempt[symbol] else { return true }
            return now.timeIntervalSince(last) >= interval
        }
    }

    func pollLoop() async {
        while !Task.isCancelled {
            let now = clock.now()
            let due = duePolls(now: now)
            for (i, symbol) in due.enumerated() {
                if Task.isCancelled { return }
                await poll(symbol)
                if i + 1 < due.count, configuration.pollPacing > .zero {
                    do { try await Task.sleep(for: configuration.pollPacing) } catch { return }
                }
            }
            // Wake at the next check (new staleness, a new symbol) or the next poll due.
            do { try await clock.sleep(until: now.addingTimeInterval(configuration.checkInterval.timeInterval)) } catch { return }
        }
    }

    func poll(_ symbol: Symbol) async {
        guard watchList.contains(symbol) else { return }
        let requestedAt = clock.now()
        lastPollAttempt[symbol] = requestedAt
        do {
            let answer = try await poller.pollQuote(symbol: symbol.code)
            guard watchList.contains(symbol) else { return }
            if let current = cache[symbol], current.source == .stream, current.receivedAt > requestedAt {
                stats.pollsSuperseded += 1
                return
            }
            stats.polls += 1
            var polled = answer
            polled.symbol = symbol.code
            let quote = cache.record(polled, receivedAt: clock.now())
            fanOut.publish(.quote(quote))
        } catch {
            stats.pollFailures += 1
            fanOut.publish(.pollFailed(symbol: symbol, reason: String(describing: error)))
        }
    }
}
