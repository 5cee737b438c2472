public import QuantCore

/// The latest trade and order book per stock, with when each arrived (pure value).
///
/// Feed it every event; ask it for a stock's last price and whether its stream has gone
/// stale (the realtime manager polls stale stocks over REST instead).
public struct KISQuoteCache: Sendable {
    /// What is known about one stock.
    public struct Quote: Sendable {
        /// The last trade.
        public var trade: KISTradeTick?
        /// The last order book.
        public var orderBook: KISOrderBook?
        /// When the last trade or book arrived (monotonic clock).
        public var updatedAt: ContinuousClock.Instant
    }

    private(set) var quotes: [Symbol: Quote] = [:]

    /// Creates an empty cache.
    public init() {}

    /// Records a trade or order book; other events are ignored.
    public mutating func update(with event: KISStreamEvent, at now: ContinuousClock.Instant = .now) {
        switch event {
        case .trade(let tick):
            quotes[tick.symbol, default: Quote(updatedAt: now)].trade = tick
            quotes[tick.symbol]?.updatedAt = now
        case .orderBook(let book):
            quotes[book.symbol, default: Quote(updatedAt: now)].orderBook = book
            quotes[book.symbol]?.updatedAt = now
        default:
            break
        }
    }

    /// The quote of a stock, if any event arrived for it.
    public subscript(symbol: Symbol) -> Quote? { quotes[symbol] }

    /// The last trade price in won, if a trade arrived.
    public func lastPrice(of symbol: Symbol) -> Int? { quotes[symbol]?.trade?.price }

    /// The stocks among `watched` with no update for `maximumAge` (or none at all).
    public func staleSymbols(among watched: [Symbol], maximumAge: Duration, now: ContinuousClock.Instant = .now) -> [Symbol] {
        watched.filter { symbol in
            guard let quote = quotes[symbol] else { return true }
            return now - quote.updatedAt > maximumAge
        }
    }
}
