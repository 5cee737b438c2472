public import QuantCore

/// Thrown when a risk-parity problem is malformed: the reason, the asset to blame (its index and,
/// when labels were given, its symbol) and one sentence saying what is wrong.
///
/// Solver trouble (no convergence, a covariance that is not positive definite, an asset with no
/// volatility) is never thrown: it is handled by the documented fallbacks and reported in
/// ``RiskParityDiagnostics``. Only input that cannot describe a portfolio problem is an error.
///
/// ```swift
/// do { _ = try RiskBudgeting().solve(covariance: sigma, budgets: [0.5, 0.6]) }
/// catch let error as RiskParityError where error.reason == .budgetSum {
///     print(error)   // "budgetSum: budgets sum to 1.1, not 1 (tolerance 1e-09)"
/// }
/// ```
public struct RiskParityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case emptyCovariance, notSquare, notSymmetric, nonFinite, dimensionMismatch
            case invalidBudget, budgetSum, infeasibleBounds, invalidParameter, noInvestableAsset
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The covariance has no rows.
        public static var emptyCovariance: Self { Self(.emptyCovariance) }
        /// The covariance is not square.
        public static var notSquare: Self { Self(.notSquare) }
        /// The covariance differs from its transpose beyond rounding.
        public static var notSymmetric: Self { Self(.notSymmetric) }
        /// A covariance element, budget, bound or warm-start weight is NaN or infinite.
        public static var nonFinite: Self { Self(.nonFinite) }
        /// Budgets, bounds, labels or a warm start disagree in length with the covariance.
        public static var dimensionMismatch: Self { Self(.dimensionMismatch) }
        /// A budget is negative.
        public static var invalidBudget: Self { Self(.invalidBudget) }
        /// The budgets do not sum to one within 1e-9 (they are never renormalised silently).
        public static var budgetSum: Self { Self(.budgetSum) }
        /// The weight bounds or group limits admit no fully invested portfolio.
        public static var infeasibleBounds: Self { Self(.infeasibleBounds) }
        /// A configuration value is out of range (a tolerance, a target volatility, ...).
        public static var invalidParameter: Self { Self(.invalidParameter) }
        /// Every asset was excluded (no positive budget with a positive variance).
        public static var noInvestableAsset: Self { Self(.noInvestableAsset) }
        /// A short name, e.g. `"budgetSum"`.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public var reason: Reason
    /// The index of the asset to blame, when there is one.
    public var assetIndex: Int?
    /// The asset's symbol, when there is one and labels were given.
    public var asset: Symbol?
    /// One sentence for humans.
    public var detail: String

    /// Creates an error.
    public init(_ reason: Reason, assetIndex: Int? = nil, asset: Symbol? = nil, detail: String) {
        self.reason = reason
        self.assetIndex = assetIndex
        self.asset = asset
        self.detail = detail
    }

    /// The reason, the asset when known, and the detail.
    public var description: String {
        var location = ""
        if let asset { location += " for \(asset)" }
        if let assetIndex { location += " (asset \(assetIndex))" }
        return "\(reason)\(location): \(detail)"
    }
}
