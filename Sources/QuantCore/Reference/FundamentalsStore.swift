/// Point-in-time company fundamentals: every reported figure with its publication date, and
/// queries that can only see what was public on the as-of date.
///
/// A record becomes usable on its *availability date*: its ``FundamentalRecord/publishedOn``
/// date when known, otherwise its fiscal ``FundamentalRecord/periodEnd`` plus a reporting lag
/// in calendar days (``defaultReportingLag``, 90 unless configured: Korean annual reports are
/// due within 90 days of the year end, quarterly reports within 45 days). A query as of date
/// `d` considers only records available on or before `d`; figures published after `d` are
/// invisible, so nothing after the as-of date can leak into a backtest or a feature.
///
/// Among the available records of one company and field, a query returns the one for the most
/// recent fiscal period; when a period was reported more than once (a restatement), the one
/// published last (still on or before `d`) wins, and between records with the same period and
/// availability date, the one that comes later in ``records`` (input order breaks ties there).
///
/// ```swift
/// let store = try FundamentalsStore(records: records)
/// let book = store.value(of: .bookEquity, for: "005930", asOf: date)         // latest public figure
/// let ttm = store.trailingSum(of: .netIncome, for: "005930", asOf: date)      // four quarters
/// let panel = store.panel(of: .bookEquity, symbols: symbols, dates: dates)     // point in time
/// ```
public struct FundamentalsStore: Sendable, Hashable {
    /// The lag assumed for records without a publication date when no other is given: 90 days.
    public static let standardReportingLag = 90

    private struct Key: Hashable, Sendable {
        var symbol: Symbol
        var field: FundamentalField
    }

    /// Every record, sorted by symbol, field, period end, availability (under
    /// ``defaultReportingLag``) and input order.
    public let records: [FundamentalRecord]
    /// The reporting lag in calendar days applied when a query does not give one.
    public let defaultReportingLag: Int
    /// Ranges into `records` for each (symbol, field).
    private let ranges: [Key: Range<Int>]

    /// Creates a store.
    ///
    /// - Parameters:
    ///   - records: Reported figures in any order.
    ///   - defaultReportingLag: Calendar days after the period end at which a record without a
    ///     publication date becomes usable; must be `>= 0`.
    /// - Throws: ``DataError`` `.nonFinite` naming the symbol and period of a NaN or infinite
    ///   value, `.invalidValue` for a publication date before its period end or a negative lag.
    /// - Complexity: O(n log n) in the number of records.
    public init(records: [FundamentalRecord], defaultReportingLag: Int = FundamentalsStore.standardReportingLag) throws {
        guard defaultReportingLag >= 0 else {
            throw DataError(.invalidValue, detail: "reporting lag must be >= 0 days, got \(defaultReportingLag)")
        }
        for r in records {
            guard r.value.isFinite else {
                throw DataError(.nonFinite, asset: r.symbol, date: r.periodEnd, detail: "\(r.field) is \(r.value)")
            }
            if let published = r.publishedOn, published < r.periodEnd {
                throw DataError(.invalidValue, asset: r.symbol, date: published,
                                detail: "\(r.field) for the period ending \(r.periodEnd) is published before the period ends")
            }
        }
        let lag = defaultReportingLag
        // Sort by symbol, field, period end, availability, then input position (so that ties
        // keep their input order and the later record wins).
        let order = records.indices.sorted { i, j in
            let a = records[i], b = records[j]
            if a.symbol != b.symbol { return a.symbol < b.symbol }
            if a.field != b.field { return a.field < b.field }
            if a.periodEnd != b.periodEnd { return a.periodEnd < b.periodEnd }
            let x = a.availableOn(reportingLag: lag), y = b.availableOn(reportingLag: lag)
            return x != y ? x < y : i < j
        }
        let sorted = order.map { records[$0] }
        var ranges = [Key: Range<Int>]()
        var start = 0
        for k in (sorted.isEmpty ? 1..<1 : 1..<(sorted.count + 1)) where k == sorted.count
            || sorted[k].symbol != sorted[start].symbol || sorted[k].field != sorted[start].field {
            ranges[Key(symbol: sorted[start].symbol, field: sorted[start].field)] = start..<k
            start = k
        }
        self.records = sorted
        self.defaultReportingLag = defaultReportingLag
        self.ranges = ranges
    }

    /// The distinct symbols with at least one record, ascending.
    public var symbols: [Symbol] {
        var out = [Symbol]()
        for r in records where out.last != r.symbol { out.append(r.symbol) }
        return out
    }

    /// All records of `field` for `symbol`, by period end (every vintage, regardless of publication).
    public func history(of field: FundamentalField, for symbol: Symbol) -> ArraySlice<FundamentalRecord> {
        guard let range = ranges[Key(symbol: symbol, field: field)] else { return [] }
        return records[range]
    }

    /// The latest record of `field` for `symbol` that was public on `date`.
    ///
    /// "Public on `date`" means available on or before `date` (see the type's discussion);
    /// among those, the most recent fiscal period wins, then the latest publication.
    /// - Parameters:
    ///   - field: The figure.
    ///   - symbol: The company.
    ///   - date: The as-of date: nothing available after it is seen.
    ///   - reportingLag: Calendar days after the period end at which a record without a
    ///     publication date becomes usable; `nil` uses ``defaultReportingLag``.
    /// - Returns: `nil` when nothing was public yet (or the symbol or field is unknown).
    /// - Complexity: O(k) in the number of records of that symbol and field.
    public func record(of field: FundamentalField, for symbol: Symbol, asOf date: TradingDate,
                       reportingLag: Int? = nil) -> FundamentalRecord? {
        guard let range = ranges[Key(symbol: symbol, field: field)] else { return nil }
        let lag = reportingLag ?? defaultReportingLag
        var best: FundamentalRecord?
        var bestAvailable = TradingDate(daysSinceEpoch: Int.min)
        // Records are sorted by period end; walk back and stop once a period was found and an
        // earlier period begins.
        var k = range.upperBound - 1
        while k >= range.lowerBound {
            let r = records[k]
            if let b = best, r.periodEnd < b.periodEnd { break }
            let available = r.availableOn(reportingLag: lag)
            if available <= date && (best == nil || available > bestAvailable) {
                best = r
                bestAvailable = available
            }
            k -= 1
        }
        return best
    }

    /// The latest value of `field` for `symbol` public on `date`; see ``record(of:for:asOf:reportingLag:)``.
    ///
    /// - Returns: `nil` when nothing was public yet.
    public func value(of field: FundamentalField, for symbol: Symbol, asOf date: TradingDate,
                      reportingLag: Int? = nil) -> Double? {
        record(of: field, for: symbol, asOf: date, reportingLag: reportingLag)?.value
    }

    /// The sum of the latest `periods` fiscal periods of `field` public on `date` (e.g. trailing
    /// twelve months of a quarterly flow with `periods: 4`).
    ///
    /// Each period contributes its latest vintage public on `date`.
    /// - Returns: `nil` when fewer than `periods` periods were public, or when the latest
    ///   `periods` periods found are not consecutive quarters (a gap in the reports).
    public func trailingSum(of field: FundamentalField, for symbol: Symbol, asOf date: TradingDate,
                            periods: Int = 4, reportingLag: Int? = nil) -> Double? {
        precondition(periods > 0, "periods must be positive")
        guard let range = ranges[Key(symbol: symbol, field: field)] else { return nil }
        let lag = reportingLag ?? defaultReportingLag
        var sum = 0.0, found = 0
        var newest: TradingDate?, oldest: TradingDate?
        var k = range.upperBound - 1
        // Records are grouped by period end: take each period's latest public vintage, newest first.
        while k >= range.lowerBound && found < periods {
            let period = records[k].periodEnd
            var value: Double?, valueAvailable = TradingDate(daysSinceEpoch: Int.min)
            while k >= range.lowerBound && records[k].periodEnd == period {
                let available = records[k].availableOn(reportingLag: lag)
                if available <= date && (value == nil || available > valueAvailable) {
                    value = records[k].value
                    valueAvailable = available
                }
                k -= 1
            }
            guard let value else { continue }
            sum += value
            found += 1
            if newest == nil { newest = period }
            oldest = period
        }
        guard found == periods, let newest, let oldest else { return nil }
        // `periods` consecutive quarter ends lie within 3 * (periods - 1) months (a few days of
        // slack for month ends that clamp, e.g. Sep 30 + 3 months = Dec 30).
        guard oldest.adding(months: 3 * (periods - 1)).adding(days: 3) >= newest else { return nil }
        return sum
    }

    /// A dates × symbols panel of `field` where cell `(t, j)` is the latest value public on
    /// `dates[t]` (`NaN` when none), so every row is point in time.
    ///
    /// - Throws: ``DataError`` from ``Panel`` when `dates` are not strictly ascending or
    ///   `symbols` repeat.
    /// - Complexity: O(T·N + n) for T dates, N symbols and n records of the field.
    public func panel(of field: FundamentalField, symbols: [Symbol], dates: [TradingDate],
                      reportingLag: Int? = nil) throws -> Panel {
        let lag = reportingLag ?? defaultReportingLag
        let n = dates.count
        var values = [Double](repeating: .nan, count: n * symbols.count)
        for (j, symbol) in symbols.enumerated() {
            guard let range = ranges[Key(symbol: symbol, field: field)] else { continue }
            // Order this symbol's records by availability; sweep the dates forward keeping the
            // record with the latest period (then latest availability) seen so far.
            let byAvailability = range.sorted { i, j in
                let a = records[i].availableOn(reportingLag: lag), b = records[j].availableOn(reportingLag: lag)
                if a != b { return a < b }
                return records[i].periodEnd != records[j].periodEnd ? records[i].periodEnd < records[j].periodEnd : i < j
            }.map { records[$0] }
            var next = 0
            var best: FundamentalRecord?
            for t in 0..<n {
                while next < byAvailability.count && byAvailability[next].availableOn(reportingLag: lag) <= dates[t] {
                    let r = byAvailability[next]
                    if best == nil || r.periodEnd >= best!.periodEnd { best = r }
                    next += 1
                }
                if let best { values[t + j * n] = best.value }
            }
        }
        return try Panel(dates: dates, assets: symbols, values: values)
    }

    /// Stores compare by their records and default lag.
    public static func == (lhs: FundamentalsStore, rhs: FundamentalsStore) -> Bool {
        lhs.records == rhs.records && lhs.defaultReportingLag == rhs.defaultReportingLag
    }

    /// Hashes the records and default lag.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(records)
        hasher.combine(defaultReportingLag)
    }
}
