/// When a strategy's new target replaces the current holdings, and how far it may move at once.
///
/// - Drift threshold: trade only when some weight differs from its target by more than the
///   threshold (0 trades on every decision).
/// - Turnover cap: when the one-way turnover to the target exceeds the cap, move only that
///   fraction of the way (`w = current + λ (target - current)` with `λ = cap / turnover`).
public struct RebalancingRule: Sendable, Hashable, Codable {
    /// Minimum absolute weight drift that triggers a trade.
    public var driftThreshold: Double
    /// Maximum one-way turnover per rebalance, or `nil` for no cap.
    public var turnoverCap: Double?

    /// Creates a rule.
    public init(driftThreshold: Double = 0, turnoverCap: Double? = nil) {
        self.driftThreshold = driftThreshold
        self.turnoverCap = turnoverCap
    }

    /// The weights to trade to, whether to trade, and the reason.
    ///
    /// - Throws: ``StrategyError`` (`.invalidConfiguration`) for a negative threshold or a cap outside `(0, 1]`.
    public func apply(target: PortfolioWeights, current: PortfolioWeights) throws -> (PortfolioWeights, Bool, String) {
        guard driftThreshold >= 0 else { throw StrategyError(.invalidConfiguration, detail: "drift threshold \(driftThreshold) is negative") }
        if let cap = turnoverCap, !(cap > 0 && cap <= 1) {
            throw StrategyError(.invalidConfiguration, detail: "turnover cap \(cap) is outside (0, 1]")
        }
        let drift = current.maxDrift(from: target)
        if !current.symbols.isEmpty || current.cash < 1 {
            if drift <= driftThreshold {
                return (current, false, "max drift \(drift) within threshold \(driftThreshold)")
            }
        }
        let turnover = current.turnover(to: target)
        guard let cap = turnoverCap, turnover > cap else {
            return (target, true, "max drift \(drift) > \(driftThreshold); turnover \(turnover)")
        }
        let lambda = cap / turnover
        let symbols = Array(Set(target.symbols).union(current.symbols)).sorted()
        let blended = symbols.map { current.weight(of: $0) + lambda * (target.weight(of: $0) - current.weight(of: $0)) }
        let kept = zip(symbols, blended).filter { $0.1 > 0 }
        return (try PortfolioWeights(symbols: kept.map(\.0), weights: kept.map { Swift.max(0, $0.1) }), true,
                "turnover \(turnover) capped at \(cap) (moved \(lambda) of the way)")
    }
}
