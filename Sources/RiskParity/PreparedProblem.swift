import CLinearAlgebra
import Covariance
import LinearAlgebra
import QuantCore

/// A validated problem reduced to its active assets: positive budget, usable variance.
///
/// Preparation applies the first two fallbacks in their documented order: assets with a zero
/// or invalid variance are excluded, then a covariance block that is not positive definite is
/// repaired to the nearest positive-semidefinite matrix.
struct PreparedProblem {
    /// Number of assets in the caller's problem.
    let count: Int
    /// Indices (into the caller's order) of the assets that are solved for.
    let active: [Int]
    /// The active covariance block, `m × m` column-major (repaired when needed).
    private(set) var sigma: [Double]
    /// The active budgets, positive and summing to one (renormalised after an exclusion).
    let budgets: [Double]
    /// Fallbacks applied so far.
    var fallbacks: [RiskParityFallback]
    /// The caller's covariance (for its variances, in messages and the repair).
    let covariance: Matrix
    /// Whether ``sigma``'s two triangles are equal element for element, as validation found them
    /// (false after a repair): a solver may then read one triangle.
    private(set) var isExactlySymmetric: Bool

    /// The variance of asset `i` in the caller's order.
    func varianceOf(_ i: Int) -> Double { covariance[i, i] }

    /// The order from which the solvers' start is formed in the validation pass: measured, 5%
    /// faster at N = 500 and 2,000 (one pass over a matrix that is not in cache saved), no gain
    /// at N = 100 and 0.3 µs slower at N = 20 (where the separate product is a cheap `dgemv`).
    static let fusedStartOrder = 256

    /// Relative variance below which an asset counts as having no volatility.
    static let varianceFloor = 1e-14

    /// Validates and reduces the problem.
    ///
    /// - Parameter repairIfNeeded: check the active block by Cholesky and repair it when that fails.
    static func make(covariance: Matrix, budgets rawBudgets: [Double]?, assets: [Symbol]?, repairIfNeeded: Bool,
                     includeZeroBudgets: Bool = false) throws -> PreparedProblem {
        try prepare(covariance: covariance, budgets: rawBudgets, assets: assets, repairIfNeeded: repairIfNeeded,
                    includeZeroBudgets: includeZeroBudgets, formingStart: false).problem
    }

    /// ``make(covariance:budgets:assets:repairIfNeeded:includeZeroBudgets:)`` that, when
    /// `formingStart`, also returns the solvers' inverse-volatility starting point `x_i = b_i / σ_i`
    /// and its product `Σ x`, formed in the validation pass, if every asset is active and the
    /// block was not repaired (else `nil`: the solver forms its own).
    static func prepare(covariance: Matrix, budgets rawBudgets: [Double]?, assets: [Symbol]?, repairIfNeeded: Bool,
                        includeZeroBudgets: Bool = false, formingStart: Bool)
        throws -> (problem: PreparedProblem, start: SpinuSolver.Start?) {
        // The start b_i / σ_i from the budgets as given when they look usable (they are validated
        // after the matrix, so that a bad matrix is reported first), its product formed in the
        // validation pass.
        var start: [Double]? = nil
        if formingStart, covariance.isSquare, covariance.rows > 0 {
            let n = covariance.rows
            let b = rawBudgets ?? [Double](repeating: 1 / Double(n), count: n)
            let x = b.count == n ? (0..<n).map { b[$0] / covariance[$0, $0].squareRoot() } : []
            if x.count == n, x.allSatisfy({ $0 > 0 && $0.isFinite }) { start = x }
        }
        let check = try ProblemValidation.covariance(covariance, assets: assets, startingPoint: start)
        let n = covariance.rows
        let budgets = try ProblemValidation.budgets(rawBudgets, count: n, assets: assets)
        var fallbacks = [RiskParityFallback]()
        var active = [Int]()
        covariance.withUnsafeBufferPointer { a, ld in
        budgets.withUnsafeBufferPointer { b in
            var largest = 0.0
            for i in 0..<n { largest = Swift.max(largest, a[i + i * ld]) }
            let floor = varianceFloor * largest
            active.reserveCapacity(n)
            for i in 0..<n {
                let variance = a[i + i * ld]
                let usable = largest > 0 && variance > floor
                if !usable {
                    if b[i] > 0 { fallbacks.append(.excludedAsset(index: i, variance: variance)) }
                    continue
                }
                if b[i] > 0 || includeZeroBudgets { active.append(i) }
            }
        }}
        guard !active.isEmpty else {
            throw RiskParityError(.noInvestableAsset, detail: "no asset has both a positive budget and a positive variance")
        }
        guard active.contains(where: { budgets[$0] > 0 }) else {
            throw RiskParityError(.noInvestableAsset, detail: "every asset with a positive budget has a zero or invalid variance")
        }
        let m = active.count
        // All active (the common case): the validated budgets themselves, no copy.
        var activeBudgets = m == n ? consume budgets : active.map { budgets[$0] }
        let total = activeBudgets.reduce(0, +)
        if abs(total - 1) > 0 { for k in activeBudgets.indices { activeBudgets[k] /= total } }
        var block: [Double]
        if m == n {
            block = covariance.storage
        } else {
            block = [Double](repeating: 0, count: m * m)
            covariance.withUnsafeBufferPointer { source, ld in
                block.withUnsafeMutableBufferPointer { target in
                    for (b, j) in active.enumerated() {
                        for (a, i) in active.enumerated() { target[a + b * m] = source[i + j * ld] }
                    }
                }
            }
        }
        var problem = PreparedProblem(count: n, active: active, sigma: block, budgets: activeBudgets, fallbacks: fallbacks,
                                      covariance: covariance, isExactlySymmetric: check.isExactlySymmetric)
        if repairIfNeeded { problem.repairIfNotPositiveDefinite() }
        guard m == n, problem.fallbacks.isEmpty, let start, let startProduct = check.product else { return (problem, nil) }
        return (problem, SpinuSolver.Start(x: start, y: startProduct))
    }

    /// Checks the active block by Cholesky and, when that fails, replaces it by its nearest
    /// positive-semidefinite repair and records the fallback.
    ///
    /// - Returns: Whether the block was repaired.
    @discardableResult
    mutating func repairIfNotPositiveDefinite() -> Bool {
        let m = active.count
        if Self.isPositiveDefinite(sigma, order: m) { return false }
        let matrix = activeMatrix
        let volatilities = active.map { covariance[$0, $0].squareRoot() }
        let correlation = CorrelationMatrix.correlation(fromCovariance: matrix, volatilities: volatilities)
        let smallest = (try? SymmetricEigendecomposition(correlation).values.min()) ?? .nan
        guard let repaired = try? NearestPositiveSemidefinite(method: .clipping).repairedCovariance(matrix) else { return false }
        sigma = repaired.storage
        isExactlySymmetric = false
        fallbacks.append(.repairedCovariance(minimumEigenvalue: smallest))
        return true
    }

    /// The order up to which the Cholesky test runs in place here (`qk_is_positive_definite_small`,
    /// an unblocked factorisation into a stack buffer); larger blocks go to LAPACK.
    static let smallCholeskyOrder = Int(QK_SMALL_DEFINITENESS_ORDER)

    /// Whether the `m × m` column-major symmetric `a` is positive definite: every pivot of its
    /// Cholesky factorisation (lower triangle) is positive and finite, the test LAPACK's `dpotrf` makes.
    static func isPositiveDefinite(_ a: [Double], order m: Int) -> Bool {
        guard m > smallCholeskyOrder else {
            return a.withUnsafeBufferPointer { source in
                qk_is_positive_definite_small(m, source.baseAddress.unsafelyUnwrapped) == 1
            }
        }
        return (try? CholeskyFactorization(Matrix(rows: m, columns: m, columnMajor: a))) != nil
    }

    /// The active covariance block as a matrix.
    var activeMatrix: Matrix { Matrix(rows: active.count, columns: active.count, columnMajor: sigma) }

    /// Inverse-volatility weights on the active assets, proportional to `b_i / σ_i`.
    var inverseVolatilityActiveWeights: [Double] {
        let m = active.count
        var w = (0..<m).map { budgets[$0] / sigma[$0 + $0 * m].squareRoot() }
        if w.allSatisfy({ $0 == 0 }) { w = [Double](repeating: 1, count: m) }
        let total = w.reduce(0, +)
        for k in w.indices { w[k] /= total }
        return w
    }

    /// The full result for active weights `x` (normalised here): risk shares
    /// `w_i (Sw)_i / wᵀSw` on the solved block, from `product` (`S x`, a fresh product the solver
    /// already made) when given, else from one product here. When every asset is active the
    /// weights and shares are formed in the buffers of `x` and the product (no allocation when
    /// the caller hands them over).
    func result(activeWeights x: consuming [Double], product: consuming [Double]? = nil, method: RiskParityMethod, iterations: Int,
                converged: Bool, kktResidual: Double? = nil, budgetDistance: Double? = nil) -> RiskParityResult {
        let m = active.count
        var weights = x
        var shares = product ?? SpinuSolver(sigma: sigma, budgets: budgets).product(weights)
        var volatility = Double.nan
        var error = Double.infinity
        if m == count {
            // Every asset active (the common case): in place, in C (`qk_risk_shares`, vectorised).
            var variance = 0.0
            error = weights.withUnsafeMutableBufferPointer { w in
                shares.withUnsafeMutableBufferPointer { y in
                    budgets.withUnsafeBufferPointer { b in
                        qk_risk_shares(m, w.baseAddress.unsafelyUnwrapped, y.baseAddress.unsafelyUnwrapped, b.baseAddress.unsafelyUnwrapped,
                                       &variance)
                    }
                }
            }
            if error.isFinite { volatility = variance.squareRoot() }
        } else {
            let y = shares
            let xs = weights
            weights = [Double](repeating: 0, count: count)
            shares = [Double](repeating: 0, count: count)
            let total = xs.reduce(0, +)
            var variance = 0.0
            for k in 0..<m { variance += (xs[k] / total) * (y[k] / total) }
            if variance > 0, variance.isFinite, total.isFinite, xs.allSatisfy(\.isFinite) {
                volatility = variance.squareRoot()
                error = 0
                for (k, i) in active.enumerated() {
                    let w = xs[k] / total
                    weights[i] = w
                    shares[i] = w * (y[k] / total) / variance
                    if budgets[k] > 0 { error = Swift.max(error, abs(shares[i] / budgets[k] - 1)) }
                }
            } else {
                for (k, i) in active.enumerated() { weights[i] = xs[k] / total; shares[i] = .nan }
            }
        }
        let diagnostics = RiskParityDiagnostics(
            method: method, iterations: iterations, converged: converged && error.isFinite, maxRelativeError: error,
            fallbacks: fallbacks, kktResidual: kktResidual, budgetDistance: budgetDistance)
        return RiskParityResult(weights: weights, riskContributions: shares, volatility: volatility, diagnostics: diagnostics)
    }
}
