/// Backward-adjusted prices and the adjustment factors behind them.
///
/// **Convention** (backward adjustment, as CRSP's cumulative factors and Yahoo Finance's
/// "Adj Close"): the latest prices are left as traded, and every price *before* an ex-date is
/// multiplied by that action's factor, so a return computed across the ex-date measures the
/// holder's economic return rather than the mechanical price drop. Factors compound: the
/// factor of a date is the product of the factors of every action with an ex-date after it.
///
/// - Split of `ratio` new shares per old share: factor `1 / ratio`; a reverse split of `ratio`
///   old shares per new one: factor `ratio`. Prices are then per *current* share, continuous
///   across the split (what position accounting needs: hold `shares × ratio` after it).
/// - Cash dividend `D`: factor `1 - D / P`, where `P` is the last close before the ex-date
///   (Yahoo Finance's and CRSP's multiplicative method). The adjusted return across the
///   ex-date is `P_ex / (P - D) - 1`, which equals the total return with the dividend
///   reinvested at the ex-date close to first order; ``Mode/splitsOnly`` leaves dividends out.
///
/// An action whose ex-date is not a panel date applies from the first panel date after it; an
/// action before the first price or for a symbol absent from the panel changes nothing.
///
/// ```swift
/// let adjusted = try AdjustedPrices(raw: closes, actions: actions)
/// let totalReturns = try adjusted.prices.simpleReturns()
/// adjusted.factors[t, j]    // multiply raw price (t, j) by this to get the adjusted price
/// ```
public struct AdjustedPrices: Sendable, Hashable {
    /// Which actions to adjust for.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Splits and reverse splits only: prices per current share, dividends ignored.
        case splitsOnly
        /// Splits and cash dividends: a total-return price series.
        case splitsAndDividends
    }

    /// The raw (as traded) prices.
    public let raw: Panel
    /// The adjusted prices: `raw[t, j] * factors[t, j]` (`NaN` where the raw price is missing).
    public let prices: Panel
    /// The cumulative backward adjustment factor of every cell (1 on and after the last ex-date).
    public let factors: Panel
    /// The actions applied, sorted by symbol and ex-date.
    public let applied: [CorporateAction]

    /// Adjusts `raw` prices for `actions`.
    ///
    /// - Parameters:
    ///   - raw: Dates × symbols prices as traded (`NaN` for missing).
    ///   - actions: Corporate actions in any order; actions of symbols not in `raw` are ignored.
    ///   - mode: Adjust for splits only, or for splits and dividends (the default).
    /// - Throws: ``DataError`` `.invalidValue` naming the symbol and ex-date of an invalid
    ///   ratio or dividend, or of a dividend not smaller than the previous close (its factor
    ///   would not be positive); `.nonPositivePrice` naming the cell of a price `<= 0`.
    /// - Complexity: O(T·N + A log A) for T dates, N symbols and A actions.
    public init(raw: Panel, actions: [CorporateAction], mode: Mode = .splitsAndDividends) throws {
        let n = raw.dateCount
        var factors = [Double](repeating: 1, count: raw.values.count)
        var adjusted = raw.values
        let sorted = actions.sorted { $0.symbol != $1.symbol ? $0.symbol < $1.symbol : $0.exDate < $1.exDate }
        var applied = [CorporateAction]()
        var columns = [Symbol: Int](minimumCapacity: raw.assetCount)
        for (j, a) in raw.assets.enumerated() { columns[a] = j }
        for action in sorted {
            try action.validate()
            guard let j = columns[action.symbol] else { continue }
            if mode == .splitsOnly && !action.isSplit { continue }
            // Rows strictly before the ex-date get the action's factor.
            let exRow = raw.insertionIndex(of: action.exDate)
            guard exRow > 0 else { continue }
            let factor: Double
            if action.isSplit {
                factor = 1 / action.shareMultiplier
            } else {
                var previous = Double.nan
                var t = exRow - 1
                while t >= 0 && previous.isNaN { previous = raw.values[t + j * n]; t -= 1 }
                guard !previous.isNaN else { continue }
                guard previous > 0 else {
                    throw DataError(.nonPositivePrice, asset: action.symbol, date: raw.dates[t + 1], detail: "price \(previous) is not positive")
                }
                let d = action.dividendPerShare
                guard d < previous else {
                    throw DataError(.invalidValue, asset: action.symbol, date: action.exDate,
                                    detail: "dividend \(d) is not below the previous close \(previous)")
                }
                factor = 1 - d / previous
            }
            factors.withUnsafeMutableBufferPointer { f in
                for t in 0..<exRow { f[t + j * n] *= factor }
            }
            applied.append(action)
        }
        for k in adjusted.indices {
            let p = adjusted[k]
            if !p.isNaN && p <= 0 {
                throw DataError(.nonPositivePrice, asset: raw.assets[k / max(n, 1)], date: raw.dates[k % max(n, 1)], detail: "price \(p) is not positive")
            }
            adjusted[k] = p * factors[k]
        }
        self.raw = raw
        self.prices = try Panel(dates: raw.dates, assets: raw.assets, values: adjusted)
        self.factors = try Panel(dates: raw.dates, assets: raw.assets, values: factors)
        self.applied = applied
    }

    /// The number of shares after all applied splits that `shares` held on `date` became, for
    /// `symbol` (position accounting across splits): `shares` times every split's share
    /// multiplier with an ex-date after `date`.
    public func sharesToday(_ shares: Double, of symbol: Symbol, heldOn date: TradingDate) -> Double {
        var out = shares
        for action in applied where action.symbol == symbol && action.isSplit && action.exDate > date {
            out *= action.shareMultiplier
        }
        return out
    }
}
