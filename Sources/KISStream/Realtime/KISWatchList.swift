public import QuantCore

/// Why a symbol is watched; holdings outrank candidates for stream registrations.
public enum KISWatchPriority: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A position the account holds: its stop-loss needs every tick.
    case holding = 0
    /// A stock the strategy may buy.
    case candidate = 1

    /// Holdings first.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `holding` or `candidate`.
    public var description: String { self == .holding ? "holding" : "candidate" }
}

/// The symbols a ``KISRealtimeManager`` watches, in priority order: holdings first, then
/// candidates, each in the order they were added.
///
/// ```swift
/// var list = KISWatchList(holdings: ["005930", "000660"], candidates: ["035420"])
/// list.add("051910", as: .candidate, orderBook: true)
/// try await manager.setWatchList(list)
/// ```
public struct KISWatchList: Sendable, Hashable {
    /// One watched symbol.
    public struct Entry: Sendable, Hashable {
        /// The stock.
        public var symbol: Symbol
        /// Holding or candidate.
        public var priority: KISWatchPriority
        /// Whether its 10-level order book (H0STASP0) should be streamed too, when slots allow.
        public var wantsOrderBook: Bool

        /// Creates an entry.
        public init(symbol: Symbol, priority: KISWatchPriority, wantsOrderBook: Bool = false) {
            self.symbol = symbol
            self.priority = priority
            self.wantsOrderBook = wantsOrderBook
        }
    }

    private var holdings: [Entry] = []
    private var candidates: [Entry] = []

    /// Creates a list; a symbol listed as both is a holding.
    public init(holdings: [Symbol] = [], candidates: [Symbol] = [], orderBooks: Set<Symbol> = []) {
        for symbol in holdings { add(symbol, as: .holding, orderBook: orderBooks.contains(symbol)) }
        for symbol in candidates where !contains(symbol) { add(symbol, as: .candidate, orderBook: orderBooks.contains(symbol)) }
    }

    /// Every entry, holdings first.
    public var entries: [Entry] { holdings + candidates }

    /// Every symbol, holdings first.
    public var symbols: [Symbol] { entries.map(\.symbol) }

    /// The number of watched symbols.
    public var count: Int { holdings.count + candidates.count }

    /// Whether `symbol` is watched.
    public func contains(_ symbol: Symbol) -> Bool { priority(of: symbol) != nil }

    /// The priority of `symbol`, nil when it is not watched.
    public func priority(of symbol: Symbol) -> KISWatchPriority? {
        if holdings.contains(where: { $0.symbol == symbol }) { return .holding }
        if candidates.contains(where: { $0.symbol == symbol }) { return .candidate }
        return nil
    }

    /// Watches `symbol` at the end of its priority class; a symbol already watched at the same
    /// priority keeps its place (only its order-book wish changes).
    public mutating func add(_ symbol: Symbol, as priority: KISWatchPriority, orderBook: Bool = false) {
        let entry = Entry(symbol: symbol, priority: priority, wantsOrderBook: orderBook)
        if self.priority(of: symbol) == priority {
            if let i = holdings.firstIndex(where: { $0.symbol == symbol }) { holdings[i] = entry }
            if let i = candidates.firstIndex(where: { $0.symbol == symbol }) { candidates[i] = entry }
            return
        }
        remove(symbol)
        if priority == .holding { holdings.append(entry) } else { candidates.append(entry) }
    }

    /// Stops watching `symbol`.
    public mutating func remove(_ symbol: Symbol) {
        holdings.removeAll { $0.symbol == symbol }
        candidates.removeAll { $0.symbol == symbol }
    }
}
