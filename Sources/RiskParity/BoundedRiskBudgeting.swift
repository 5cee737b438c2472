public import LinearAlgebra
public import QuantCore

/// Risk budgeting under per-asset bounds and group limits, where Spinu's convex trick no longer
/// gives the answer.
///
/// Minimises the squared distance of the risk shares from the budgets,
/// `F(w) = Σ_i (RC_i/σ_p - b_i)² = Σ_i (w_i (Σw)_i / wᵀΣw - b_i)²`, subject to
/// `minimum ≤ w ≤ maximum`, the group limits and `Σ w = 1`, by the spectral projected gradient
/// method (Birgin, Martínez and Raydan 2000, doi:10.1137/S1052623497330963) with a
/// non-monotone line search and an exact projection onto the feasible set. It starts from the
/// unconstrained solution of ``RiskBudgeting`` projected onto the set (or a warm start), so when
/// no bound binds the answer is the exact risk-budgeting portfolio.
///
/// Optimality is proved, not assumed: ``RiskParityDiagnostics/kktResidual`` is
/// `‖w - P(w - ∇F(w))‖∞`, zero exactly at a KKT point; the solver stops when it is below
/// ``tolerance``. ``RiskParityDiagnostics/budgetDistance`` is `sqrt(F(w))`. `F` is not convex, so
/// the point is a KKT point (in practice the references' solution; the tests compare).
///
/// When the iteration limit is reached first, the last iterate (feasible, with the smallest `F`
/// seen) is returned with `converged == false`; the same exclusions and repair as in
/// ``RiskBudgeting`` apply before solving.
///
/// ```swift
/// let bounds = WeightBounds(count: 20, minimum: 0.03, maximum: 0.07)
/// let result = try BoundedRiskBudgeting().solve(covariance: sigma, bounds: bounds)
/// result.diagnostics.kktResidual      // < 1e-12
/// ```
public struct BoundedRiskBudgeting: Sendable, Hashable {
    /// The stopping threshold on the KKT residual.
    public var tolerance: Double
    /// The most projected-gradient steps.
    public var maxIterations: Int
    /// The unconstrained solver used for the starting point.
    public var unconstrained: RiskBudgeting

    /// Creates a configuration.
    public init(tolerance: Double = 1e-12, maxIterations: Int = 200_000, unconstrained: RiskBudgeting = RiskBudgeting()) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.unconstrained = unconstrained
    }

    /// Solves the bounded problem.
    ///
    /// - Parameters:
    ///   - covariance: The `n × n` symmetric covariance.
    ///   - budgets: Non-negative budgets summing to one within 1e-9, or `nil` for equal budgets.
    ///   - bounds: Per-asset bounds and disjoint group limits.
    ///   - warmStart: Previous weights; projected onto the feasible set and used as the start.
    ///   - assets: Labels used only to name the asset in an error.
    /// - Throws: ``RiskParityError`` for malformed input, and `.infeasibleBounds` when the bounds
    ///   and limits admit no fully invested portfolio (e.g. the minimums sum above one), naming
    ///   the asset or group.
    /// - Complexity: O(n²) per step (two matrix-vector products) plus O(n log n) per projection.
    public func solve(covariance: Matrix, budgets: [Double]? = nil, bounds: WeightBounds,
                      warmStart: [Double]? = nil, assets: [Symbol]? = nil) throws -> RiskParityResult {
        guard tolerance > 0, tolerance.isFinite, maxIterations >= 0 else {
            throw RiskParityError(.invalidParameter, detail: "tolerance must be positive and the iteration limit non-negative")
        }
        let problem = try PreparedProblem.make(covariance: covariance, budgets: budgets, assets: assets,
                                               repairIfNeeded: unconstrained.repairsCovariance, includeZeroBudgets: true)
        try ProblemValidation.warmStart(warmStart, count: covariance.rows, assets: assets)
        let projection = try Self.projection(bounds: bounds, problem: problem, assets: assets)
        // Start: the warm start, or the unconstrained solution on the active assets, projected.
        var start: [Double]
        if let warmStart {
            start = problem.active.map { warmStart[$0] }
        } else {
            let positive = problem.budgets.map { $0 > 0 }
            let reduced = Matrix(rows: problem.active.count, columns: problem.active.count, columnMajor: problem.sigma)
            let free = try? unconstrained.solve(covariance: reduced, budgets: problem.budgets)
            start = free?.weights ?? problem.inverseVolatilityActiveWeights
            if free == nil { for k in start.indices where !positive[k] { start[k] = 0 } }
        }
        let objective = RiskShareObjective(sigma: problem.sigma, budgets: problem.budgets)
        var w = projection.project(start)
        var (value, gradient) = objective.valueAndGradient(w)
        var best = (w: w, value: value)
        var history = [value]
        var step = 1.0
        var iterations = 0
        var residual = Self.residual(w, gradient, projection)
        if residual > 0 { step = Swift.min(Swift.max(1 / residual, 1e-10), 1e10) }
        while residual >= tolerance && iterations < maxIterations {
            iterations += 1
            var trial = w
            for k in trial.indices { trial[k] -= step * gradient[k] }
            let target = projection.project(trial)
            var direction = target
            var slope = 0.0
            for k in direction.indices { direction[k] -= w[k]; slope += direction[k] * gradient[k] }
            let reference = history.suffix(10).max() ?? value
            var lambda = 1.0
            var next = w, nextValue = value, nextGradient = gradient
            for _ in 0..<60 {
                for k in next.indices { next[k] = w[k] + lambda * direction[k] }
                (nextValue, nextGradient) = objective.valueAndGradient(next)
                if nextValue <= reference + 1e-4 * lambda * slope { break }
                lambda *= 0.5
            }
            var ss = 0.0, sy = 0.0
            for k in w.indices {
                let s = next[k] - w[k], y = nextGradient[k] - gradient[k]
                ss += s * s; sy += s * y
            }
            step = sy > 0 ? Swift.min(Swift.max(ss / sy, 1e-10), 1e10) : 1e10
            w = next; value = nextValue; gradient = nextGradient
            history.append(value)
            if value < best.value { best = (w, value) }
            residual = Self.residual(w, gradient, projection)
            if ss == 0 { break }
        }
        let converged = residual < tolerance
        if !converged { w = best.w; value = best.value; residual = Self.residual(w, objective.valueAndGradient(w).gradient, projection) }
        return problem.result(activeWeights: w, method: .boundedProjectedGradient, iterations: iterations, converged: converged,
                              kktResidual: residual, budgetDistance: value.squareRoot())
    }

    /// `‖w - P(w - ∇F)‖∞`.
    static func residual(_ w: [Double], _ gradient: [Double], _ projection: FeasibleSetProjection) -> Double {
        var shifted = w
        for k in shifted.indices { shifted[k] -= gradient[k] }
        let p = projection.project(shifted)
        var worst = 0.0
        for k in w.indices { worst = Swift.max(worst, abs(p[k] - w[k])) }
        return worst
    }

    /// Checks the bounds, maps them to the active assets and checks feasibility.
    static func projection(bounds: WeightBounds, problem: PreparedProblem, assets: [Symbol]?) throws -> FeasibleSetProjection {
        let n = problem.count
        guard bounds.minimum.count == n, bounds.maximum.count == n else {
            throw RiskParityError(.dimensionMismatch, detail: "bounds for \(bounds.minimum.count) and \(bounds.maximum.count) assets, covariance has \(n)")
        }
        for i in 0..<n {
            let lo = bounds.minimum[i], hi = bounds.maximum[i]
            guard lo.isFinite, hi.isFinite else {
                throw RiskParityError(.nonFinite, assetIndex: i, asset: ProblemValidation.label(assets, i), detail: "bounds [\(lo), \(hi)] are not finite")
            }
            guard lo >= 0, lo <= hi else {
                throw RiskParityError(.infeasibleBounds, assetIndex: i, asset: ProblemValidation.label(assets, i),
                                      detail: "bounds [\(lo), \(hi)] are empty or negative (long-only)")
            }
        }
        var position = [Int: Int]()
        for (k, i) in problem.active.enumerated() { position[i] = k }
        for i in 0..<n where position[i] == nil && bounds.minimum[i] > 0 {
            throw RiskParityError(.infeasibleBounds, assetIndex: i, asset: ProblemValidation.label(assets, i),
                                  detail: "the asset is excluded (variance \(problem.varianceOf(i))) but its minimum weight is \(bounds.minimum[i])")
        }
        let lower = problem.active.map { bounds.minimum[$0] }
        let upper = problem.active.map { Swift.min(bounds.maximum[$0], 1) }
        var seen = [Int: String]()
        var groups = [(members: [Int], minimum: Double, maximum: Double)]()
        var floorTotal = 0.0, capTotal = 0.0
        var grouped = Set<Int>()
        for g in bounds.groups {
            guard g.minimum.isFinite, g.maximum.isFinite, g.minimum <= g.maximum else {
                throw RiskParityError(.infeasibleBounds, detail: "group '\(g.name)' has limits [\(g.minimum), \(g.maximum)]")
            }
            var members = [Int]()
            var lo = 0.0, hi = 0.0
            for i in g.members {
                guard i >= 0, i < n else {
                    throw RiskParityError(.dimensionMismatch, detail: "group '\(g.name)' names asset \(i), outside 0..<\(n)")
                }
                if let other = seen[i] {
                    throw RiskParityError(.invalidParameter, assetIndex: i, asset: ProblemValidation.label(assets, i),
                                          detail: "the asset is in groups '\(other)' and '\(g.name)'; groups must be disjoint")
                }
                seen[i] = g.name
                grouped.insert(i)
                if let k = position[i] { members.append(k); lo += lower[k]; hi += upper[k] }
            }
            guard g.minimum <= hi + 1e-12, g.maximum >= lo - 1e-12 else {
                throw RiskParityError(.infeasibleBounds, detail: "group '\(g.name)' limits [\(g.minimum), \(g.maximum)] cannot be met by its members' bounds (their sum ranges over [\(lo), \(hi)])")
            }
            floorTotal += Swift.max(g.minimum, lo)
            capTotal += Swift.min(g.maximum, hi)
            groups.append((members, g.minimum, g.maximum))
        }
        for (k, i) in problem.active.enumerated() where !grouped.contains(i) {
            floorTotal += lower[k]; capTotal += upper[k]
        }
        guard floorTotal <= 1 + 1e-12 else {
            throw RiskParityError(.infeasibleBounds, detail: "the minimum weights (and group floors) sum to \(floorTotal), above 1")
        }
        guard capTotal >= 1 - 1e-12 else {
            throw RiskParityError(.infeasibleBounds, detail: "the maximum weights (and group caps) of the investable assets sum to \(capTotal), below 1")
        }
        return FeasibleSetProjection(lower: lower, upper: upper, groups: groups)
    }
}

/// `F(w) = Σ (w_i (Σw)_i / wᵀΣw - b_i)²` and its gradient.
///
/// With `u = Σw`, `V = wᵀu`, `r_i = w_i u_i / V` and `e = r - b`,
/// `∂F/∂w_j = 2 [ (e_j u_j + (Σ(e∘w))_j) / V - 2 u_j (eᵀr) / V ]`.
struct RiskShareObjective {
    let sigma: [Double]
    let budgets: [Double]

    func valueAndGradient(_ w: [Double]) -> (value: Double, gradient: [Double]) {
        let n = budgets.count
        let matrix = Matrix(rows: n, columns: n, columnMajor: sigma)
        guard let u = try? matrix.multiplied(by: w) else { return (.infinity, [Double](repeating: 0, count: n)) }
        var v = 0.0
        for i in 0..<n { v += w[i] * u[i] }
        guard v > 0 else { return (.infinity, [Double](repeating: 0, count: n)) }
        var e = [Double](repeating: 0, count: n), ew = e
        var value = 0.0, er = 0.0
        for i in 0..<n {
            let r = w[i] * u[i] / v
            e[i] = r - budgets[i]
            ew[i] = e[i] * w[i]
            value += e[i] * e[i]
            er += e[i] * r
        }
        guard let sew = try? matrix.multiplied(by: ew) else { return (.infinity, [Double](repeating: 0, count: n)) }
        var gradient = [Double](repeating: 0, count: n)
        for j in 0..<n { gradient[j] = 2 * ((e[j] * u[j] + sew[j]) / v - 2 * u[j] * er / v) }
        return (value, gradient)
    }
}
