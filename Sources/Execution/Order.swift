public import QuantCore

/// A limit order for whole shares at a price on the KRX tick grid.
public struct Order: Sendable, Hashable, Codable {
    /// Buy or sell.
    public enum Side: String, Sendable, Hashable, Codable {
        /// Buy shares.
        case buy
        /// Sell shares.
        case sell
    }

    /// The symbol.
    public let symbol: Symbol
    /// Buy or sell.
    public let side: Side
    /// Whole shares, positive.
    public let quantity: Int
    /// The limit price in won, on the tick grid.
    public let limitPrice: Int
    /// The instrument kind (it sets the tick grid).
    public let kind: InstrumentKind
    /// Why the order exists, e.g. `"target 12.5% (held 10.1%)"`.
    public let reason: String

    /// `quantity × limitPrice`, in won.
    public var value: Double { Double(quantity) * Double(limitPrice) }

    /// Creates an order.
    public init(symbol: Symbol, side: Side, quantity: Int, limitPrice: Int, kind: InstrumentKind, reason: String) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.kind = kind
        self.reason = reason
    }
}

/// A symbol's price information for planning and checking orders.
public struct Quote: Sendable, Hashable, Codable {
    /// The latest price, in won.
    public var price: Double
    /// The base price of the daily band (normally the previous close), in won.
    public var previousClose: Double
    /// The instrument kind.
    public var kind: InstrumentKind
    /// Whether trading in the symbol is halted.
    public var halted: Bool

    /// Creates a quote.
    public init(price: Double, previousClose: Double, kind: InstrumentKind = .stock, halted: Bool = false) {
        self.price = price
        self.previousClose = previousClose
        self.kind = kind
        self.halted = halted
    }

    /// The day's price band.
    public var band: DailyPriceBand { DailyPriceBand(basePrice: previousClose, kind: kind) }
}
