/// Per-asset weight bounds and group limits (e.g. sector caps) for bounded risk budgeting.
///
/// The feasible set is `{ w : minimum_i ≤ w_i ≤ maximum_i, Σ w = 1,
/// group.minimum ≤ Σ_{i ∈ group} w_i ≤ group.maximum }`. Groups must be disjoint (an asset
/// belongs to at most one group, as with a sector map).
///
/// ```swift
/// var bounds = WeightBounds(count: 4, minimum: 0.05, maximum: 0.40)
/// bounds.groups = [GroupLimit(name: "semiconductors", members: [0, 1], maximum: 0.5)]
/// let result = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: bounds)
/// ```
public struct WeightBounds: Sendable, Hashable {
    /// The smallest weight of each asset.
    public var minimum: [Double]
    /// The largest weight of each asset.
    public var maximum: [Double]
    /// Disjoint group limits.
    public var groups: [GroupLimit]

    /// Bounds given per asset.
    public init(minimum: [Double], maximum: [Double], groups: [GroupLimit] = []) {
        self.minimum = minimum
        self.maximum = maximum
        self.groups = groups
    }

    /// The same bounds for each of `count` assets (long-only and fully invested by default).
    public init(count: Int, minimum: Double = 0, maximum: Double = 1, groups: [GroupLimit] = []) {
        self.init(minimum: [Double](repeating: minimum, count: Swift.max(count, 0)),
                  maximum: [Double](repeating: maximum, count: Swift.max(count, 0)), groups: groups)
    }
}

/// Limits on the total weight of a group of assets (a sector cap, a country floor).
public struct GroupLimit: Sendable, Hashable {
    /// The group's name, used in errors.
    public var name: String
    /// The indices of the member assets.
    public var members: [Int]
    /// The smallest total weight of the group.
    public var minimum: Double
    /// The largest total weight of the group.
    public var maximum: Double

    /// Creates a group limit.
    public init(name: String, members: [Int], minimum: Double = 0, maximum: Double = 1) {
        self.name = name
        self.members = members
        self.minimum = minimum
        self.maximum = maximum
    }
}
