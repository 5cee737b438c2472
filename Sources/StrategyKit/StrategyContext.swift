public import QuantCore

/// Everything a strategy receives on a decision date.
///
/// The data comes only through ``view``, a ``PointInTimeView`` that cannot reveal anything
/// after ``asOf``.
public struct StrategyContext: Sendable {
    /// The decision date.
    public var asOf: TradingDate { view.asOf }
    /// The candidate universe for this date (e.g. listed, liquid stocks or a set of ETFs).
    public var universe: [Symbol]
    /// The point-in-time data.
    public var view: PointInTimeView
    /// The weights currently held (after the market moved since the last rebalance).
    public var currentWeights: PortfolioWeights

    /// Creates a context.
    public init(universe: [Symbol], view: PointInTimeView, currentWeights: PortfolioWeights = .allCash) {
        self.universe = universe
        self.view = view
        self.currentWeights = currentWeights
    }
}

/// What a strategy returns: its target weights, or an explicit "keep what you hold".
public struct StrategyDecision: Sendable, Hashable {
    /// The target weights; equal to the current weights when ``rebalance`` is `false`.
    public var target: PortfolioWeights
    /// Whether the caller should trade towards ``target`` today.
    public var rebalance: Bool
    /// Scores, solver status and reasons, for reports and logs.
    public var diagnostics: StrategyDiagnostics

    /// Creates a decision.
    public init(target: PortfolioWeights, rebalance: Bool = true, diagnostics: StrategyDiagnostics = StrategyDiagnostics()) {
        self.target = target
        self.rebalance = rebalance
        self.diagnostics = diagnostics
    }

    /// A decision to keep the current weights, with a reason.
    public static func hold(_ current: PortfolioWeights, reason: String) -> StrategyDecision {
        var d = StrategyDiagnostics()
        d["hold"] = .text(reason)
        return StrategyDecision(target: current, rebalance: false, diagnostics: d)
    }
}
