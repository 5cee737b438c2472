/// A point-in-time stock characteristic computed by ``FeatureBuilder``.
///
/// Windows are in rows of the daily returns panel (trading days), with
/// ``FeatureBuilder/tradingDaysPerMonth`` days to a month (21 by default). "Latest public"
/// fundamentals are those available on or before the as-of date (publication date, or period
/// end plus the reporting lag when no publication date is known); "trailing" sums add the
/// latest four consecutive public quarters. `M` is the market capitalisation at the as-of
/// close. A feature whose inputs are missing is `NaN`.
public enum FactorFeature: String, Sendable, Hashable, Codable, CaseIterable {
    /// Value: latest public book equity / `M` (1/PBR).
    case bookToPrice
    /// Value: trailing net income / `M` (1/PER, earnings yield).
    case earningsYield
    /// Value: latest public dividend per share × latest public shares outstanding / `M`.
    case dividendYield
    /// Momentum: total return over months 12 to 1 before the as-of date, skipping the last month
    /// (`Π (1 + r)` over rows `t-12m+1 … t-1m`, minus 1).
    case momentum12_1
    /// Momentum: total return over the last 6 months (rows `t-6m+1 … t`).
    case momentum6
    /// Momentum: total return over the last 3 months (rows `t-3m+1 … t`).
    case momentum3
    /// Quality: trailing net income / latest public book equity (ROE).
    case returnOnEquity
    /// Quality: trailing gross profit / latest public total assets.
    case grossProfitability
    /// Quality (leverage): latest public total debt / total assets.
    case debtRatio
    /// Quality: (trailing net income - trailing operating cash flow) / latest public total assets.
    case accruals
    /// Technical: standard deviation (`ddof` 1) of the last 20 daily returns (not annualised).
    case volatility20
    /// Technical: standard deviation (`ddof` 1) of the last 60 daily returns (not annualised).
    case volatility60
    /// Technical: mean volume of the last 20 days / mean volume of the last 120 days.
    case volumeRatio
    /// Size: `log M`.
    case logMarketCap

    /// Whether the feature reads the fundamentals store.
    public var needsFundamentals: Bool {
        switch self {
        case .bookToPrice, .earningsYield, .dividendYield, .returnOnEquity, .grossProfitability, .debtRatio, .accruals: return true
        default: return false
        }
    }
}
