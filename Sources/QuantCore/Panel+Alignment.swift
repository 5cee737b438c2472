/// Putting panels on common dates and assets, and filling gaps in prices.
extension Panel {
    /// How labels from several panels are combined.
    public enum Join: String, Sendable, Hashable, CaseIterable {
        /// Keep the labels present in every panel.
        case intersection
        /// Keep the labels present in any panel; a panel's cells for labels it lacks are missing.
        case union
    }

    /// Aligns several panels on the same dates and assets.
    ///
    /// Dates come out ascending. Assets keep the first panel's order; with `.union` the assets
    /// not in the first panel follow in the order they first appear. Cells a panel does not have
    /// are missing (`NaN`). Like pandas `DataFrame.align(join=...)` applied to both axes.
    ///
    /// ```swift
    /// let aligned = Panel.aligned([prices, volumes], dates: .intersection, assets: .intersection)
    /// ```
    ///
    /// - Returns: One panel per input, in input order, all with the same labels.
    /// - Complexity: O(total cells + labels · log labels).
    public static func aligned(_ panels: [Panel], dates: Join, assets: Join) -> [Panel] {
        guard let first = panels.first else { return [] }
        var dateList: [TradingDate]
        switch dates {
        case .intersection:
            dateList = first.dates
            for panel in panels.dropFirst() {
                let present = Set(panel.dates)
                dateList = dateList.filter(present.contains)
            }
        case .union:
            var all = Set<TradingDate>()
            for panel in panels { all.formUnion(panel.dates) }
            dateList = all.sorted()
        }
        var assetList = first.assets
        switch assets {
        case .intersection:
            for panel in panels.dropFirst() {
                let present = Set(panel.assets)
                assetList = assetList.filter(present.contains)
            }
        case .union:
            var seen = Set(assetList)
            for panel in panels.dropFirst() {
                for asset in panel.assets where seen.insert(asset).inserted { assetList.append(asset) }
            }
        }
        return panels.map { $0.reindexed(dates: dateList, assets: assetList) }
    }

    /// The panel on exactly the given dates: rows for dates the panel lacks are missing, rows for
    /// dates not listed are dropped.
    ///
    /// - Throws: ``DataError`` `.unsortedDates` or `.duplicateDate` when `dates` is not strictly
    ///   ascending.
    /// - Complexity: O(cells + dates).
    public func aligned(to dates: [TradingDate]) throws -> Panel {
        for k in dates.indices.dropFirst() where dates[k] <= dates[k - 1] {
            throw DataError(dates[k] == dates[k - 1] ? .duplicateDate : .unsortedDates, date: dates[k],
                            detail: "target dates must be strictly ascending (follows \(dates[k - 1]))")
        }
        return reindexed(dates: dates, assets: assets)
    }

    /// The panel on the calendar's trading days between its first and last date: rows for
    /// trading days the panel lacks are missing, rows on closed days are dropped.
    ///
    /// ```swift
    /// let onTradingDays = try prices.aligned(to: calendar).forwardFilled(limit: 5)
    /// ```
    ///
    /// - Throws: ``TradingCalendarError`` `.notCovered` when the calendar does not cover the
    ///   panel's first or last date.
    public func aligned(to calendar: TradingCalendar) throws -> Panel {
        guard let first = dates.first, let last = dates.last else { return self }
        return reindexed(dates: try calendar.tradingDays(from: first, through: last), assets: assets)
    }

    /// The panel on exactly the given assets, in that order: columns for assets the panel lacks
    /// are missing, columns not listed are dropped.
    ///
    /// - Throws: ``DataError`` `.duplicateAsset` when an asset is listed twice.
    public func aligned(toAssets assets: [Symbol]) throws -> Panel {
        var seen = Set<Symbol>()
        for asset in assets where !seen.insert(asset).inserted {
            throw DataError(.duplicateAsset, asset: asset, detail: "target asset listed more than once")
        }
        return reindexed(dates: dates, assets: assets)
    }

    /// Carries each asset's last known value forward over missing cells, like pandas
    /// `ffill(limit:)`: at most `limit` consecutive missing cells after a value are filled (`nil`:
    /// no limit; `0`: nothing is filled). Missing cells before an asset's first value stay missing.
    ///
    /// Meant for prices (a suspended stock keeps its last price); filling returns is rarely right.
    /// - Complexity: O(cells).
    public func forwardFilled(limit: Int? = nil) -> Panel {
        let cap = Swift.max(0, limit ?? Int.max)
        guard cap > 0 else { return self }
        var out = values
        let n = dates.count
        out.withUnsafeMutableBufferPointer { v in
            for j in 0..<assets.count {
                var last = Double.nan, run = 0
                for t in 0..<n {
                    let x = v[t + j * n]
                    if !x.isNaN {
                        last = x
                        run = 0
                    } else if !last.isNaN && run < cap {
                        v[t + j * n] = last
                        run += 1
                    }
                }
            }
        }
        return Panel(unchecked: dates, assets: assets, values: out)
    }

    /// The panel on the given labels (both already valid), missing where absent.
    func reindexed(dates target: [TradingDate], assets targetAssets: [Symbol]) -> Panel {
        if target == dates && targetAssets == assets { return self }
        // Source row of each target date, by a merge walk over two ascending lists.
        var rowOf = [Int](repeating: -1, count: target.count)
        var s = 0
        for (k, date) in target.enumerated() {
            while s < dates.count && dates[s] < date { s += 1 }
            if s < dates.count && dates[s] == date { rowOf[k] = s }
        }
        var columnOf = [Symbol: Int](minimumCapacity: assets.count)
        for (j, asset) in assets.enumerated() { columnOf[asset] = j }
        let n = dates.count, m = target.count
        var out = [Double](repeating: .nan, count: m * targetAssets.count)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for (jj, asset) in targetAssets.enumerated() {
                    guard let j = columnOf[asset] else { continue }
                    for k in 0..<m where rowOf[k] >= 0 { o[k + jj * m] = v[rowOf[k] + j * n] }
                }
            }
        }
        return Panel(unchecked: target, assets: targetAssets, values: out)
    }
}
