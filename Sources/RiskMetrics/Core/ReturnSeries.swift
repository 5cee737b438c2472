public import QuantCore

/// A validated series of periodic returns of one asset or portfolio, optionally dated.
///
/// Every value is finite, and a simple return is `>= -1` (a loss cannot exceed 100%), so each
/// statistic built on a series is defined by its formula alone. Missing observations are
/// dropped at construction by ``droppingMissing(_:dates:asset:kind:)`` or
/// ``init(panel:asset:kind:)``, which count them in ``missingCount``.
///
/// ```swift
/// let series = try ReturnSeries.droppingMissing(values, dates: dates, asset: "005930")
/// let summary = try PerformanceSummary(series, conventions: .empyrical, confidence: 0.95)
/// summary.sharpe        // Double? (nil when the volatility is zero)
/// ```
public struct ReturnSeries: Sendable, Hashable {
    /// The returns, oldest first.
    public let values: [Double]
    /// One date per return, strictly ascending, or `nil` for an undated series.
    public let dates: [TradingDate]?
    /// The asset or portfolio the returns belong to (used to name it in errors).
    public let asset: Symbol?
    /// Whether the values are simple (`p_t/p_{t-1} - 1`) or log (`log(p_t/p_{t-1})`) returns;
    /// compounding uses `1 + r` or `exp(r)` accordingly.
    public let kind: ReturnKind
    /// How many missing (NaN) observations were dropped when the series was built.
    public let missingCount: Int

    /// Creates a series from complete data.
    ///
    /// - Parameters:
    ///   - values: The returns, oldest first; every value finite.
    ///   - dates: One strictly ascending date per value, or `nil`.
    ///   - asset: The asset's symbol, used in error messages.
    ///   - kind: Simple (default) or log returns.
    /// - Throws: ``RiskMetricsError``: `.empty` for no values, `.lengthMismatch` when dates and
    ///   values differ in count, `.nonFinite` naming the first NaN or infinity, `.invalidValue`
    ///   for a simple return below -1, `.labelMismatch` for dates not strictly ascending.
    public init(_ values: [Double], dates: [TradingDate]? = nil, asset: Symbol? = nil, kind: ReturnKind = .simple) throws {
        try self.init(checked: values, dates: dates, asset: asset, kind: kind, missing: 0)
    }

    /// Creates a series from data that may contain missing values (NaN), dropping them.
    ///
    /// - Returns: The series of the present observations; ``missingCount`` counts the dropped ones.
    /// - Throws: ``RiskMetricsError`` as ``init(_:dates:asset:kind:)``; `.empty` when every value is missing.
    public static func droppingMissing(_ values: [Double], dates: [TradingDate]? = nil, asset: Symbol? = nil, kind: ReturnKind = .simple) throws -> ReturnSeries {
        if let dates, dates.count != values.count {
            throw RiskMetricsError(.lengthMismatch, asset: asset, detail: "\(values.count) returns but \(dates.count) dates")
        }
        var kept = [Double]()
        kept.reserveCapacity(values.count)
        var keptDates: [TradingDate]? = dates == nil ? nil : []
        keptDates?.reserveCapacity(values.count)
        for k in values.indices where !values[k].isNaN {
            kept.append(values[k])
            if let dates { keptDates?.append(dates[k]) }
        }
        return try ReturnSeries(checked: kept, dates: keptDates, asset: asset, kind: kind, missing: values.count - kept.count)
    }

    /// The series of one asset of a returns panel, with its missing values dropped.
    ///
    /// - Throws: ``RiskMetricsError`` `.labelMismatch` when the asset is not in the panel, or as
    ///   ``droppingMissing(_:dates:asset:kind:)``.
    public init(panel: Panel, asset: Symbol, kind: ReturnKind = .simple) throws {
        guard let column = panel.column(for: asset) else {
            throw RiskMetricsError(.labelMismatch, asset: asset, detail: "asset is not in the returns panel")
        }
        self = try ReturnSeries.droppingMissing(column, dates: panel.dates, asset: asset, kind: kind)
    }

    private init(checked values: [Double], dates: [TradingDate]?, asset: Symbol?, kind: ReturnKind, missing: Int) throws {
        guard !values.isEmpty else {
            throw RiskMetricsError(.empty, asset: asset, detail: missing > 0 ? "all \(missing) observations are missing" : "the return series is empty")
        }
        if let dates {
            guard dates.count == values.count else {
                throw RiskMetricsError(.lengthMismatch, asset: asset, detail: "\(values.count) returns but \(dates.count) dates")
            }
            for k in dates.indices.dropFirst() where dates[k] <= dates[k - 1] {
                throw RiskMetricsError(.labelMismatch, asset: asset, date: dates[k], index: k, detail: "dates must be strictly ascending (follows \(dates[k - 1]))")
            }
        }
        let bad: (index: Int, nonFinite: Bool)? = values.withUnsafeBufferPointer { v in
            for k in 0..<v.count {
                if !v[k].isFinite { return (k, true) }
                if kind == .simple && v[k] < -1 { return (k, false) }
            }
            return nil
        }
        if let bad {
            let value = values[bad.index]
            throw RiskMetricsError(bad.nonFinite ? .nonFinite : .invalidValue, asset: asset, date: dates?[bad.index], index: bad.index,
                                   detail: bad.nonFinite ? "return is \(value)" : "simple return \(value) is below -1 (a loss beyond 100%)")
        }
        self.values = values
        self.dates = dates
        self.asset = asset
        self.kind = kind
        self.missingCount = missing
    }

    /// The compounding rule as a kernel-friendly tag.
    var kindTag: ReturnKindTag { kind == .simple ? .simple : .log }

    /// The number of observations `n`.
    public var count: Int { values.count }

    /// Throws `.tooFewObservations` unless the series has at least `minimum` observations.
    func require(_ minimum: Int, for statistic: String) throws {
        guard values.count >= minimum else {
            throw RiskMetricsError(.tooFewObservations, asset: asset, detail: "\(statistic) needs at least \(minimum) returns, got \(values.count)")
        }
    }
}
