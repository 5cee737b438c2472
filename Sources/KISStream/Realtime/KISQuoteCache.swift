public import Foundation
public import QuantCore

/// The latest quote, trade and order book per stock (pure value; the manager keeps one).
///
/// Stream ticks and REST polls both update a stock's ``KISQuote``; the time of the last
/// *streamed* tick is kept apart, because a poll refreshes the price but not the stream.
///
/// ```swift
/// var cache = KISQuoteCache()
/// cache.record(tick, receivedAt: Date())
/// let stale = cache.staleSymbols(among: watched, maximumAge: .seconds(10), now: Date())
/// ```
public struct KISQuoteCache: Sendable {
    private var quotes: [Symbol: KISQuote] = [:]
    private var trades: [Symbol: KISTradeTick] = [:]
    private var books: [Symbol: KISOrderBook] = [:]
    private var streamedAt: [Symbol: Date] = [:]

    /// Creates an empty cache.
    public init() {}

    /// Records a streamed trade and returns the stock's new quote.
    @discardableResult
    public mutating func record(_ tick: KISTradeTick, receivedAt: Date) -> KISQuote {
        let quote = KISQuote(
            symbol: tick.symbol, price: tick.price, accumulatedVolume: tick.accumulatedVolume, time: tick.time,
            receivedAt: receivedAt, source: .stream)
        quotes[tick.symbol] = quote
        trades[tick.symbol] = tick
        streamedAt[tick.symbol] = receivedAt
        return quote
    }

    /// Records a polled price and returns the stock's new quote.
    @discardableResult
    public mutating func record(_ polled: KISPolledQuote, receivedAt: Date) -> KISQuote {
        let symbol = Symbol(polled.symbol)
        let quote = KISQuote(
            symbol: symbol, price: polled.price, accumulatedVolume: polled.accumulatedVolume, time: polled.time,
            receivedAt: receivedAt, source: .poll)
        quotes[symbol] = quote
        return quote
    }

    /// Records a streamed order book.
    public mutating func record(_ book: KISOrderBook) { books[book.symbol] = book }

    /// The latest quote of a stock, from either source.
    public subscript(symbol: Symbol) -> KISQuote? { quotes[symbol] }

    /// Every stock's latest quote.
    public var allQuotes: [Symbol: KISQuote] { quotes }

    /// The last price in won, from either source.
    public func lastPrice(of symbol: Symbol) -> Int? { quotes[symbol]?.price }

    /// The last streamed trade of a stock.
    public func lastTrade(of symbol: Symbol) -> KISTradeTick? { trades[symbol] }

    /// The last streamed order book of a stock.
    public func orderBook(of symbol: Symbol) -> KISOrderBook? { books[symbol] }

    /// When the last streamed tick of a stock arrived.
    public func lastStreamed(_ symbol: Symbol) -> Date? { streamedAt[symbol] }

    /// The stocks among `watched` whose quote (from either source) is older than `maximumAge`
    /// at `now`, or missing; in the order given.
    public func staleSymbols(among watched: [Symbol], maximumAge: Duration, now: Date) -> [Symbol] {
        let limit = maximumAge.timeInterval
        return watched.filter { symbol in
            guard let quote = quotes[symbol] else { return true }
            return now.timeIntervalSince(quote.receivedAt) > limit
        }
    }

    /// Forgets a stock.
    public mutating func remove(_ symbol: Symbol) {
        quotes[symbol] = nil
        trades[symbol] = nil
        books[symbol] = nil
        streamedAt[symbol] = nil
    }
}
