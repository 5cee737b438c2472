import Foundation
public import QuantCore

/// Computes ``FactorFeature`` panels on chosen as-of dates from daily market data and
/// point-in-time fundamentals, using nothing dated after each as-of date.
///
/// Inputs: daily total returns (row `t` holds the return realised on `dates[t]`, splits and
/// dividends included, `NaN` when the stock is not listed), optional daily volumes and market
/// capitalisations on the same dates and assets, and an optional `FundamentalsStore`. For an
/// as-of date `d`, the builder uses the returns-panel row of the last trading date on or before
/// `d` and earlier rows, and fundamentals public on or before `d`. So changing any data after
/// `d` (prices, volumes, or figures published after `d`) cannot change a feature at `d`.
///
/// Missing data: a window with a missing return or volume gives `NaN` (a stock listed
/// mid-history has no momentum until it has a year of returns; a suspended stock has none
/// while its window holds the gap); a missing fundamental gives `NaN`. Delisted stocks keep
/// their columns and simply have `NaN` after delisting, so there is no survivorship bias.
///
/// ```swift
/// let builder = FeatureBuilder(returns: market.returns, volumes: market.volumes,
///                              marketCap: market.marketCap, fundamentals: market.fundamentals)
/// let features = try builder.panels(asOf: monthEnds, features: [.bookToPrice, .momentum12_1, .returnOnEquity])
/// ```
public struct FeatureBuilder: Sendable {
    /// Daily total returns, dates × assets.
    public var returns: Panel
    /// Daily traded volumes on the same dates and assets, if known.
    public var volumes: Panel?
    /// Daily market capitalisations on the same dates and assets, if known.
    public var marketCap: Panel?
    /// Point-in-time fundamentals, if known.
    public var fundamentals: FundamentalsStore?
    /// Days after a period end at which a figure without a publication date becomes usable;
    /// `nil` uses the store's default.
    public var reportingLag: Int?
    /// Trading days per month for the momentum windows.
    public var tradingDaysPerMonth: Int

    /// Creates a builder.
    public init(returns: Panel, volumes: Panel? = nil, marketCap: Panel? = nil, fundamentals: FundamentalsStore? = nil,
                reportingLag: Int? = nil, tradingDaysPerMonth: Int = 21) {
        self.returns = returns
        self.volumes = volumes
        self.marketCap = marketCap
        self.fundamentals = fundamentals
        self.reportingLag = reportingLag
        self.tradingDaysPerMonth = tradingDaysPerMonth
    }

    /// One panel per feature (as-of dates × the returns panel's assets), in the order asked.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for unsorted as-of dates, a month below
    ///   1 day or a negative reporting lag; `.labelMismatch` when volumes or market caps have other
    ///   dates or assets than the returns; `.invalidConfiguration` naming a feature whose input
    ///   (volumes, market caps, fundamentals) was not given.
    /// - Complexity: O(asOf · assets · window) plus the fundamentals look-ups.
    public func panels(asOf dates: [TradingDate], features: [FactorFeature] = FactorFeature.allCases) throws -> [(feature: FactorFeature, panel: Panel)] {
        guard tradingDaysPerMonth >= 1 else {
            throw MLFactorError(.invalidConfiguration, detail: "a month needs at least one trading day, got \(tradingDaysPerMonth)")
        }
        if let reportingLag, reportingLag < 0 {
            throw MLFactorError(.invalidConfiguration, detail: "the reporting lag must be >= 0 days, got \(reportingLag)")
        }
        for k in dates.indices.dropFirst() where dates[k] <= dates[k - 1] {
            throw MLFactorError(.invalidConfiguration, date: dates[k], detail: "as-of dates must be strictly ascending")
        }
        for (name, panel) in [("volumes", volumes), ("market caps", marketCap)] {
            if let panel, panel.dates != returns.dates || panel.assets != returns.assets {
                throw MLFactorError(.labelMismatch, detail: "the \(name) panel must have the returns panel's dates and assets")
            }
        }
        for feature in features {
            var absent = [String]()
            if feature.needsFundamentals && fundamentals == nil { absent.append("fundamentals") }
            if [.bookToPrice, .earningsYield, .dividendYield, .logMarketCap].contains(feature) && marketCap == nil { absent.append("market caps") }
            if feature == .volumeRatio && volumes == nil { absent.append("volumes") }
            if !absent.isEmpty {
                throw MLFactorError(.invalidConfiguration, detail: "feature \(feature.rawValue) needs \(absent.joined(separator: " and ")), which were not given")
            }
        }
        // Row of the last trading date on or before each as-of date (-1 when none).
        let rows = dates.map { returns.insertionIndex(of: $0.adding(days: 1)) - 1 }
        return try features.map { feature in
            var values = [Double](repeating: .nan, count: dates.count * returns.assetCount)
            for j in 0..<returns.assetCount {
                for (k, t) in rows.enumerated() where t >= 0 {
                    values[k + j * dates.count] = value(feature, asset: j, row: t, asOf: dates[k])
                }
            }
            return (feature, try Panel(dates: dates, assets: returns.assets, values: values))
        }
    }

    private func value(_ feature: FactorFeature, asset j: Int, row t: Int, asOf date: TradingDate) -> Double {
        let month = tradingDaysPerMonth
        switch feature {
        case .momentum12_1: return growth(asset: j, rows: (t - 12 * month + 1)...(t - month))
        case .momentum6: return growth(asset: j, rows: (t - 6 * month + 1)...t)
        case .momentum3: return growth(asset: j, rows: (t - 3 * month + 1)...t)
        case .volatility20: return deviation(asset: j, rows: (t - 19)...t)
        case .volatility60: return deviation(asset: j, rows: (t - 59)...t)
        case .volumeRatio:
            guard let volumes, let short = mean(volumes, asset: j, rows: (t - 19)...t),
                  let long = mean(volumes, asset: j, rows: (t - 119)...t), long > 0 else { return .nan }
            return short / long
        case .logMarketCap:
            guard let cap = positiveCap(asset: j, row: t) else { return .nan }
            return log(cap)
        case .bookToPrice:
            guard let cap = positiveCap(asset: j, row: t), let book = latest(.bookEquity, j, date) else { return .nan }
            return book / cap
        case .earningsYield:
            guard let cap = positiveCap(asset: j, row: t), let income = trailing(.netIncome, j, date) else { return .nan }
            return income / cap
        case .dividendYield:
            guard let cap = positiveCap(asset: j, row: t), let dps = latest(.dividendsPerShare, j, date),
                  let shares = latest(.sharesOutstanding, j, date) else { return .nan }
            return dps * shares / cap
        case .returnOnEquity:
            guard let book = latest(.bookEquity, j, date), book > 0, let income = trailing(.netIncome, j, date) else { return .nan }
            return income / book
        case .grossProfitability:
            guard let assets = latest(.totalAssets, j, date), assets > 0, let gross = trailing(.grossProfit, j, date) else { return .nan }
            return gross / assets
        case .debtRatio:
            guard let assets = latest(.totalAssets, j, date), assets > 0, let debt = latest(.totalDebt, j, date) else { return .nan }
            return debt / assets
        case .accruals:
            guard let assets = latest(.totalAssets, j, date), assets > 0, let income = trailing(.netIncome, j, date),
                  let cash = trailing(.operatingCashFlow, j, date) else { return .nan }
            return (income - cash) / assets
        }
    }

    /// `Π (1 + r) - 1` over `rows`, `NaN` when a row is out of range or missing.
    private func growth(asset j: Int, rows: ClosedRange<Int>) -> Double {
        guard rows.lowerBound >= 0 else { return .nan }
        var g = 1.0
        for s in rows {
            let r = returns[s, j]
            if r.isNaN { return .nan }
            g *= 1 + r
        }
        return g - 1
    }

    private func deviation(asset j: Int, rows: ClosedRange<Int>) -> Double {
        guard rows.lowerBound >= 0 else { return .nan }
        var window = [Double]()
        window.reserveCapacity(rows.count)
        for s in rows {
            let r = returns[s, j]
            if r.isNaN { return .nan }
            window.append(r)
        }
        return CrossSectionStatistics.moments(window).std
    }

    private func mean(_ panel: Panel, asset j: Int, rows: ClosedRange<Int>) -> Double? {
        guard rows.lowerBound >= 0 else { return nil }
        var sum = 0.0
        for s in rows {
            let v = panel[s, j]
            if v.isNaN { return nil }
            sum += v
        }
        return sum / Double(rows.count)
    }

    private func positiveCap(asset j: Int, row t: Int) -> Double? {
        guard let cap = marketCap?[t, j], cap > 0, cap.isFinite else { return nil }
        return cap
    }

    private func latest(_ field: FundamentalField, _ j: Int, _ date: TradingDate) -> Double? {
        fundamentals?.value(of: field, for: returns.assets[j], asOf: date, reportingLag: reportingLag)
    }

    private func trailing(_ field: FundamentalField, _ j: Int, _ date: TradingDate) -> Double? {
        fundamentals?.trailingSum(of: field, for: returns.assets[j], asOf: date, periods: 4, reportingLag: reportingLag)
    }
}
