public import QuantCore

/// What a ``KISRealtimeManager`` publishes to each subscriber (see ``KISRealtimeManager/subscribe(_:)``
/// for the buffering policy of each case).
public enum KISRealtimeEvent: Sendable {
    /// A stock's latest price (stream or poll). Conflated per symbol.
    case quote(KISQuote)
    /// A stock's latest order book. Conflated per symbol; only with
    /// ``KISRealtimeSubscriberOptions/includesOrderBooks``.
    case orderBook(KISOrderBook)
    /// Every streamed trade of a watched stock; only with
    /// ``KISRealtimeSubscriberOptions/includesTrades`` (bounded, oldest dropped).
    case trade(KISTradeTick)
    /// A closed one-minute bar (bounded, oldest dropped).
    case bar(KISMinuteBar)
    /// The market phase changed. Never dropped.
    case session(KISMarketSessionChange)
    /// The stream's health changed. Never dropped.
    case health(KISStreamHealth)
    /// The registration plan changed. Conflated (the latest plan).
    case allocation(KISSlotAllocation)
    /// A REST poll failed. Conflated per symbol.
    case pollFailed(symbol: Symbol, reason: String)
    /// This subscriber was too slow and lost the counted events since its last read.
    case dropped(trades: Int, bars: Int)
}

/// The health of the WebSocket stream, as the manager sees it.
public enum KISStreamHealth: Sendable, Hashable, CustomStringConvertible {
    /// Connected, and every streamed symbol traded within the staleness threshold.
    case up
    /// Not connected (connecting, backing off, or stopped); every watched symbol is polled.
    case down(String)
    /// Connected, but these streamed symbols (sorted) had no tick within the staleness
    /// threshold; they are polled until ticks resume.
    case stale([Symbol])

    /// `up`, `down (reason)` or `stale (n symbols)`.
    public var description: String {
        switch self {
        case .up: "up"
        case .down(let reason): "down (\(reason))"
        case .stale(let symbols): "stale (\(symbols.count) symbols)"
        }
    }
}

/// What one subscriber receives and how much it may fall behind.
public struct KISRealtimeSubscriberOptions: Sendable, Hashable {
    /// Whether ``KISRealtimeEvent/trade(_:)`` events are delivered (a tick recorder wants them).
    public var includesTrades: Bool
    /// Whether ``KISRealtimeEvent/orderBook(_:)`` events are delivered.
    public var includesOrderBooks: Bool
    /// Trades waiting beyond this many drop the oldest.
    public var tradeCapacity: Int
    /// Bars waiting beyond this many drop the oldest.
    public var barCapacity: Int

    /// Creates options; the defaults suit a strategy (quotes, books and bars; no raw trades).
    public init(includesTrades: Bool = false, includesOrderBooks: Bool = true, tradeCapacity: Int = 8192, barCapacity: Int = 4096) {
        self.includesTrades = includesTrades
        self.includesOrderBooks = includesOrderBooks
        self.tradeCapacity = max(1, tradeCapacity)
        self.barCapacity = max(1, barCapacity)
    }
}
