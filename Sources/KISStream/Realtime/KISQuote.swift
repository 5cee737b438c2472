public import Foundation
public import QuantCore

/// The latest known price of one stock and where it came from.
public struct KISQuote: Sendable, Hashable {
    /// Where a quote came from.
    public enum Source: String, Sendable, Hashable {
        /// A trade tick (H0STCNT0) from the WebSocket.
        case stream
        /// A REST current-price inquiry (``KISQuotePolling``).
        case poll
    }

    /// The stock.
    public var symbol: Symbol
    /// The last price, won.
    public var price: Int
    /// Today's cumulative volume, shares.
    public var accumulatedVolume: Int
    /// The exchange time of the price (the trade's KST time), when known.
    public var time: Date?
    /// When the manager received it, by its clock.
    public var receivedAt: Date
    /// Stream or poll.
    public var source: Source

    /// Creates a quote.
    public init(symbol: Symbol, price: Int, accumulatedVolume: Int, time: Date?, receivedAt: Date, source: Source) {
        self.symbol = symbol
        self.price = price
        self.accumulatedVolume = accumulatedVolume
        self.time = time
        self.receivedAt = receivedAt
        self.source = source
    }
}
