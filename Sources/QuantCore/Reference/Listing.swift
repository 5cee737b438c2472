/// One security's reference data: what it is, where it trades and when it was listed.
///
/// A listing is kept after the security is delisted (``delistedOn`` set), so that history
/// built from a ``SecurityMaster`` has no survivorship bias.
///
/// Dates follow the KRX convention: the security trades from ``listedOn`` (its first trading
/// day) up to, but not including, ``delistedOn`` (the delisting date, from which it no longer
/// trades). ``isListed(on:)`` is therefore `listedOn <= date < delistedOn`.
///
/// ```swift
/// let samsung = Listing(symbol: "005930", name: "삼성전자", kind: .stock, market: .kospi,
///                       sector: .informationTechnology, listedOn: TradingDate(year: 1975, month: 6, day: 11)!)
/// samsung.isListed(on: TradingDate(year: 2024, month: 3, day: 29)!)   // true
/// ```
public struct Listing: Sendable, Hashable, Codable, Identifiable {
    /// What kind of security a listing is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A common stock.
        case stock
        /// An exchange-traded fund.
        case etf
    }

    /// The KRX market a security trades on.
    public enum Market: String, Sendable, Hashable, Codable, CaseIterable {
        /// The KOSPI (main board).
        case kospi = "KOSPI"
        /// The KOSDAQ.
        case kosdaq = "KOSDAQ"
    }

    /// The short code, e.g. `"005930"`.
    public var symbol: Symbol
    /// The display name; Korean names are expected (`"삼성전자"`).
    public var name: String
    /// Stock or ETF.
    public var kind: Kind
    /// KOSPI or KOSDAQ.
    public var market: Market
    /// The industry sector, `nil` when unclassified (typically ETFs).
    public var sector: Sector?
    /// The first trading day.
    public var listedOn: TradingDate
    /// The delisting date (the first day it no longer trades), `nil` while listed.
    public var delistedOn: TradingDate?

    /// Creates a listing.
    public init(symbol: Symbol, name: String, kind: Kind, market: Market, sector: Sector? = nil,
                listedOn: TradingDate, delistedOn: TradingDate? = nil) {
        self.symbol = symbol
        self.name = name
        self.kind = kind
        self.market = market
        self.sector = sector
        self.listedOn = listedOn
        self.delistedOn = delistedOn
    }

    /// The symbol, as the identity of a listing.
    public var id: Symbol { symbol }

    /// Whether the security trades on `date`: `listedOn <= date < delistedOn`.
    public func isListed(on date: TradingDate) -> Bool {
        guard date >= listedOn else { return false }
        if let delistedOn { return date < delistedOn }
        return true
    }

    /// Whether the security has been delisted by `date` (`delistedOn <= date`).
    public func isDelisted(on date: TradingDate) -> Bool {
        guard let delistedOn else { return false }
        return delistedOn <= date
    }
}
