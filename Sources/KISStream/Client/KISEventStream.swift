import Foundation
import QuantCore

/// The events of one ``KISRealtimeClient``: a single-consumer `AsyncSequence` over a bounded buffer.
///
/// **Back-pressure policy.** Up to ``KISStreamConfiguration/bufferCapacity`` events wait for a
/// slow consumer. When the buffer is full and a trade or order book arrives, it replaces the
/// pending event of the same kind and symbol (the consumer sees the latest price, not every
/// tick); when there is none, the oldest pending market-data event is dropped. Both are
/// counted in ``conflatedCount``. Execution notices, market-operation notices, state changes,
/// subscription replies, diagnostics and errors are never dropped or conflated; they are rare,
/// so the buffer exceeds its capacity only if these alone fill it.
///
/// Meant for one consumer: concurrent iterators share the events, each event going to one of them.
public struct KISEventStream: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = KISStreamEvent

    let buffer: KISEventBuffer

    /// Market-data events replaced or dropped so far because the consumer was slow.
    public var conflatedCount: Int { buffer.conflatedCount }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: KISEventBuffer
        /// The next event, or nil when the client stopped or the task was cancelled.
        public mutating func next() async -> KISStreamEvent? { await buffer.next() }
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
}

/// The lock-protected queue behind ``KISEventStream`` (internal).
final class KISEventBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [KISStreamEvent] = []
    private var head = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<KISStreamEvent?, Never>)] = []
    private var nextWaiterID: UInt64 = 0
    private var finished = false
    private var conflated = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var conflatedCount: Int { lock.withLock { conflated } }
    var pendingCount: Int { lock.withLock { queue.count - head } }

    /// Enqueues an event, applying the conflation policy. Returns true if market data was conflated.
    @discardableResult
    func push(_ event: KISStreamEvent) -> Bool {
        lock.lock()
        if finished {
            lock.unlock()
            return false
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            lock.unlock()
            waiter.continuation.resume(returning: event)
            return false
        }
        var didConflate = false
        if queue.count - head >= capacity, let identity = Self.marketIdentity(event) {
            didConflate = true
            conflated += 1
            if let same = queue[head...].lastIndex(where: { Self.marketIdentity($0) == identity }) {
                queue[same] = event
            } else {
                if let oldest = queue[head...].firstIndex(where: { Self.marketIdentity($0) != nil }) {
                    queue.remove(at: oldest)
                }
                queue.append(event)
            }
        } else {
            queue.append(event)
        }
        lock.unlock()
        return didConflate
    }

    func next() async -> KISStreamEvent? {
        let id: UInt64 = lock.withLock {
            nextWaiterID += 1
            return nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KISStreamEvent?, Never>) in
                lock.lock()
                if head < queue.count {
                    let event = queue[head]
                    head += 1
                    if head > 1024 && head * 2 > queue.count {
                        queue.removeFirst(head)
                        head = 0
                    }
                    lock.unlock()
                    continuation.resume(returning: event)
                } else if finished || Task.isCancelled {
                    lock.unlock()
                    continuation.resume(returning: nil)
                } else {
                    waiters.append((id, continuation))
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            let index = waiters.firstIndex { $0.id == id }
            let pending = index.map { waiters.remove(at: $0) }
            lock.unlock()
            pending?.continuation.resume(returning: nil)
        }
    }

    /// Ends the stream once the pending events are consumed.
    func finish() {
        lock.lock()
        finished = true
        let pending = waiters
        waiters = []
        lock.unlock()
        for waiter in pending { waiter.continuation.resume(returning: nil) }
    }

    private enum MarketKind { case trade, orderBook }
    private struct Identity: Equatable {
        let kind: MarketKind
        let symbol: String
    }

    private static func marketIdentity(_ event: KISStreamEvent) -> Identity? {
        switch event {
        case .trade(let t): Identity(kind: .trade, symbol: t.symbol.code)
        case .orderBook(let b): Identity(kind: .orderBook, symbol: b.symbol.code)
        default: nil
        }
    }
}
