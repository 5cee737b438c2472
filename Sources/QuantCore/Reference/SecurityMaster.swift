/// The reference table of every security that ever traded: look-ups by symbol, listing status
/// on a date, and the point-in-time universe.
///
/// Delisted securities stay in the master for good, so a universe taken on a past date holds
/// the securities that traded then — including those that later failed — and a backtest over
/// it has no survivorship bias.
///
/// ```swift
/// let master = try SecurityMaster(listings: listings)
/// let universe = master.universe(on: date, kind: .stock)         // listed stocks on `date`
/// master.isListed("005930", on: date)                              // true
/// master.listing(for: "005930")?.sector                            // Information Technology
/// ```
public struct SecurityMaster: Sendable, Hashable {
    /// Every listing, sorted by symbol (delisted ones included).
    public let listings: [Listing]
    private let index: [Symbol: Int]

    /// Creates a master from listings (in any order).
    ///
    /// - Throws: ``DataError`` `.duplicateAsset` naming a symbol listed twice, or
    ///   `.invalidValue` naming a symbol whose delisting date is not after its listing date.
    public init(listings: [Listing]) throws {
        let sorted = listings.sorted { $0.symbol < $1.symbol }
        var index = [Symbol: Int](minimumCapacity: sorted.count)
        for (k, listing) in sorted.enumerated() {
            guard index.updateValue(k, forKey: listing.symbol) == nil else {
                throw DataError(.duplicateAsset, asset: listing.symbol, detail: "symbol has more than one listing")
            }
            if let delisted = listing.delistedOn, delisted <= listing.listedOn {
                throw DataError(.invalidValue, asset: listing.symbol, date: delisted,
                                detail: "delisting date is not after the listing date \(listing.listedOn)")
            }
        }
        self.listings = sorted
        self.index = index
    }

    /// Every symbol, ascending.
    public var symbols: [Symbol] { listings.map(\.symbol) }

    /// Number of listings.
    public var count: Int { listings.count }

    /// The listing of `symbol`, or `nil` when unknown.
    public func listing(for symbol: Symbol) -> Listing? {
        index[symbol].map { listings[$0] }
    }

    /// The listing of `symbol`, or `nil` when unknown.
    public subscript(symbol: Symbol) -> Listing? { listing(for: symbol) }

    /// Whether `symbol` trades on `date`; `false` for an unknown symbol.
    public func isListed(_ symbol: Symbol, on date: TradingDate) -> Bool {
        listing(for: symbol)?.isListed(on: date) ?? false
    }

    /// The symbols that trade on `date`, ascending, optionally restricted by kind, market and sector.
    ///
    /// Securities delisted later are included (they traded on `date`); securities not yet
    /// listed or already delisted are not.
    /// - Complexity: O(n) in the number of listings.
    public func universe(on date: TradingDate, kind: Listing.Kind? = nil, market: Listing.Market? = nil,
                         sector: Sector? = nil) -> [Symbol] {
        var out = [Symbol]()
        for listing in listings where listing.isListed(on: date) {
            if let kind, listing.kind != kind { continue }
            if let market, listing.market != market { continue }
            if let sector, listing.sector != sector { continue }
            out.append(listing.symbol)
        }
        return out
    }

    /// The listings that have been delisted by `date`, in symbol order.
    public func delisted(by date: TradingDate) -> [Listing] {
        listings.filter { $0.isDelisted(on: date) }
    }

    /// The distinct sectors, ascending by code.
    public var sectors: [Sector] {
        Array(Set(listings.compactMap(\.sector))).sorted()
    }

    /// The sector of each of `symbols`, in order (`nil` for unknown or unclassified symbols).
    public func sectors(of symbols: [Symbol]) -> [Sector?] {
        symbols.map { listing(for: $0)?.sector }
    }

    /// Masters compare by their listings.
    public static func == (lhs: SecurityMaster, rhs: SecurityMaster) -> Bool { lhs.listings == rhs.listings }

    /// Hashes the listings.
    public func hash(into hasher: inout Hasher) { hasher.combine(listings) }
}
