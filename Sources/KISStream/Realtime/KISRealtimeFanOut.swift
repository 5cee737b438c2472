import Foundation
import QuantCore

/// One subscriber's bounded queue (internal; the policy is documented on
/// ``KISRealtimeManager/subscribe(_:)``).
///
/// Pending events stay in arrival order. A conflatable event (quote, order book, poll failure,
/// allocation) replaces the pending one with the same key in place, so at most one per key
/// waits. Trades and bars beyond their capacity drop the oldest pending one of their kind and
/// are counted; the next read reports the count as ``KISRealtimeEvent/dropped(trades:bars:)``.
/// Session and health events are never dropped.
final class KISRealtimeSubscriberBuffer: @unchecked Sendable {
    enum Key: Hashable {
        case quote(Symbol)
        case orderBook(Symbol)
        case pollFailure(Symbol)
        case allocation
    }

    enum Kind { case trade, bar, other }

    let options: KISRealtimeSubscriberOptions
    private let lock = NSLock()
    private var slots: [KISRealtimeEvent?] = []
    private var slotKeys: [Key?] = []
    private var head = 0
    private var keyed: [Key: Int] = [:]
    private var pendingTrades = 0
    private var pendingBars = 0
    private var droppedTrades = 0
    private var droppedBars = 0
    private var waiter: CheckedContinuation<KISRealtimeEvent?, Never>?
    private var finished = false

    init(options: KISRealtimeSubscriberOptions) { self.options = options }

    /// Events waiting (for tests and statistics).
    var pendingCount: Int { lock.withLock { slots[head...].reduce(0) { $0 + ($1 == nil ? 0 : 1) } } }

    static func key(_ event: KISRealtimeEvent) -> Key? {
        switch event {
        case .quote(let q): .quote(q.symbol)
        case .orderBook(let b): .orderBook(b.symbol)
        case .pollFailed(let symbol, _): .pollFailure(symbol)
        case .allocation: .allocation
        default: nil
        }
    }

    static func kind(_ event: KISRealtimeEvent) -> Kind {
        switch event {
        case .trade: .trade
        case .bar: .bar
        default: .other
        }
    }

    func wants(_ event: KISRealtimeEvent) -> Bool {
        switch event {
        case .trade: options.includesTrades
        case .orderBook: options.includesOrderBooks
        default: true
        }
    }

    func push(_ event: KISRealtimeEvent) {
        guard wants(event) else { return }
        lock.lock()
        if finished {
            lock.unlock()
            return
        }
        if let waiting = waiter, droppedTrades == 0, droppedBars == 0 {
            waiter = nil
            lock.unlock()
            waiting.resume(returning: event)
            return
        }
        let key = Self.key(event)
        if let key, let index = keyed[key] {
            slots[index] = event
            lock.unlock()
            return
        }
        switch Self.kind(event) {
        case .trade:
            if pendingTrades >= options.tradeCapacity { dropOldest(.trade) }
            pendingTrades += 1
        case .bar:
            if pendingBars >= options.barCapacity { dropOldest(.bar) }
            pendingBars += 1
        case .other: break
        }
        if let key { keyed[key] = slots.count }
        slots.append(event)
        slotKeys.append(key)
        let waiting = waiter
        waiter = nil
        let next = waiting.map { _ in takeLocked() } ?? nil
        lock.unlock()
        if let waiting { waiting.resume(returning: next) }
    }

    /// Called with the lock held.
    private func dropOldest(_ kind: Kind) {
        guard let index = slots[head...].firstIndex(where: { $0.map { Self.kind($0) == kind } ?? false }) else { return }
        slots[index] = nil
        if kind == .trade {
            pendingTrades -= 1
            droppedTrades += 1
        } else {
            pendingBars -= 1
            droppedBars += 1
        }
    }

    /// Called with the lock held: the next event, or nil when nothing waits.
    private func takeLocked() -> KISRealtimeEvent? {
        if droppedTrades > 0 || droppedBars > 0 {
            defer {
                droppedTrades = 0
                droppedBars = 0
            }
            return .dropped(trades: droppedTrades, bars: droppedBars)
        }
        while head < slots.count {
            let event = slots[head]
            if let key = slotKeys[head] { keyed[key] = nil }
            slots[head] = nil
            head += 1
            if let event {
                switch Self.kind(event) {
                case .trade: pendingTrades -= 1
                case .bar: pendingBars -= 1
                case .other: break
                }
                compactIfNeeded()
                return event
            }
        }
        compactIfNeeded()
        return nil
    }

    private func compactIfNeeded() {
        guard head > 0, head == slots.count || (head > 1024 && head * 2 > slots.count) else { return }
        slots.removeFirst(head)
        slotKeys.removeFirst(head)
        let shift = head
        head = 0
        for (key, index) in keyed { keyed[key] = index - shift }
    }

    func next() async -> KISRealtimeEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KISRealtimeEvent?, Never>) in
                lock.lock()
                if let event = takeLocked() {
                    lock.unlock()
                    continuation.resume(returning: event)
                } else if finished || Task.isCancelled {
                    lock.unlock()
                    continuation.resume(returning: nil)
                } else {
                    waiter = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            finish()
        }
    }

    /// Ends the stream: pending events are still read, then nil.
    func finish() {
        lock.lock()
        finished = true
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: nil)
    }
}

/// The manager's subscribers, plus the state a new subscriber starts from (internal).
final class KISRealtimeFanOut: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UInt64: KISRealtimeSubscriberBuffer] = [:]
    private var nextID: UInt64 = 0
    private var finished = false
    private var session: KISMarketSessionChange?
    private var health: KISStreamHealth?
    private var allocation: KISSlotAllocation?
    private var quotes: [Symbol: KISQuote] = [:]

    var subscriberCount: Int { lock.withLock { subscribers.count } }

    /// Events waiting in each subscriber's queue, with the subscriber's options.
    var pendingCounts: [(options: KISRealtimeSubscriberOptions, count: Int)] {
        lock.withLock { Array(subscribers.values) }.map { ($0.options, $0.pendingCount) }
    }

    /// Adds a subscriber, primed with the current session, health, plan and quotes.
    func add(_ options: KISRealtimeSubscriberOptions) -> (UInt64, KISRealtimeSubscriberBuffer) {
        let buffer = KISRealtimeSubscriberBuffer(options: options)
        let id: UInt64 = lock.withLock {
            nextID += 1
            if finished {
                buffer.finish()
            } else {
                subscribers[nextID] = buffer
            }
            if let session { buffer.push(.session(session)) }
            if let health { buffer.push(.health(health)) }
            if let allocation { buffer.push(.allocation(allocation)) }
            for quote in quotes.values.sorted(by: { $0.symbol < $1.symbol }) { buffer.push(.quote(quote)) }
            return nextID
        }
        return (id, buffer)
    }

    func remove(_ id: UInt64) {
        let buffer = lock.withLock { subscribers.removeValue(forKey: id) }
        buffer?.finish()
    }

    func publish(_ event: KISRealtimeEvent) {
        let targets: [KISRealtimeSubscriberBuffer] = lock.withLock {
            switch event {
            case .session(let s): session = s
            case .health(let h): health = h
            case .allocation(let a): allocation = a
            case .quote(let q): quotes[q.symbol] = q
            default: break
            }
            return Array(subscribers.values)
        }
        for buffer in targets { buffer.push(event) }
    }

    func forget(_ symbol: Symbol) { lock.withLock { quotes[symbol] = nil } }

    func finish() {
        let all: [KISRealtimeSubscriberBuffer] = lock.withLock {
            finished = true
            defer { subscribers = [:] }
            return Array(subscribers.values)
        }
        for buffer in all { buffer.finish() }
    }
}
