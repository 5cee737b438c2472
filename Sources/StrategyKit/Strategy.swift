/// A trading strategy: from a point-in-time context and its own state, target weights.
///
/// The backtester and the bot call ``decide(_:state:)`` on each rebalance date with a
/// ``StrategyContext`` whose data stops at the decision date. State the strategy wants to
/// carry between dates (previous scores, a warm start, a model) lives in its ``State``,
/// which the caller stores and hands back, so that a strategy value itself is immutable and
/// `Sendable`.
///
/// Strategies are usually composed from two roles rather than written whole: a
/// ``UniverseSelector`` picks and ranks symbols, a ``WeightingScheme`` weights them, and
/// ``ComposedStrategy`` joins the two. That is how risk parity weights an ML-factor selection
/// or a dual-momentum pick without either module knowing the other.
///
/// ```swift
/// struct HoldKOSPI: Strategy {
///     var name: String { "hold KODEX 200" }
///     func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
///         StrategyDecision(target: try PortfolioWeights(["069500": 1]))
///     }
/// }
/// ```
public protocol Strategy: Sendable {
    /// What the strategy carries from one decision to the next.
    associatedtype State: Sendable & Codable = NoState

    /// A short human-readable name for reports.
    var name: String { get }

    /// The state before the first decision.
    func initialState() -> State

    /// Decides the target weights for `context.asOf`.
    ///
    /// - Throws: ``StrategyError`` or an error of a module it uses; callers treat a throw as
    ///   "no decision today" and report it.
    func decide(_ context: StrategyContext, state: inout State) throws -> StrategyDecision
}

extension Strategy where State == NoState {
    /// A stateless strategy starts from ``NoState``.
    public func initialState() -> NoState { NoState() }
}

/// The state of a strategy that keeps none.
public struct NoState: Sendable, Codable, Hashable {
    /// Creates the empty state.
    public init() {}
}
