/// A strategy made of a selector and a weighting scheme, with a rebalancing rule.
///
/// ```swift
/// let strategy = ComposedStrategy(
///     name: "dual momentum + risk parity",
///     selector: DualMomentum(...),          // ClassicStrategies
///     weighting: RiskParityWeighting(...),  // RiskParity
///     rebalancing: RebalancingRule(driftThreshold: 0.05))
/// ```
public struct ComposedStrategy<Selector: UniverseSelector, Weighting: WeightingScheme>: Strategy {
    /// The strategy's name in reports.
    public let name: String
    /// Picks the symbols.
    public let selector: Selector
    /// Weights the picks.
    public let weighting: Weighting
    /// When to trade.
    public let rebalancing: RebalancingRule

    /// Creates the composition.
    public init(name: String? = nil, selector: Selector, weighting: Weighting, rebalancing: RebalancingRule = RebalancingRule()) {
        self.name = name ?? "\(selector.name) + \(weighting.name)"
        self.selector = selector
        self.weighting = weighting
        self.rebalancing = rebalancing
    }

    /// Selects, weights, then applies the rebalancing rule against the current weights.
    ///
    /// - Throws: ``StrategyError`` (`.componentFailed`) naming the role that failed, wrapping
    ///   its error's description.
    public func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
        let selection: Selection
        do { selection = try selector.select(context) } catch {
            throw StrategyError(.componentFailed, date: context.asOf, detail: "selector '\(selector.name)' failed: \(error)")
        }
        let result: WeightingResult
        do { result = try weighting.weights(for: selection, in: context) } catch {
            throw StrategyError(.componentFailed, date: context.asOf, detail: "weighting '\(weighting.name)' failed: \(error)")
        }
        var diagnostics = StrategyDiagnostics()
        diagnostics["selected"] = .number(Double(selection.symbols.count))
        diagnostics["investedFraction"] = .number(selection.investedFraction)
        diagnostics.merge(selection.diagnostics, prefix: "selection.")
        diagnostics.merge(result.diagnostics, prefix: "weighting.")
        let (target, trade, reason) = try rebalancing.apply(target: result.weights, current: context.currentWeights)
        diagnostics["rebalance"] = .text(reason)
        return StrategyDecision(target: target, rebalance: trade, diagnostics: diagnostics)
    }
}
