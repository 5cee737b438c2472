public import LinearAlgebra
import PortfolioRisk

/// Scales a portfolio to a target annual volatility, the remainder in cash, leverage capped.
///
/// With ex-ante annual volatility `σ = sqrt(wᵀΣw · periodsPerYear)` of the input weights, the
/// scale is `k = min(target / σ, maximumLeverage)`; the scaled weights are `k·w` and the cash
/// weight `1 - k·Σw` (negative when `k > 1`: borrowing). With `maximumLeverage = 1` (the default)
/// the portfolio is never levered: a target above the portfolio's volatility keeps it fully invested.
///
/// ```swift
/// let erc = try RiskBudgeting().solve(covariance: dailySigma)
/// let targeted = try VolatilityTargeting(annualVolatility: 0.10).apply(weights: erc.weights, covariance: dailySigma)
/// targeted.cash   // e.g. 0.35 when the ERC portfolio runs at 15.4 % a year
/// ```
public struct VolatilityTargeting: Sendable, Hashable {
    /// The target annual volatility (0.10 is 10 %).
    public var annualVolatility: Double
    /// Periods per year of the covariance (252 for daily).
    public var periodsPerYear: Double
    /// The largest gross exposure `k·Σw` relative to the input weights' scale (1 means no leverage).
    public var maximumLeverage: Double

    /// Creates a target.
    public init(annualVolatility: Double, periodsPerYear: Double = 252, maximumLeverage: Double = 1) {
        self.annualVolatility = annualVolatility
        self.periodsPerYear = periodsPerYear
        self.maximumLeverage = maximumLeverage
    }

    /// The scaled portfolio.
    public struct Scaled: Sendable, Hashable {
        /// The scaled weights `k·w`.
        public var weights: [Double]
        /// The cash weight `1 - Σ k·w` (negative when levered).
        public var cash: Double
        /// The scale `k`.
        public var scale: Double
        /// The input portfolio's ex-ante annual volatility.
        public var inputVolatility: Double
        /// The scaled portfolio's ex-ante annual volatility, `k·σ`.
        public var volatility: Double
        /// Whether the leverage cap stopped the scale short of the target.
        public var leverageCapped: Bool
    }

    /// Scales `weights`.
    ///
    /// - Throws: ``RiskParityError`` `.invalidParameter` for a non-positive target, period count or
    ///   leverage cap; the errors of PortfolioRisk's `RiskContributions` for mismatched or
    ///   non-finite inputs or a zero portfolio variance.
    public func apply(weights: [Double], covariance: Matrix) throws -> Scaled {
        guard annualVolatility > 0, annualVolatility.isFinite else {
            throw RiskParityError(.invalidParameter, detail: "target volatility \(annualVolatility) is not positive")
        }
        guard periodsPerYear > 0, periodsPerYear.isFinite else {
            throw RiskParityError(.invalidParameter, detail: "periods per year \(periodsPerYear) is not positive")
        }
        guard maximumLeverage > 0, maximumLeverage.isFinite else {
            throw RiskParityError(.invalidParameter, detail: "leverage cap \(maximumLeverage) is not positive")
        }
        let risk = try RiskContributions(weights: weights, covariance: covariance)
        let sigma = risk.volatility * periodsPerYear.squareRoot()
        let wanted = annualVolatility / sigma
        let scale = Swift.min(wanted, maximumLeverage)
        let scaled = weights.map { $0 * scale }
        return Scaled(weights: scaled, cash: 1 - scaled.reduce(0, +), scale: scale, inputVolatility: sigma,
                      volatility: scale * sigma, leverageCapped: wanted > maximumLeverage)
    }
}
