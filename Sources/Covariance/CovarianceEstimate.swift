public import LinearAlgebra
public import QuantCore

/// A covariance matrix with its asset labels and the diagnostics of the estimator that made it.
///
/// The matrix is symmetric, in the units of the input returns (per period) unless
/// ``annualized(periodsPerYear:)`` was applied, with rows and columns in ``assets`` order.
///
/// ```swift
/// let estimate = try LedoitWolf().estimate(from: returns)
/// estimate.shrinkage                          // the intensity delta in [0, 1]
/// let yearly = estimate.annualized(periodsPerYear: 252)
/// let correlation = try estimate.correlation()
/// ```
public struct CovarianceEstimate: Sendable, Hashable {
    /// The assets, in the order of the matrix's rows and columns.
    public var assets: [Symbol]
    /// The `N × N` symmetric covariance matrix.
    public var matrix: Matrix
    /// The shrinkage intensity toward the estimator's target, for shrinkage estimators; `nil` otherwise.
    public var shrinkage: Double?
    /// The estimator's name as the `quant` command prints it (`"sample"`, `"ledoit-wolf"`, ...).
    public var method: String
    /// The number of dates used (after dropping incomplete rows; for pairwise estimates, the
    /// number of dates on which at least one asset was observed).
    public var observations: Int
    /// Kish's effective sample size `(Σw)² / Σw²` of the observation weights: `observations`
    /// for equally weighted estimators, less for exponentially weighted ones.
    public var effectiveSampleSize: Double
    /// Estimator-specific numbers, e.g. `"mu"` (the identity target's scale), `"factors"` (the
    /// eigenvalues kept by denoising) or `"repaired"` (1 when a nearest-PSD repair was applied).
    public var diagnostics: [String: Double]

    /// Creates an estimate.
    ///
    /// - Precondition: `matrix` is square with one row per asset (a programming error otherwise).
    public init(
        assets: [Symbol], matrix: Matrix, shrinkage: Double? = nil, method: String,
        observations: Int, effectiveSampleSize: Double? = nil, diagnostics: [String: Double] = [:]
    ) {
        precondition(matrix.rows == assets.count && matrix.columns == assets.count,
                     "a covariance estimate needs an \(assets.count)x\(assets.count) matrix, got \(matrix.shape)")
        self.assets = assets
        self.matrix = matrix
        self.shrinkage = shrinkage
        self.method = method
        self.observations = observations
        self.effectiveSampleSize = effectiveSampleSize ?? Double(observations)
        self.diagnostics = diagnostics
    }

    /// The variances (the diagonal), in asset order.
    public var variances: [Double] { matrix.diagonalElements }

    /// The standard deviations `sqrt(Σ_ii)`, in asset order.
    public var volatilities: [Double] {
        var out = matrix.diagonalElements
        for k in out.indices { out[k] = out[k].squareRoot() }
        return out
    }

    /// The estimate scaled to yearly units: the matrix multiplied by `periodsPerYear`.
    ///
    /// Daily returns use 252 (KRX and most equity markets), weekly 52, monthly 12. The square
    /// root of time rule for volatilities follows from scaling variances linearly.
    ///
    /// - Precondition: `periodsPerYear > 0` (a programming error otherwise).
    public func annualized(periodsPerYear: Double = 252) -> CovarianceEstimate {
        precondition(periodsPerYear > 0 && periodsPerYear.isFinite, "periodsPerYear must be positive")
        var copy = self
        copy.matrix.withUnsafeMutableBufferPointer { a, _ in
            for k in 0..<a.count { a[k] *= periodsPerYear }
        }
        copy.diagnostics["periodsPerYear"] = periodsPerYear
        return copy
    }

    /// The sub-matrix for `subset`, in that order (for a strategy's universe on one date).
    ///
    /// - Throws: ``CovarianceError`` `.labelMismatch` naming the first asset that is not in the
    ///   estimate, or one that appears twice in `subset`.
    /// - Complexity: O(K²) for K selected assets.
    public func restricted(to subset: [Symbol]) throws -> CovarianceEstimate {
        var index = [Symbol: Int](minimumCapacity: assets.count)
        for (k, asset) in assets.enumerated() { index[asset] = k }
        var positions = [Int]()
        positions.reserveCapacity(subset.count)
        var seen = Set<Symbol>()
        for asset in subset {
            guard let k = index[asset] else {
                throw CovarianceError(.labelMismatch, asset: asset, detail: "asset is not in the covariance estimate")
            }
            guard seen.insert(asset).inserted else {
                throw CovarianceError(.labelMismatch, asset: asset, detail: "asset is requested twice")
            }
            positions.append(k)
        }
        let m = positions.count
        var values = [Double](repeating: 0, count: m * m)
        for (b, j) in positions.enumerated() {
            for (a, i) in positions.enumerated() { values[a + b * m] = matrix[i, j] }
        }
        var copy = self
        copy.assets = subset
        copy.matrix = Matrix(rows: m, columns: m, columnMajor: values)
        return copy
    }

    /// The correlation matrix `D^-1/2 Σ D^-1/2` of this estimate.
    ///
    /// - Throws: ``CovarianceError`` `.nonFinite` naming an asset whose variance is not positive.
    public func correlation() throws -> CorrelationMatrix {
        try CorrelationMatrix(covariance: matrix, assets: assets)
    }
}
