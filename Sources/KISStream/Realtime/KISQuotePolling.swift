public import Foundation

/// A REST current-price inquiry, used by ``KISRealtimeManager`` for watched symbols that have no
/// stream (beyond the registration cap) or whose stream has gone stale.
///
/// `KISRESTClient` (KISREST) conforms to it through its current-price inquiry
/// (`FHKST01010100`); tests and replays can answer from any other source of real prices.
///
/// ```swift
/// let rest = KISRESTClient(credentials: credentials, configuration: .init(environment: .real))
/// let manager = KISRealtimeManager(source: client, poller: rest)
/// ```
public protocol KISQuotePolling: Sendable {
    /// Asks for the current price of one stock.
    ///
    /// - Parameter symbol: The 6-character short code.
    /// - Returns: The price as the server reports it now.
    /// - Throws: Whatever the transport or the server reported; the manager counts the failure,
    ///   publishes ``KISRealtimeEvent/pollFailed(symbol:reason:)`` and tries again next interval.
    func pollQuote(symbol: String) async throws -> KISPolledQuote
}

/// One answer of a ``KISQuotePolling`` inquiry.
public struct KISPolledQuote: Sendable, Hashable {
    /// The 6-character short code.
    public var symbol: String
    /// The current (last trade) price, won.
    public var price: Int
    /// Today's cumulative volume, shares.
    public var accumulatedVolume: Int
    /// When the price was set, if the server says; nil otherwise.
    public var time: Date?

    /// Creates a polled quote.
    public init(symbol: String, price: Int, accumulatedVolume: Int, time: Date?) {
        self.symbol = symbol
        self.price = price
        self.accumulatedVolume = accumulatedVolume
        self.time = time
    }
}
