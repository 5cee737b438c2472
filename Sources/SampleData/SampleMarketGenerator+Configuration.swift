public import QuantCore

extension SampleMarketGenerator {
    /// What to generate: the seed, the size of the market and the parameters of its model.
    ///
    /// Every parameter has a default; the defaults give a ten-year, 300-stock KOSPI/KOSDAQ-like
    /// market from 2015-01-02 with the ``FactorPremia/standard`` premia and corporate actions.
    ///
    /// ```swift
    /// var configuration = SampleMarketGenerator.Configuration(seed: 7, stockCount: 500, years: 5)
    /// configuration.premia = .none
    /// let market = try SampleMarketGenerator(configuration: configuration).generate()
    /// ```
    public struct Configuration: Sendable, Hashable, Codable {
        /// The seed: the same seed and configuration give bit-identical data on every platform.
        public var seed: UInt64
        /// Number of stocks ever listed (ETFs come on top), `1...5000`.
        public var stockCount: Int
        /// Length of the history in years, `1...40`.
        public var years: Int
        /// The first calendar date of the history (the first trading date is the first weekday
        /// on or after it that is not a holiday).
        public var startDate: TradingDate
        /// Share of stocks on KOSDAQ (the rest are on KOSPI), `0...1`.
        public var kosdaqShare: Double
        /// Share of stocks that list during the history rather than before it, `0...1`.
        public var lateListingShare: Double
        /// Share of stocks that are delisted during the history, `0...1`. Their history stays.
        public var delistingShare: Double
        /// The planted factor premia.
        public var premia: FactorPremia
        /// Long-run annual volatility of the market factor (GARCH(1,1) around it).
        public var marketVolatility: Double
        /// Annual expected excess return of the market factor.
        public var marketPremium: Double
        /// Long-run annual volatility of each sector factor.
        public var sectorVolatility: Double
        /// Annual risk-free rate around which the short-term bond ETF's yield wanders.
        public var riskFreeRate: Double
        /// Whether to generate cash dividends and stock splits (and adjust for them).
        public var includesCorporateActions: Bool

        /// Creates a configuration; every parameter has the documented default.
        public init(seed: UInt64 = 42, stockCount: Int = 300, years: Int = 10,
                    startDate: TradingDate = TradingDate(year: 2015, month: 1, day: 2)!,
                    kosdaqShare: Double = 0.45, lateListingShare: Double = 0.15, delistingShare: Double = 0.10,
                    premia: FactorPremia = .standard, marketVolatility: Double = 0.18, marketPremium: Double = 0.05,
                    sectorVolatility: Double = 0.10, riskFreeRate: Double = 0.02, includesCorporateActions: Bool = true) {
            self.seed = seed
            self.stockCount = stockCount
            self.years = years
            self.startDate = startDate
            self.kosdaqShare = kosdaqShare
            self.lateListingShare = lateListingShare
            self.delistingShare = delistingShare
            self.premia = premia
            self.marketVolatility = marketVolatility
            self.marketPremium = marketPremium
            self.sectorVolatility = sectorVolatility
            self.riskFreeRate = riskFreeRate
            self.includesCorporateActions = includesCorporateActions
        }

        /// Checks every parameter's range.
        ///
        /// - Throws: `DataError` `.invalidValue` naming the first parameter out of range.
        public func validate() throws {
            func check(_ ok: Bool, _ what: String) throws {
                if !ok { throw DataError(.invalidValue, detail: "configuration: \(what)") }
            }
            try check((1...5000).contains(stockCount), "stockCount must be in 1...5000, got \(stockCount)")
            try check((1...40).contains(years), "years must be in 1...40, got \(years)")
            for (name, share) in [("kosdaqShare", kosdaqShare), ("lateListingShare", lateListingShare), ("delistingShare", delistingShare)] {
                try check(share >= 0 && share <= 1, "\(name) must be in 0...1, got \(share)")
            }
            for (name, p) in [("premia.value", premia.value), ("premia.momentum", premia.momentum), ("premia.quality", premia.quality)] {
                try check(p.isFinite && abs(p) <= 1, "\(name) must be finite with magnitude at most 1 (100% a year), got \(p)")
            }
            try check(marketVolatility > 0 && marketVolatility <= 1, "marketVolatility must be in (0, 1], got \(marketVolatility)")
            try check(sectorVolatility >= 0 && sectorVolatility <= 1, "sectorVolatility must be in [0, 1], got \(sectorVolatility)")
            try check(marketPremium.isFinite && abs(marketPremium) <= 0.5, "marketPremium must be in [-0.5, 0.5], got \(marketPremium)")
            try check(riskFreeRate >= 0 && riskFreeRate <= 0.2, "riskFreeRate must be in [0, 0.2], got \(riskFreeRate)")
        }
    }
}
