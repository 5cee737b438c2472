public import QuantCore

/// One simulated fill.
public struct Trade: Sendable, Hashable, Codable {
    /// Buy or sell.
    public enum Side: String, Sendable, Hashable, Codable {
        /// Shares bought.
        case buy
        /// Shares sold (including a position closed at delisting).
        case sell
    }

    /// The execution date.
    public let date: TradingDate
    /// The symbol traded.
    public let symbol: Symbol
    /// Buy or sell.
    public let side: Side
    /// Number of shares, positive.
    public let shares: Int
    /// The fill price in won, slippage included.
    public let price: Double
    /// `shares × price`, in won.
    public var value: Double { Double(shares) * price }
    /// Commission paid, in won.
    public let commission: Double
    /// Transaction tax paid (sells), in won.
    public let tax: Double
    /// Why the trade happened: `"rebalance"` or `"delisted"`.
    public let reason: String

    /// Creates a record.
    public init(date: TradingDate, symbol: Symbol, side: Side, shares: Int, price: Double, commission: Double, tax: Double, reason: String) {
        self.date = date
        self.symbol = symbol
        self.side = side
        self.shares = shares
        self.price = price
        self.commission = commission
        self.tax = tax
        self.reason = reason
    }
}
