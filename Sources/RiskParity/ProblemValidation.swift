import CLinearAlgebra
import LinearAlgebra
import QuantCore

/// Input checks shared by every risk-parity method; each failure names the asset to blame.
enum ProblemValidation {
    /// The tolerance on `Σ b_i - 1`.
    static let budgetSumTolerance = 1e-9
    /// The largest allowed `|Σ_ij - Σ_ji|` relative to the largest absolute element.
    static let symmetryTolerance = 1e-10

    static func label(_ assets: [Symbol]?, _ index: Int) -> Symbol? {
        guard let assets, index >= 0, index < assets.count else { return nil }
        return assets[index]
    }

    /// What ``covariance(_:assets:startingPoint:)`` found besides validity.
    struct CovarianceCheck {
        /// `Σ x` for the caller's starting point, formed in the validation pass (`nil` when no
        /// point was given or the one-pass check could not prove the matrix valid).
        var product: [Double]?
        /// Whether the two triangles are equal element for element (a solver may then read one).
        var isExactlySymmetric: Bool
    }

    /// Checks that the covariance is non-empty, square, finite and symmetric, and that labels fit.
    ///
    /// - Parameter startingPoint: a vector `x` whose product `Σ x` the caller needs next; it is
    ///   formed in the same pass over the matrix as the check.
    @discardableResult
    static func covariance(_ covariance: Matrix, assets: [Symbol]?, startingPoint: [Double]? = nil) throws -> CovarianceCheck {
        guard covariance.rows > 0 || covariance.columns > 0 else {
            throw RiskParityError(.emptyCovariance, detail: "the covariance matrix has no rows")
        }
        guard covariance.isSquare else {
            throw RiskParityError(.notSquare, detail: "the covariance matrix is \(covariance.shape), not square")
        }
        let n = covariance.rows
        if let assets, assets.count != n {
            throw RiskParityError(.dimensionMismatch, detail: "\(assets.count) asset labels for a \(covariance.shape) covariance")
        }
        // The common case first: one pass (a C kernel in the LinearAlgebra shim,
        // `qk_symmetry_verdict`, shaped for the memory system) that only proves, when it can,
        // that every element is finite and the matrix symmetric within the tolerance relative to
        // the largest diagonal element (a sum of squared scaled asymmetries at most one: stricter
        // than the test below, whose scale is the largest element, and exact for a matrix that is
        // exactly symmetric), and says whether the two triangles are exactly equal. When it
        // cannot, the pass below decides element by element and finds the culprit, or none (an
        // asymmetry within the tolerance, an off-diagonal element larger than the diagonal).
        var product = startingPoint.map { _ in [Double](repeating: 0, count: n) }
        let verdict = covariance.withUnsafeBufferPointer { a, ld -> Int in
            var bound = 0.0
            for i in 0..<n { bound = Swift.max(bound, abs(a[i + i * ld])) }
            guard bound.isFinite, let base = a.baseAddress else { return Int(QK_SYMMETRY_UNPROVEN) }
            guard let startingPoint, startingPoint.count == n else {
                return qk_symmetry_verdict(base, n, ld, symmetryTolerance * bound)
            }
            return product!.withUnsafeMutableBufferPointer { y in
                qk_symmetry_verdict_product(base, n, ld, symmetryTolerance * bound, startingPoint, y.baseAddress)
            }
        }
        if verdict != Int(QK_SYMMETRY_UNPROVEN) {
            return CovarianceCheck(product: startingPoint?.count == n ? product : nil,
                                   isExactlySymmetric: verdict == Int(QK_SYMMETRIC_EXACTLY))
        }
        // One pass, tile by tile so that a column and the matching row stay in cache: finiteness,
        // the largest element and the largest asymmetry.
        var scale = 0.0, worst = 0.0, at = (0, 0)
        var nonFinite: (Int, Int)? = nil
        covariance.withUnsafeBufferPointer { a, ld in
            let tile = 64
            for jb in stride(from: 0, to: n, by: tile) {
                for ib in stride(from: jb, to: n, by: tile) {
                    for j in jb..<Swift.min(jb + tile, n) {
                        let first = Swift.max(ib, j)
                        let last = Swift.min(ib + tile, n)
                        guard first < last else { continue }
                        for i in first..<last {
                            let lower = a[i + j * ld], upper = a[j + i * ld]
                            let m = Swift.max(abs(lower), abs(upper))
                            if m > scale { scale = m }
                            let d = abs(lower - upper)
                            if d > worst { worst = d; at = (i, j) }
                            if nonFinite == nil, !(lower.isFinite && upper.isFinite) { nonFinite = lower.isFinite ? (j, i) : (i, j) }
                        }
                    }
                }
            }
        }
        if let bad = nonFinite {
            throw RiskParityError(.nonFinite, assetIndex: bad.0, asset: label(assets, bad.0),
                                  detail: "covariance element (\(bad.0), \(bad.1)) is \(covariance[bad.0, bad.1])")
        }
        if scale > 0, worst > symmetryTolerance * scale {
            throw RiskParityError(.notSymmetric, assetIndex: at.0, asset: label(assets, at.0),
                                  detail: "covariance elements (\(at.0), \(at.1)) and (\(at.1), \(at.0)) differ by \(worst) (\(worst / scale) relative; tolerance \(symmetryTolerance))")
        }
        return CovarianceCheck(product: nil, isExactlySymmetric: worst == 0)
    }

    /// The budgets to use: equal when `nil`; otherwise checked for length, finiteness, sign and sum.
    static func budgets(_ budgets: [Double]?, count n: Int, assets: [Symbol]?) throws -> [Double] {
        guard let budgets else { return [Double](repeating: 1 / Double(n), count: n) }
        guard budgets.count == n else {
            throw RiskParityError(.dimensionMismatch, detail: "\(budgets.count) budgets for \(n) assets")
        }
        var sum = 0.0
        for (i, b) in budgets.enumerated() {
            guard b.isFinite else {
                throw RiskParityError(.nonFinite, assetIndex: i, asset: label(assets, i), detail: "budget \(b) is not finite")
            }
            guard b >= 0 else {
                throw RiskParityError(.invalidBudget, assetIndex: i, asset: label(assets, i), detail: "budget \(b) is negative")
            }
            sum += b
        }
        guard abs(sum - 1) <= budgetSumTolerance else {
            throw RiskParityError(.budgetSum, detail: "budgets sum to \(sum), not 1 (tolerance \(budgetSumTolerance))")
        }
        return budgets
    }

    /// Checks a warm start's length and values (non-finite or negative entries are errors).
    static func warmStart(_ weights: [Double]?, count n: Int, assets: [Symbol]?) throws {
        guard let weights else { return }
        guard weights.count == n else {
            throw RiskParityError(.dimensionMismatch, detail: "\(weights.count) warm-start weights for \(n) assets")
        }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw RiskParityError(.nonFinite, assetIndex: i, asset: label(assets, i), detail: "warm-start weight \(w) is not a finite non-negative number")
        }
    }
}
