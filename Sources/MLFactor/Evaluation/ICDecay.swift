public import QuantCore

/// The IC of a factor against forward returns over horizons `1 … k`: how fast its
/// predictive power fades.
public struct ICDecayPoint: Sendable, Hashable, Codable {
    /// The horizon in rows of the price panel.
    public var horizon: Int
    /// Summary of the Pearson IC at this horizon.
    public var ic: ICSummary
    /// Summary of the rank IC at this horizon.
    public var rankIC: ICSummary
}

extension FactorEvaluator {
    /// IC and rank IC of `factor` against ``ForwardReturns/simple(prices:horizon:)`` for each
    /// horizon in `1...maximumHorizon`.
    ///
    /// ```swift
    /// let decay = try FactorEvaluator().icDecay(factor: momentum, prices: monthEnd, maximumHorizon: 6)
    /// decay.map(\.rankIC.mean)
    /// ```
    /// - Throws: ``MLFactorError`` as ``evaluate(factor:forwardReturns:)`` and
    ///   ``ForwardReturns/simple(prices:horizon:)``; `.invalidConfiguration` for a maximum horizon below 1.
    /// - Complexity: `maximumHorizon` evaluations.
    public func icDecay(factor: Panel, prices: Panel, maximumHorizon: Int) throws -> [ICDecayPoint] {
        guard maximumHorizon >= 1 else {
            throw MLFactorError(.invalidConfiguration, detail: "the maximum horizon must be at least 1, got \(maximumHorizon)")
        }
        return try (1...maximumHorizon).map { h in
            let report = try evaluate(factor: factor, forwardReturns: try ForwardReturns.simple(prices: prices, horizon: h))
            return ICDecayPoint(horizon: h, ic: report.icSummary, rankIC: report.rankICSummary)
        }
    }
}
