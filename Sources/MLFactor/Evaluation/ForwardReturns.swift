public import QuantCore

/// Forward returns: the return realised *after* each date, the target of a factor model.
///
/// Row `t` of the result holds `price[t + h] / price[t] - 1` for horizon `h` (in rows of the
/// price panel: trading days for a daily panel, months for a month-end panel). The last `h`
/// rows are missing, as is any cell whose start or end price is missing. So a forward-return
/// row at `d` uses prices after `d` by design; features at `d` never do, and training sets
/// drop the dates whose target is not yet realised.
///
/// ```swift
/// let nextMonth = try ForwardReturns.simple(prices: monthEndPrices, horizon: 1)
/// let ranked = ForwardReturns.crossSectionalRanks(nextMonth)
/// ```
public enum ForwardReturns {
    /// Simple forward returns over `horizon` rows.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for a horizon below 1, `.nonFinite`
    ///   naming the asset and date of a non-positive or infinite price.
    /// - Complexity: O(dates · assets).
    public static func simple(prices: Panel, horizon: Int = 1) throws -> Panel {
        guard horizon >= 1 else {
            throw MLFactorError(.invalidConfiguration, detail: "the forward-return horizon must be at least 1 row, got \(horizon)")
        }
        let n = prices.dateCount
        var out = [Double](repeating: .nan, count: prices.values.count)
        for j in 0..<prices.assetCount {
            for t in 0..<n {
                let p = prices[t, j]
                if p.isNaN { continue }
                guard p.isFinite, p > 0 else {
                    throw MLFactorError(.nonFinite, asset: prices.assets[j], date: prices.dates[t], detail: "price \(p) is not a positive finite number")
                }
                guard t + horizon < n else { continue }
                let q = prices[t + horizon, j]
                if q.isNaN || q <= 0 || !q.isFinite { continue }
                out[t + j * n] = q / p - 1
            }
        }
        return try Panel(dates: prices.dates, assets: prices.assets, values: out)
    }

    /// Replaces each row by the average ranks of its present values scaled to `0...1`
    /// (`(rank - 1) / (count - 1)`; a lone value gets 0.5), keeping missing cells missing.
    ///
    /// - Complexity: O(dates · assets · log assets).
    public static func crossSectionalRanks(_ panel: Panel) -> Panel {
        var out = panel
        for t in 0..<panel.dateCount {
            var columns = [Int](), values = [Double]()
            for j in 0..<panel.assetCount where !panel[t, j].isNaN {
                columns.append(j)
                values.append(panel[t, j])
            }
            let ranks = CrossSectionStatistics.averageRanks(values)
            let scale = values.count > 1 ? 1 / Double(values.count - 1) : 0
            for (k, j) in columns.enumerated() { out[t, j] = values.count > 1 ? (ranks[k] - 1) * scale : 0.5 }
        }
        return out
    }
}

extension ForwardReturns {
    /// Forward returns on `asOf` dates compounded from a daily total-returns panel (row `t` holds
    /// the return realised on `dates[t]`).
    ///
    /// For as-of date `asOf[k]` the result is `Π (1 + r) - 1` over the daily rows after the last
    /// trading date on or before `asOf[k]`, through the last trading date on or before
    /// `asOf[k + horizon]`. It is missing when that window holds a missing return (for example a
    /// stock delisted during the month) and for the last `horizon` as-of dates.
    ///
    /// ```swift
    /// let nextMonth = try ForwardReturns.compounded(dailyReturns: market.returns, asOf: monthEnds)
    /// ```
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for a horizon below 1 or unsorted dates.
    /// - Complexity: O(dates · assets).
    public static func compounded(dailyReturns: Panel, asOf dates: [TradingDate], horizon: Int = 1) throws -> Panel {
        guard horizon >= 1 else {
            throw MLFactorError(.invalidConfiguration, detail: "the forward-return horizon must be at least 1 date, got \(horizon)")
        }
        for k in dates.indices.dropFirst() where dates[k] <= dates[k - 1] {
            throw MLFactorError(.invalidConfiguration, date: dates[k], detail: "as-of dates must be strictly ascending")
        }
        let rows = dates.map { dailyReturns.insertionIndex(of: $0.adding(days: 1)) - 1 }
        let n = dates.count
        var out = [Double](repeating: .nan, count: n * dailyReturns.assetCount)
        for j in 0..<dailyReturns.assetCount {
            for k in 0..<Swift.max(0, n - horizon) where rows[k] >= 0 && rows[k + horizon] > rows[k] {
                var growth = 1.0
                for s in (rows[k] + 1)...rows[k + horizon] { growth *= 1 + dailyReturns[s, j] }
                if !growth.isNaN { out[k + j * n] = growth - 1 }
            }
        }
        return try Panel(dates: dates, assets: dailyReturns.assets, values: out)
    }
}
