public import Covariance
public import QuantCore
public import StrategyKit

/// The risk-parity weighting scheme: weights a selection so that each pick carries its budget
/// of risk, from a covariance estimated on the visible history.
///
/// Any `CovarianceEstimator` can be plugged in (Ledoit-Wolf by default) over the last
/// ``lookback`` return periods of the point-in-time view. The solver is warm-started from the
/// weights currently held. The weights are scaled by the selection's invested fraction and, when
/// ``volatilityTarget`` is set, further scaled down to the target (the rest stays in cash; this
/// scheme never levers). Because it conforms to StrategyKit's `WeightingScheme`, it weights
/// whatever a `UniverseSelector` picks (a momentum filter, an ML factor selection, dual momentum)
/// through `ComposedStrategy` or ``RiskParityStrategy``, without either side knowing the other.
///
/// ```swift
/// let weighting = RiskParityWeighting(estimator: LedoitWolf(), lookback: 126)
/// let strategy = ComposedStrategy(selector: FixedUniverse(), weighting: weighting,
///                                 rebalancing: RebalancingRule(driftThreshold: 0.05))
/// ```
public struct RiskParityWeighting: WeightingScheme {
    /// The covariance estimator.
    public var estimator: any CovarianceEstimator
    /// The number of return periods (trading days) the covariance is estimated on.
    public var lookback: Int
    /// The risk-budgeting solver.
    public var solver: RiskBudgeting
    /// Risk budgets by symbol (normalised over the selection), or `nil` for equal risk contribution.
    public var budgets: [Symbol: Double]?
    /// An annual volatility target (with ``VolatilityTargeting/maximumLeverage`` capped at 1), or `nil`.
    public var volatilityTarget: VolatilityTargeting?

    /// Creates the scheme.
    public init(estimator: any CovarianceEstimator = LedoitWolf(), lookback: Int = 126, solver: RiskBudgeting = RiskBudgeting(),
                budgets: [Symbol: Double]? = nil, volatilityTarget: VolatilityTargeting? = nil) {
        self.estimator = estimator
        self.lookback = lookback
        self.solver = solver
        self.budgets = budgets
        self.volatilityTarget = volatilityTarget
    }

    /// `"risk parity"`.
    public var name: String { "risk parity" }

    /// Risk-parity weights for `selection.symbols`, summing to `selection.investedFraction`
    /// (less when a volatility target asks for cash).
    ///
    /// The diagnostics carry `method`, `iterations`, `converged`, `maxRelativeError`, `fallback`
    /// (when one was taken) and, with a target, `volatilityScale`.
    ///
    /// - Throws: `StrategyError` (`.invalidConfiguration`) for a lookback below 2, an invested
    ///   fraction outside `0...1` or a budget map missing a selected symbol; the estimator's
    ///   `CovarianceError`; ``RiskParityError`` for a malformed problem.
    public func weights(for selection: Selection, in context: StrategyContext) throws -> WeightingResult {
        guard lookback >= 2 else {
            throw StrategyError(.invalidConfiguration, date: context.asOf, detail: "risk-parity lookback \(lookback) is below 2")
        }
        guard selection.investedFraction >= 0, selection.investedFraction <= 1 else {
            throw StrategyError(.invalidWeights, date: context.asOf, detail: "invested fraction \(selection.investedFraction) is outside 0...1")
        }
        let symbols = selection.symbols
        guard !symbols.isEmpty, selection.investedFraction > 0 else { return WeightingResult(weights: .allCash) }
        let returns = try context.view.returns(lookback: lookback).selecting(assets: symbols)
        let estimate = try estimator.estimate(from: returns)
        var budgetVector: [Double]? = nil
        if let budgets {
            var values = [Double]()
            for s in symbols {
                guard let b = budgets[s] else {
                    throw StrategyError(.invalidConfiguration, symbol: s, date: context.asOf, detail: "no risk budget for a selected symbol")
                }
                values.append(b)
            }
            let total = values.reduce(0, +)
            budgetVector = total > 0 ? values.map { $0 / total } : values
        }
        let warm = symbols.map { context.currentWeights.weight(of: $0) }
        let result = try solver.solve(covariance: estimate.matrix, budgets: budgetVector,
                                      warmStart: warm.contains(where: { $0 > 0 }) ? warm : nil, assets: symbols)
        var weights = result.weights.map { $0 * selection.investedFraction }
        var diagnostics = StrategyDiagnostics()
        diagnostics["method"] = .text(result.diagnostics.method.rawValue)
        diagnostics["iterations"] = .number(Double(result.diagnostics.iterations))
        diagnostics["converged"] = .flag(result.diagnostics.converged)
        diagnostics["maxRelativeError"] = .number(result.diagnostics.maxRelativeError)
        if let reason = result.diagnostics.fallbackReason { diagnostics["fallback"] = .text(reason) }
        if var target = volatilityTarget {
            target.maximumLeverage = Swift.min(target.maximumLeverage, 1)
            let scaled = try target.apply(weights: weights, covariance: estimate.matrix)
            weights = scaled.weights
            diagnostics["volatilityScale"] = .number(scaled.scale)
        }
        let kept = zip(symbols, weights).filter { $0.1 > 0 }
        return WeightingResult(weights: try PortfolioWeights(symbols: kept.map(\.0), weights: kept.map(\.1)), diagnostics: diagnostics)
    }
}
