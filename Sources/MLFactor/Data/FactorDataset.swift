public import LinearAlgebra
public import QuantCore

/// Feature panels and a target panel flattened into rows of `(date, asset)`, ready for a
/// ``Regressor``, with each row remembering its date so that validation splits by date.
///
/// All panels share the same dates and assets. A row exists for each date and asset whose
/// features are all present (NaN-free); rows with a missing feature are left out (impute first
/// to keep them). The target may be missing
/// (not yet realised, or a delisted stock): such rows are predicted but never trained on.
/// Rows are ordered by date, then by the panels' asset order.
///
/// ```swift
/// let data = try FactorDataset(features: [("value", value), ("momentum", momentum)], target: nextMonth)
/// let splits = try TimeSeriesSplit(folds: 5).splits(dateCount: data.dates.count)
/// ```
public struct FactorDataset: Sendable {
    /// The feature names, one per column of ``features``.
    public let featureNames: [String]
    /// The panels' dates.
    public let dates: [TradingDate]
    /// The panels' assets.
    public let assets: [Symbol]
    /// The date index (into ``dates``) of each row.
    public let rowDates: [Int]
    /// The asset index (into ``assets``) of each row.
    public let rowAssets: [Int]
    /// One row per observation, one column per feature.
    public let features: Matrix
    /// The target of each row (`NaN` when missing).
    public let target: [Double]
    /// The rows of each date.
    private let dateRows: [Range<Int>]

    /// Flattens the panels.
    ///
    /// - Parameters:
    ///   - named: Named feature panels, in column order.
    ///   - target: Forward returns (or their ranks) on the same dates and assets, or `nil` for
    ///     prediction only.
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` with no feature or a repeated name,
    ///   `.labelMismatch` naming the panel whose dates or assets differ from the first's,
    ///   `.nonFinite` naming the asset and date of an infinite value.
    /// - Complexity: O(dates · assets · features).
    public init(features named: [(name: String, panel: Panel)], target: Panel?) throws {
        guard let first = named.first else { throw MLFactorError(.invalidConfiguration, detail: "a dataset needs at least one feature") }
        var seen = Set<String>()
        for (name, _) in named where !seen.insert(name).inserted {
            throw MLFactorError(.invalidConfiguration, detail: "feature '\(name)' appears twice")
        }
        let dates = first.panel.dates, assets = first.panel.assets
        for (name, panel) in named + (target.map { [("target", $0)] } ?? []) {
            guard panel.dates == dates, panel.assets == assets else {
                throw MLFactorError(.labelMismatch, detail: "panel '\(name)' has other dates or assets than '\(first.name)'")
            }
            do { try panel.validateNoInfinities() } catch let error as DataError {
                throw MLFactorError(.nonFinite, asset: error.asset, date: error.date, detail: "panel '\(name)' holds an infinite value")
            }
        }
        let p = named.count
        var rowDates = [Int](), rowAssets = [Int](), values = [[Double]](repeating: [], count: p), target_ = [Double]()
        var dateRows = [Range<Int>]()
        for t in dates.indices {
            let start = rowDates.count
            for j in assets.indices where named.allSatisfy({ !$0.panel[t, j].isNaN }) {
                rowDates.append(t)
                rowAssets.append(j)
                for f in 0..<p { values[f].append(named[f].panel[t, j]) }
                target_.append(target?[t, j] ?? .nan)
            }
            dateRows.append(start..<rowDates.count)
        }
        self.featureNames = named.map(\.name)
        self.dates = dates
        self.assets = assets
        self.rowDates = rowDates
        self.rowAssets = rowAssets
        self.features = Matrix(rows: rowDates.count, columns: p, columnMajor: values.flatMap { $0 })
        self.target = target_
        self.dateRows = dateRows
    }

    /// The number of rows.
    public var rowCount: Int { rowDates.count }

    /// The rows on the given dates, optionally only those with a target.
    public func rows(onDates dateIndices: [Int], requiringTarget: Bool) -> [Int] {
        var out = [Int]()
        for t in dateIndices where t >= 0 && t < dateRows.count {
            for r in dateRows[t] where !requiringTarget || !target[r].isNaN { out.append(r) }
        }
        return out
    }

    /// The feature rows and targets of `rows`.
    public func subset(_ rows: [Int]) -> (features: Matrix, target: [Double]) {
        let p = features.columns, n = rows.count
        var out = [Double](repeating: 0, count: n * p)
        features.withUnsafeBufferPointer { x, ld in
            for f in 0..<p {
                for (k, r) in rows.enumerated() { out[k + f * n] = x[r + f * ld] }
            }
        }
        return (Matrix(rows: n, columns: p, columnMajor: out), rows.map { target[$0] })
    }

    /// A dates × assets panel holding `values[k]` at the date and asset of `rows[k]` and `NaN`
    /// elsewhere (e.g. out-of-sample predictions).
    ///
    /// - Throws: ``MLFactorError`` `.shapeMismatch` when `values` and `rows` differ in length.
    public func panel(rows: [Int], values: [Double]) throws -> Panel {
        guard values.count == rows.count else {
            throw MLFactorError(.shapeMismatch, detail: "\(values.count) values for \(rows.count) rows")
        }
        let n = dates.count
        var out = [Double](repeating: .nan, count: n * assets.count)
        for (k, r) in rows.enumerated() { out[rowDates[r] + rowAssets[r] * n] = values[k] }
        return try Panel(dates: dates, assets: assets, values: out)
    }

    /// The target as a dates × assets panel over the dataset's rows.
    ///
    /// - Throws: Nothing in practice (the labels were validated); typed as ``panel(rows:values:)``.
    public func targetPanel() throws -> Panel { try panel(rows: Array(0..<rowCount), values: target) }
}
