/// Euclidean projection onto `{ lo ≤ w ≤ hi, Σ w = 1, gmin_g ≤ Σ_{i∈g} w_i ≤ gmax_g }` for
/// disjoint groups, exactly (no inner iteration).
///
/// By the KKT conditions `w_i = clip(y_i - μ - ν_g, lo_i, hi_i)`: for a common shift `μ` each
/// group's unconstrained sum `s_g(μ)` is clamped to its limits, and the total `T(μ)` of the
/// clamped sums is non-increasing and piecewise linear in `μ`. `μ` is found by binary search over
/// the breakpoints and linear interpolation; each group's own shift the same way.
struct FeasibleSetProjection {
    let lower: [Double]
    let upper: [Double]
    /// Member indices per group; assets in no group each form a group with no limit.
    let members: [[Int]]
    let groupMinimum: [Double]
    let groupMaximum: [Double]

    init(lower: [Double], upper: [Double], groups: [(members: [Int], minimum: Double, maximum: Double)]) {
        self.lower = lower
        self.upper = upper
        var members = [[Int]](), gmin = [Double](), gmax = [Double]()
        var grouped = Set<Int>()
        for g in groups {
            members.append(g.members); gmin.append(g.minimum); gmax.append(g.maximum)
            grouped.formUnion(g.members)
        }
        for i in lower.indices where !grouped.contains(i) {
            members.append([i]); gmin.append(-.infinity); gmax.append(.infinity)
        }
        self.members = members
        self.groupMinimum = gmin
        self.groupMaximum = gmax
    }

    private func groupSum(_ g: Int, _ y: [Double], _ t: Double) -> Double {
        var s = 0.0
        for i in members[g] { s += Swift.min(Swift.max(y[i] - t, lower[i]), upper[i]) }
        return s
    }

    private func clampedSum(_ g: Int, _ y: [Double], _ t: Double) -> Double {
        Swift.min(Swift.max(groupSum(g, y, t), groupMinimum[g]), groupMaximum[g])
    }

    /// The shift `t` where the non-increasing piecewise-linear `f` (linear between consecutive
    /// `points`, constant outside) equals `target`, or the nearest end when out of range.
    private static func solve(_ f: (Double) -> Double, points: [Double], target: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if f(first) <= target { return first }
        if f(last) >= target { return last }
        var lo = 0, hi = points.count - 1          // f(points[lo]) > target > f(points[hi])
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if f(points[mid]) > target { lo = mid } else { hi = mid }
        }
        let a = points[lo], b = points[hi], fa = f(a), fb = f(b)
        guard fa != fb else { return a }
        return a + (fa - target) * (b - a) / (fa - fb)
    }

    private func breakpoints(_ g: Int, _ y: [Double]) -> [Double] {
        var points = [Double]()
        points.reserveCapacity(2 * members[g].count)
        for i in members[g] { points.append(y[i] - upper[i]); points.append(y[i] - lower[i]) }
        return points.sorted()
    }

    /// The projection of `y`.
    func project(_ y: [Double]) -> [Double] {
        var all = [Double]()
        var perGroup = [[Double]]()
        for g in members.indices {
            let points = breakpoints(g, y)
            perGroup.append(points)
            all.append(contentsOf: points)
            // Where the group's sum crosses its limits, the clamped sum changes slope.
            if groupMaximum[g].isFinite { all.append(Self.solve({ groupSum(g, y, $0) }, points: points, target: groupMaximum[g])) }
            if groupMinimum[g].isFinite { all.append(Self.solve({ groupSum(g, y, $0) }, points: points, target: groupMinimum[g])) }
        }
        all.sort()
        let total: (Double) -> Double = { t in
            var s = 0.0
            for g in members.indices { s += clampedSum(g, y, t) }
            return s
        }
        let mu = Self.solve(total, points: all, target: 1)
        var w = [Double](repeating: 0, count: y.count)
        for g in members.indices {
            let target = clampedSum(g, y, mu)
            let t = target == groupSum(g, y, mu) ? mu : Self.solve({ groupSum(g, y, $0) }, points: perGroup[g], target: target)
            for i in members[g] { w[i] = Swift.min(Swift.max(y[i] - t, lower[i]), upper[i]) }
        }
        return w
    }
}
