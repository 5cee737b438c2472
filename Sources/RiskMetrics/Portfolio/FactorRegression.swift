public import LinearAlgebra

/// An ordinary least-squares regression of a return series on factor return series, with an
/// intercept: `r_t = a + Σ_k β_k f_tk + ε_t`.
///
/// Solved by QR (`dgels`, `Matrix.leastSquares(_:)`);
/// `R² = 1 - Σε² / Σ(r - r̄)²`, adjusted `R² = 1 - (1 - R²)(T - 1)/(T - K - 1)`. Matches
/// `numpy.linalg.lstsq` on `[1, F]` and statsmodels `OLS(r, add_constant(F))`.
///
/// ```swift
/// let fit = try FactorRegression(returns: portfolio, factors: factorReturns, names: ["MKT", "SMB", "HML"])
/// fit.betas, fit.rSquared
/// ```
public struct FactorRegression: Sendable, Hashable {
    /// The factor names.
    public let names: [String]
    /// The intercept `a`, per period.
    public let intercept: Double
    /// The factor loadings `β_k`.
    public let betas: [Double]
    /// The coefficient of determination.
    public let rSquared: Double
    /// `R²` adjusted for the number of factors.
    public let adjustedRSquared: Double
    /// The residual standard deviation `sqrt(Σε² / (T - K - 1))`.
    public let residualVolatility: Double

    /// Fits the regression.
    ///
    /// - Parameters:
    ///   - returns: `T` returns of the portfolio or asset.
    ///   - factors: `T × K` factor returns, rows aligned with `returns`.
    ///   - names: One name per factor; default `"factor1"`, …
    /// - Throws: ``RiskMetricsError``: `.lengthMismatch` when rows disagree,
    ///   `.tooFewObservations` unless `T > K + 1`, `.nonFinite` naming the row, `.invalidValue`
    ///   when the returns are constant (`R²` undefined), `.singular` when the factors are collinear.
    /// - Complexity: O(T·K²).
    public init(returns: [Double], factors: Matrix, names: [String]? = nil) throws {
        let t = returns.count, k = factors.columns
        guard factors.rows == t else {
            throw RiskMetricsError(.lengthMismatch, detail: "\(t) returns but \(factors.rows) rows of factor returns")
        }
        let labels = names ?? (0..<k).map { "factor\($0 + 1)" }
        guard labels.count == k else { throw RiskMetricsError(.lengthMismatch, detail: "\(labels.count) names for \(k) factors") }
        guard t > k + 1 else {
            throw RiskMetricsError(.tooFewObservations, detail: "regression on \(k) factors needs more than \(k + 1) observations, got \(t)")
        }
        if let i = returns.firstIndex(where: { !$0.isFinite }) {
            throw RiskMetricsError(.nonFinite, index: i, detail: "return \(i) is \(returns[i])")
        }
        if let cell = factors.firstNonFiniteElement {
            throw RiskMetricsError(.nonFinite, index: cell.row, detail: "factor '\(labels[cell.column])' return at row \(cell.row) is \(factors[cell.row, cell.column])")
        }
        var design = Matrix(rows: t, columns: k + 1, repeating: 1)
        for j in 0..<k { for i in 0..<t { design[i, j + 1] = factors[i, j] } }
        try Self.checkRank(design)
        let coefficients: [Double]
        do {
            coefficients = try design.leastSquares(returns)
        } catch LinearAlgebraError.singular {
            throw RiskMetricsError(.singular, detail: "the factor returns are collinear (with each other or the intercept)")
        }
        let fitted = try design.multiplied(by: coefficients)
        var mean = 0.0
        for r in returns { mean += r }
        mean /= Double(t)
        var ssr = 0.0, sst = 0.0
        for i in 0..<t {
            let e = returns[i] - fitted[i], d = returns[i] - mean
            ssr += e * e
            sst += d * d
        }
        guard sst > 0 else { throw RiskMetricsError(.invalidValue, detail: "the returns are constant; R² is undefined") }
        self.names = labels
        intercept = coefficients[0]
        betas = Array(coefficients[1...])
        rSquared = 1 - ssr / sst
        adjustedRSquared = 1 - (1 - rSquared) * Double(t - 1) / Double(t - k - 1)
        residualVolatility = (ssr / Double(t - k - 1)).squareRoot()
    }

    /// Rejects a numerically rank-deficient design: the Gram matrix of the unit-norm columns
    /// has an eigenvalue ratio below 1e-13 (the design's condition number above ~3e6).
    private static func checkRank(_ design: Matrix) throws {
        var scaled = design
        for j in 0..<design.columns {
            var norm = 0.0
            for i in 0..<design.rows { norm += design[i, j] * design[i, j] }
            norm = norm.squareRoot()
            guard norm > 0 else {
                throw RiskMetricsError(.singular, index: j, detail: j == 0 ? "empty design" : "factor \(j) is identically zero")
            }
            for i in 0..<design.rows { scaled[i, j] = design[i, j] / norm }
        }
        let eigen = try SymmetricEigendecomposition(scaled.gram())
        guard let lo = eigen.values.first, let hi = eigen.values.last, lo > 1e-13 * hi else {
            throw RiskMetricsError(.singular, detail: "the factor returns are collinear (with each other or the intercept)")
        }
    }
}
