public import KISREST
import QuantCore

/// The KIS REST client answers the realtime manager's polls with its current-price inquiry
/// (`FHKST01010100`), rate-limited like every other REST call of the client.
extension KISRESTClient: KISQuotePolling {
    /// The current price and today's volume of `symbol`; the time is when the answer arrived
    /// (the inquiry carries no trade time).
    public func pollQuote(symbol: String) async throws -> KISPolledQuote {
        let price = try await currentPrice(of: Symbol(symbol))
        return KISPolledQuote(symbol: symbol, price: price.price, accumulatedVolume: price.accumulatedVolume, time: price.receivedAt)
    }
}
