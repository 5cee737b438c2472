public import QuantCore

/// A date the evaluator left out, and why.
public struct SkippedDate: Sendable, Hashable, Codable {
    /// Why a date was skipped.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// Fewer assets than ``FactorEvaluator/minimumAssets`` had both values.
        case tooFewAssets
        /// Every factor value was equal (correlation undefined).
        case constantFactor
        /// Every forward return was equal (correlation undefined).
        case constantReturns
    }
    /// The date.
    public var date: TradingDate
    /// Why it was skipped.
    public var reason: Reason
    /// How many assets had both values on that date.
    public var assets: Int
}
