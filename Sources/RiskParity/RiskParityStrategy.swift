public import QuantCore
public import StrategyKit

/// A selector's picks weighted by risk parity, traded when the weights drift past a threshold or
/// when the schedule says so, with an optional turnover cap.
///
/// Each decision computes the risk-parity target. It trades when the ``schedule`` is due (the
/// first decision, or a new calendar month, or `n` decisions since the last trade) or when some
/// held weight differs from its target by more than ``driftThreshold``; otherwise it holds. A
/// trade moves at most ``turnoverCap`` of one-way turnover (StrategyKit's `RebalancingRule`).
/// The state remembers the last trade date and the number of decisions since.
///
/// ```swift
/// // "DP+RP": dual momentum picks, risk-parity weights, monthly or on 5 % drift.
/// let strategy = RiskParityStrategy(selector: dualMomentum, weighting: RiskParityWeighting(),
///                                   schedule: .monthly, driftThreshold: 0.05)
/// ```
public struct RiskParityStrategy<Selector: UniverseSelector>: Strategy {
    /// When a rebalance is due regardless of drift.
    public enum Schedule: Sendable, Hashable, Codable {
        /// Only on drift (and the first decision).
        case never
        /// On the first decision of each calendar month.
        case monthly
        /// Every `n` decisions.
        case everyDecisions(Int)
    }

    /// What the strategy carries between decisions.
    public struct State: Sendable, Hashable, Codable {
        /// The date of the last trade, or `nil` before the first.
        public var lastRebalance: TradingDate?
        /// Decisions since the last trade.
        public var decisionsSinceRebalance: Int
        /// Creates the initial state.
        public init(lastRebalance: TradingDate? = nil, decisionsSinceRebalance: Int = 0) {
            self.lastRebalance = lastRebalance
            self.decisionsSinceRebalance = decisionsSinceRebalance
        }
    }

    /// Picks the symbols.
    public let selector: Selector
    /// Weights the picks.
    public let weighting: RiskParityWeighting
    /// The rebalancing schedule.
    public let schedule: Schedule
    /// The largest absolute weight drift tolerated between scheduled rebalances.
    public let driftThreshold: Double
    /// The largest one-way turnover per trade, or `nil`.
    public let turnoverCap: Double?

    /// Creates the strategy.
    public init(selector: Selector, weighting: RiskParityWeighting = RiskParityWeighting(), schedule: Schedule = .monthly,
                driftThreshold: Double = 0.05, turnoverCap: Double? = nil) {
        self.selector = selector
        self.weighting = weighting
        self.schedule = schedule
        self.driftThreshold = driftThreshold
        self.turnoverCap = turnoverCap
    }

    /// `"<selector> + risk parity"`.
    public var name: String { "\(selector.name) + \(weighting.name)" }

    /// Before the first decision: no trade yet.
    public func initialState() -> State { State() }

    /// Selects, weights, and trades if the schedule is due or the drift is too large.
    ///
    /// - Throws: `StrategyError` (`.componentFailed`) naming the role that failed, or
    ///   (`.invalidConfiguration`) for a non-positive `everyDecisions` count.
    public func decide(_ context: StrategyContext, state: inout State) throws -> StrategyDecision {
        let selection: Selection
        do { selection = try selector.select(context) } catch {
            throw StrategyError(.componentFailed, date: context.asOf, detail: "selector '\(selector.name)' failed: \(error)")
        }
        let result: WeightingResult
        do { result = try weighting.weights(for: selection, in: context) } catch {
            throw StrategyError(.componentFailed, date: context.asOf, detail: "weighting '\(weighting.name)' failed: \(error)")
        }
        state.decisionsSinceRebalance += 1
        let due: Bool
        switch schedule {
        case .never: due = state.lastRebalance == nil
        case .monthly:
            due = state.lastRebalance.map { ($0.year, $0.month) != (context.asOf.year, context.asOf.month) } ?? true
        case let .everyDecisions(n):
            guard n > 0 else { throw StrategyError(.invalidConfiguration, detail: "everyDecisions(\(n)) needs a positive count") }
            due = state.lastRebalance == nil || state.decisionsSinceRebalance >= n
        }
        let rule = RebalancingRule(driftThreshold: due ? 0 : driftThreshold, turnoverCap: turnoverCap)
        var (target, trade, reason) = try rule.apply(target: result.weights, current: context.currentWeights)
        if due && !trade {
            // A scheduled date trades even when nothing drifted (the rule holds on zero drift).
            (target, trade, reason) = (result.weights, true, "scheduled rebalance; no drift")
        }
        var diagnostics = StrategyDiagnostics()
        diagnostics["selected"] = .number(Double(selection.symbols.count))
        diagnostics.merge(selection.diagnostics, prefix: "selection.")
        diagnostics.merge(result.diagnostics, prefix: "weighting.")
        diagnostics["scheduled"] = .flag(due)
        diagnostics["rebalance"] = .text(reason)
        if trade {
            state.lastRebalance = context.asOf
            state.decisionsSinceRebalance = 0
        }
        return StrategyDecision(target: target, rebalance: trade, diagnostics: diagnostics)
    }
}
