public import QuantCore

/// A named series of values by date (wealth, drawdown, a rolling statistic, an IC).
public struct DatedSeries: Sendable, Hashable {
    /// The legend name.
    public var name: String
    /// The dates, ascending.
    public var dates: [TradingDate]
    /// One value per date; NaN marks a gap.
    public var values: [Double]

    /// Creates a series.
    ///
    /// - Throws: ``ReportError`` (`.invalidInput`) naming the series when dates and values differ in length.
    public init(name: String, dates: [TradingDate], values: [Double]) throws {
        guard dates.count == values.count else {
            throw ReportError(.invalidInput, detail: "series '\(name)' has \(dates.count) dates but \(values.count) values")
        }
        self.name = name
        self.dates = dates
        self.values = values
    }

    var dateLabels: [String] { dates.map(\.description) }
}

/// One holding in the report's table and weight chart.
public struct HoldingRow: Sendable, Hashable {
    /// The symbol (e.g. `005930`).
    public var symbol: Symbol
    /// The display name (may be Korean, e.g. `삼성전자`).
    public var name: String
    /// Weight as a fraction of equity.
    public var weight: Double
    /// Share of portfolio risk (fraction, summing to one over holdings), if known.
    public var riskContribution: Double?
    /// Market value in won, if known.
    public var marketValue: Double?

    /// Creates a row.
    public init(symbol: Symbol, name: String, weight: Double, riskContribution: Double? = nil, marketValue: Double? = nil) {
        self.symbol = symbol
        self.name = name
        self.weight = weight
        self.riskContribution = riskContribution
        self.marketValue = marketValue
    }
}

/// A change of target weight decided today.
public struct TargetChange: Sendable, Hashable {
    /// The symbol.
    public var symbol: Symbol
    /// The display name.
    public var name: String
    /// Weight held before today's decision.
    public var currentWeight: Double
    /// Today's target weight.
    public var targetWeight: Double

    /// Creates a change.
    public init(symbol: Symbol, name: String, currentWeight: Double, targetWeight: Double) {
        self.symbol = symbol
        self.name = name
        self.currentWeight = currentWeight
        self.targetWeight = targetWeight
    }
}

/// An order generated today.
public struct OrderRow: Sendable, Hashable {
    /// Buy or sell.
    public enum Side: String, Sendable, Hashable {
        /// A buy order.
        case buy
        /// A sell order.
        case sell
    }
    /// The symbol.
    public var symbol: Symbol
    /// The display name.
    public var name: String
    /// The side.
    public var side: Side
    /// Shares.
    public var quantity: Int
    /// Limit or reference price in won.
    public var price: Double
    /// Status text (e.g. `filled`, `submitted`, `rejected: price band`).
    public var status: String

    /// Creates an order row.
    public init(symbol: Symbol, name: String, side: Side, quantity: Int, price: Double, status: String) {
        self.symbol = symbol
        self.name = name
        self.side = side
        self.quantity = quantity
        self.price = price
        self.status = status
    }
}

/// The report's headline numbers (fractions, not percentages); `nil` when not computable.
public struct HeadlineFigures: Sendable, Hashable {
    /// Today's return.
    public var day: Double?
    /// Month-to-date return.
    public var monthToDate: Double?
    /// Year-to-date return.
    public var yearToDate: Double?
    /// Annualised volatility.
    public var volatility: Double?
    /// Annualised Sharpe ratio.
    public var sharpe: Double?
    /// Maximum drawdown (negative).
    public var maxDrawdown: Double?

    /// Creates the figures.
    public init(day: Double? = nil, monthToDate: Double? = nil, yearToDate: Double? = nil,
                volatility: Double? = nil, sharpe: Double? = nil, maxDrawdown: Double? = nil) {
        self.day = day
        self.monthToDate = monthToDate
        self.yearToDate = yearToDate
        self.volatility = volatility
        self.sharpe = sharpe
        self.maxDrawdown = maxDrawdown
    }
}

/// Tail-risk and diversification figures.
public struct RiskFigures: Sendable, Hashable {
    /// Confidence level of the VaR/CVaR (e.g. 0.95).
    public var confidence: Double
    /// One-period VaR as a return (negative for a loss).
    public var valueAtRisk: Double?
    /// One-period CVaR (expected shortfall) as a return.
    public var conditionalValueAtRisk: Double?
    /// `Σ w_i σ_i / σ_p`.
    public var diversificationRatio: Double?
    /// `1 / Σ p_i²` over risk shares.
    public var effectiveNumberOfBets: Double?

    /// Creates the figures.
    public init(confidence: Double, valueAtRisk: Double? = nil, conditionalValueAtRisk: Double? = nil,
                diversificationRatio: Double? = nil, effectiveNumberOfBets: Double? = nil) {
        self.confidence = confidence
        self.valueAtRisk = valueAtRisk
        self.conditionalValueAtRisk = conditionalValueAtRisk
        self.diversificationRatio = diversificationRatio
        self.effectiveNumberOfBets = effectiveNumberOfBets
    }
}

/// The ML model's evaluation for the report.
public struct ModelDiagnostics: Sendable, Hashable {
    /// Mean information coefficient (Pearson).
    public var meanIC: Double?
    /// Mean rank information coefficient (Spearman).
    public var meanRankIC: Double?
    /// IC per date, for the IC-over-time chart.
    public var icSeries: DatedSeries?
    /// Rank IC per date.
    public var rankICSeries: DatedSeries?

    /// Creates the diagnostics.
    public init(meanIC: Double? = nil, meanRankIC: Double? = nil, icSeries: DatedSeries? = nil, rankICSeries: DatedSeries? = nil) {
        self.meanIC = meanIC
        self.meanRankIC = meanRankIC
        self.icSeries = icSeries
        self.rankICSeries = rankICSeries
    }
}

/// Monthly returns by year for the heatmap (fractions; NaN where a month has no data).
public struct MonthlyReturnTable: Sendable, Hashable {
    /// The years, ascending.
    public var years: [Int]
    /// Twelve monthly returns per year (January first).
    public var monthly: [[Double]]
    /// The compounded return of each year.
    public var yearly: [Double]

    /// Creates a table.
    ///
    /// - Throws: ``ReportError`` (`.invalidInput`) naming the year whose row has not 12 months.
    public init(years: [Int], monthly: [[Double]], yearly: [Double]) throws {
        guard monthly.count == years.count, yearly.count == years.count else {
            throw ReportError(.invalidInput, detail: "\(years.count) years but \(monthly.count) monthly rows and \(yearly.count) yearly values")
        }
        if let k = monthly.firstIndex(where: { $0.count != 12 }) {
            throw ReportError(.invalidInput, detail: "year \(years[k]) has \(monthly[k].count) monthly returns, expected 12")
        }
        self.years = years
        self.monthly = monthly
        self.yearly = yearly
    }
}

/// Rolling Sharpe ratio and volatility over a window, for the rolling chart.
public struct RollingFigures: Sendable, Hashable {
    /// The window length in periods (e.g. 252).
    public var window: Int
    /// Rolling annualised Sharpe ratio.
    public var sharpe: DatedSeries
    /// Rolling annualised volatility.
    public var volatility: DatedSeries

    /// Creates the figures.
    public init(window: Int, sharpe: DatedSeries, volatility: DatedSeries) {
        self.window = window
        self.sharpe = sharpe
        self.volatility = volatility
    }
}

/// A labelled correlation matrix.
public struct CorrelationTable: Sendable, Hashable {
    /// The labels, one per row and column.
    public var labels: [String]
    /// The rows.
    public var rows: [[Double]]

    /// Creates a table.
    ///
    /// - Throws: ``ReportError`` (`.invalidInput`) when the matrix is not square with one row per label.
    public init(labels: [String], rows: [[Double]]) throws {
        guard rows.count == labels.count, rows.allSatisfy({ $0.count == labels.count }) else {
            throw ReportError(.invalidInput, detail: "correlation matrix must be \(labels.count)x\(labels.count)")
        }
        self.labels = labels
        self.rows = rows
    }
}
