public import LinearAlgebra

/// Ridge regression: least squares with an L2 penalty, `min ‖y - Xw - b‖² + α‖w‖²`.
///
/// Matches scikit-learn's `Ridge(alpha=α, fit_intercept=True)` (dense Cholesky solver): the
/// features and the target are centred on their means, the normal equations
/// `(XcᵀXc + αI) w = Xcᵀyc` are solved by a Cholesky factorisation (LAPACK `dpotrf`/`dpotrs`),
/// and the intercept is `ȳ - x̄ᵀw`, so the intercept is never penalised. With
/// ``fitsIntercept`` off nothing is centred and the intercept is 0.
///
/// ```swift
/// let model = try RidgeRegression(alpha: 1.0).fit(features: x, target: y)
/// model.coefficients   // one per column of x
/// ```
public struct RidgeRegression: Regressor, Hashable {
    /// The penalty `α ≥ 0` (0 is ordinary least squares, which needs full column rank).
    public var alpha: Double
    /// Whether to fit an unpenalised intercept (centring the data), as scikit-learn's default.
    public var fitsIntercept: Bool

    /// Creates the regressor.
    public init(alpha: Double = 1, fitsIntercept: Bool = true) {
        self.alpha = alpha
        self.fitsIntercept = fitsIntercept
    }

    /// Fits the model.
    ///
    /// - Throws: ``MLFactorError``: `.invalidConfiguration` for a negative or non-finite
    ///   ``alpha``; `.shapeMismatch` when the target length differs from the row count;
    ///   `.tooFewRows` with no row; `.nonFinite` naming the row and column of a NaN or infinity;
    ///   `.singularSystem` naming the feature column where the normal equations lose rank
    ///   (a constant or collinear feature with `alpha == 0`).
    /// - Complexity: O(n·p²) for the moments (one pass over the data,
    ///   ``LinearAlgebra/Matrix/columnMoments(with:)``) plus O(p³) for the solve.
    public func fit(features: Matrix, target: [Double]) throws -> RidgeModel {
        guard alpha >= 0, alpha.isFinite else {
            throw MLFactorError(.invalidConfiguration, detail: "the ridge penalty must be a finite number >= 0, got \(alpha)")
        }
        let n = features.rows, p = features.columns
        guard target.count == n else {
            throw MLFactorError(.shapeMismatch, detail: "the target has \(target.count) values for \(n) feature rows")
        }
        guard n >= 1 else { throw MLFactorError(.tooFewRows, detail: "ridge regression needs at least one row") }

        // One read of X gives the column sums, XᵀX and Xᵀyc (yc the centred target). A NaN or
        // infinity anywhere makes some moment non-finite: only then is X scanned for the culprit.
        let targetMean = fitsIntercept ? target.reduce(0, +) / Double(n) : 0
        let y = fitsIntercept ? target.map { $0 - targetMean } : target
        let moments: ColumnMoments
        do { moments = try features.columnMoments(with: y) } catch {
            throw MLFactorError(.shapeMismatch, detail: "\(error)")   // unreachable: the lengths were checked above
        }
        if !moments.isFinite {
            try features.requireFinite("feature")
            for (i, v) in target.enumerated() where !v.isFinite {
                throw MLFactorError(.nonFinite, row: i, detail: "target value \(v) is not finite")
            }
        }
        guard p > 0 else {
            return RidgeModel(intercept: targetMean, coefficients: [], featureScales: [])
        }
        let means = moments.sums.map { fitsIntercept ? $0 / Double(n) : 0 }
        var squares = (0..<p).map { Swift.max(0, moments.gram[$0, $0] - Double(n) * means[$0] * means[$0]) }
        // XcᵀXc. When every mean is within one standard deviation of zero, `XᵀX - n·x̄x̄ᵀ` loses at
        // most a couple of ulps and saves a copy of X; otherwise (large offsets, constant columns,
        // sums that overflowed) the centred copy is formed. Xcᵀyc = Xᵀyc because yc sums to zero.
        var normal: Matrix
        let rhs: [Double]
        let smallOffsets = moments.isFinite
            && (0..<p).allSatisfy { squares[$0] > 0 && means[$0] * means[$0] * Double(n) <= squares[$0] }
        if moments.isFinite && (!fitsIntercept || smallOffsets) {
            normal = moments.gram
            if fitsIntercept {
                for j in 0..<p { for i in 0..<p { normal[i, j] -= Double(n) * means[i] * means[j] } }
            }
            rhs = moments.crossProducts
        } else {
            var centred = features
            centred.withUnsafeMutableBufferPointer { x, ld in
                for j in 0..<p {
                    var ss = 0.0
                    for i in 0..<n {
                        x[i + j * ld] -= means[j]
                        ss += x[i + j * ld] * x[i + j * ld]
                    }
                    squares[j] = ss
                }
            }
            normal = centred.gram()
            rhs = try centred.multiplied(by: y, transposingSelf: .transposed)
        }
        for j in 0..<p { normal[j, j] += alpha }
        let scales = squares.map { ($0 / Double(n)).squareRoot() }
        let coefficients: [Double]
        do {
            coefficients = try CholeskyFactorization(normal).solve(rhs)
        } catch LinearAlgebraError.notPositiveDefinite(let order) {
            throw MLFactorError(.singularSystem, column: order - 1,
                                detail: "the normal equations are singular at this feature (constant or collinear with earlier features); use a penalty alpha > 0")
        }
        var intercept = 0.0
        if fitsIntercept {
            intercept = targetMean
            for j in 0..<p { intercept -= means[j] * coefficients[j] }
        }
        return RidgeModel(intercept: intercept, coefficients: coefficients, featureScales: scales)
    }
}
