/// A dates × assets table of `Double` with labels: prices, returns, volumes or factor values.
///
/// Values are stored column-major: asset `j`'s series is contiguous, element `(t, j)` at
/// `values[t + j * dates.count]`. A missing value is `NaN` (``Panel/missing``); infinities are
/// never valid data. Dates are strictly ascending and assets unique, checked at construction.
///
/// ```swift
/// let prices = try Panel(dates: dates, assets: ["005930", "000660"], columns: [samsung, hynix])
/// let returns = try prices.simpleReturns()
/// let lastYear = returns.rows(from: start, through: end)
/// ```
public struct Panel: Sendable, Hashable {
    /// The value that marks a missing cell.
    public static let missing = Double.nan

    /// Row labels, strictly ascending.
    public let dates: [TradingDate]
    /// Column labels, unique.
    public let assets: [Symbol]
    /// The values in column-major order (`dates.count * assets.count`).
    public private(set) var values: [Double]

    /// Creates a panel from column-major values.
    ///
    /// - Throws: ``DataError`` (`.unsortedDates`, `.duplicateDate`, `.duplicateAsset`, `.shapeMismatch`).
    public init(dates: [TradingDate], assets: [Symbol], values: [Double]) throws {
        guard values.count == dates.count * assets.count else {
            throw DataError(.shapeMismatch, detail: "\(values.count) values for \(dates.count) dates x \(assets.count) assets")
        }
        for k in dates.indices.dropFirst() where dates[k] <= dates[k - 1] {
            throw DataError(dates[k] == dates[k - 1] ? .duplicateDate : .unsortedDates, date: dates[k],
                            detail: "dates must be strictly ascending (follows \(dates[k - 1]))")
        }
        var seen = Set<Symbol>()
        for asset in assets where !seen.insert(asset).inserted {
            throw DataError(.duplicateAsset, asset: asset, detail: "asset appears more than once")
        }
        self.dates = dates
        self.assets = assets
        self.values = values
    }

    /// Creates a panel from one array per asset.
    ///
    /// - Throws: ``DataError`` as ``init(dates:assets:values:)``, or `.shapeMismatch` naming the
    ///   asset whose column has the wrong length.
    public init(dates: [TradingDate], assets: [Symbol], columns: [[Double]]) throws {
        guard columns.count == assets.count else {
            throw DataError(.shapeMismatch, detail: "\(columns.count) columns for \(assets.count) assets")
        }
        var values = [Double]()
        values.reserveCapacity(dates.count * assets.count)
        for (j, column) in columns.enumerated() {
            guard column.count == dates.count else {
                throw DataError(.shapeMismatch, asset: assets[j], detail: "column has \(column.count) values for \(dates.count) dates")
            }
            values.append(contentsOf: column)
        }
        try self.init(dates: dates, assets: assets, values: values)
    }

    /// Number of dates (rows).
    public var dateCount: Int { dates.count }
    /// Number of assets (columns).
    public var assetCount: Int { assets.count }
    /// Whether the panel has no cells.
    public var isEmpty: Bool { dates.isEmpty || assets.isEmpty }

    /// The value at row `t`, column `j` (`NaN` when missing).
    ///
    /// - Precondition: indices in range.
    public subscript(t: Int, j: Int) -> Double {
        get {
            precondition(t >= 0 && t < dates.count && j >= 0 && j < assets.count, "Panel index (\(t), \(j)) out of range")
            return values[t + j * dates.count]
        }
        set {
            precondition(t >= 0 && t < dates.count && j >= 0 && j < assets.count, "Panel index (\(t), \(j)) out of range")
            values[t + j * dates.count] = newValue
        }
    }

    /// The value for `asset` on `date`, or `nil` when either label is absent.
    public func value(of asset: Symbol, on date: TradingDate) -> Double? {
        guard let j = index(of: asset), let t = index(of: date) else { return nil }
        return self[t, j]
    }

    /// The column index of `asset`.
    public func index(of asset: Symbol) -> Int? { assets.firstIndex(of: asset) }

    /// The row index of `date` (binary search).
    public func index(of date: TradingDate) -> Int? {
        let k = insertionIndex(of: date)
        return k < dates.count && dates[k] == date ? k : nil
    }

    /// The first row index whose date is not before `date`.
    public func insertionIndex(of date: TradingDate) -> Int {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A copy of asset `j`'s series.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < assets.count, "Panel column \(j) out of range")
        return Array(values[(j * dates.count)..<((j + 1) * dates.count)])
    }

    /// A copy of `asset`'s series, or `nil` when absent.
    public func column(for asset: Symbol) -> [Double]? { index(of: asset).map(column) }

    /// A copy of row `t` (one value per asset).
    public func row(_ t: Int) -> [Double] {
        precondition(t >= 0 && t < dates.count, "Panel row \(t) out of range")
        return (0..<assets.count).map { values[t + $0 * dates.count] }
    }

    /// The rows with indices in `range`.
    public func rows(_ range: Range<Int>) -> Panel {
        precondition(range.lowerBound >= 0 && range.upperBound <= dates.count, "Panel row range out of bounds")
        let n = dates.count
        var out = [Double]()
        out.reserveCapacity(range.count * assets.count)
        for j in 0..<assets.count { out.append(contentsOf: values[(range.lowerBound + j * n)..<(range.upperBound + j * n)]) }
        return Panel(unchecked: Array(dates[range]), assets: assets, values: out)
    }

    /// The rows dated within `start...end` (either bound optional).
    public func rows(from start: TradingDate? = nil, through end: TradingDate? = nil) -> Panel {
        let lo = start.map(insertionIndex(of:)) ?? 0
        let hi = end.map { insertionIndex(of: $0.adding(days: 1)) } ?? dates.count
        return rows(lo..<Swift.max(lo, hi))
    }

    /// The columns for `subset`, in that order.
    ///
    /// - Throws: ``DataError`` `.unknownAsset` naming the first absent asset.
    public func selecting(assets subset: [Symbol]) throws -> Panel {
        var index = [Symbol: Int](minimumCapacity: assets.count)
        for (j, a) in assets.enumerated() { index[a] = j }
        var out = [Double]()
        out.reserveCapacity(subset.count * dates.count)
        for asset in subset {
            guard let j = index[asset] else { throw DataError(.unknownAsset, asset: asset, detail: "asset is not in the panel") }
            out.append(contentsOf: values[(j * dates.count)..<((j + 1) * dates.count)])
        }
        return try Panel(dates: dates, assets: subset, values: out)
    }

    /// The rows selected by `keep(t)`.
    public func filteringRows(_ keep: (Int) -> Bool) -> Panel {
        let kept = dates.indices.filter(keep)
        let n = dates.count
        var out = [Double]()
        out.reserveCapacity(kept.count * assets.count)
        for j in 0..<assets.count {
            for t in kept { out.append(values[t + j * n]) }
        }
        return Panel(unchecked: kept.map { dates[$0] }, assets: assets, values: out)
    }

    /// The panel without the dates on which any asset is missing (listwise deletion).
    public func droppingIncompleteRows() -> Panel {
        var complete = [Bool](repeating: true, count: dates.count)
        let n = dates.count
        values.withUnsafeBufferPointer { v in
            for j in 0..<assets.count {
                for t in 0..<n where v[t + j * n].isNaN { complete[t] = false }
            }
        }
        if !complete.contains(false) { return self }
        return filteringRows { complete[$0] }
    }

    /// The first cell that is missing or non-finite, in date order then asset order.
    public func firstMissingCell() -> (date: TradingDate, asset: Symbol)? {
        let n = dates.count
        for t in 0..<n {
            for j in 0..<assets.count where !values[t + j * n].isFinite { return (dates[t], assets[j]) }
        }
        return nil
    }

    /// Throws if any cell is infinite (NaN, meaning missing, is allowed).
    ///
    /// - Throws: ``DataError`` `.nonFinite` naming the asset and date.
    public func validateNoInfinities() throws {
        let n = dates.count
        for j in 0..<assets.count {
            for t in 0..<n where values[t + j * n].isInfinite {
                throw DataError(.nonFinite, asset: assets[j], date: dates[t], detail: "value is \(values[t + j * n])")
            }
        }
    }

    /// Applies a missing-data policy for estimators that need a complete panel.
    ///
    /// - `.forbid`: throws `.missingValue` naming the first missing cell;
    /// - `.dropIncompleteRows`: drops dates with any missing value;
    /// - `.pairwise`: returns the panel unchanged (the estimator handles pairs).
    ///
    /// Infinite values are always an error (`.nonFinite`).
    /// - Throws: ``DataError``.
    public func applying(_ policy: MissingDataPolicy) throws -> Panel {
        try validateNoInfinities()
        switch policy {
        case .forbid:
            if let cell = firstMissingCell() {
                throw DataError(.missingValue, asset: cell.asset, date: cell.date, detail: "missing value where the policy forbids it")
            }
            return self
        case .dropIncompleteRows:
            return droppingIncompleteRows()
        case .pairwise:
            return self
        }
    }

    /// Builds a panel without validating labels (for internal, already-valid slices).
    init(unchecked dates: [TradingDate], assets: [Symbol], values: [Double]) {
        self.dates = dates
        self.assets = assets
        self.values = values
    }

    /// Calls `body` with the column-major values.
    @inlinable
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer(body)
    }

    /// Returns a panel with the same labels and transformed values.
    public func mapValues(_ transform: (Double) throws -> Double) rethrows -> Panel {
        Panel(unchecked: dates, assets: assets, values: try values.map(transform))
    }
}

extension Panel {
    /// Panels are equal when their labels are equal and every cell is equal, a missing cell
    /// (NaN) being equal to a missing cell.
    public static func == (lhs: Panel, rhs: Panel) -> Bool {
        guard lhs.dates == rhs.dates, lhs.assets == rhs.assets, lhs.values.count == rhs.values.count else { return false }
        for k in lhs.values.indices {
            let a = lhs.values[k], b = rhs.values[k]
            if a != b && !(a.isNaN && b.isNaN) { return false }
        }
        return true
    }

    /// Hashes the labels and cells (all missing cells hash alike).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(dates)
        hasher.combine(assets)
        for v in values { hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern) }
    }
}
