public import LinearAlgebra
public import QuantCore

/// A correlation matrix with the volatilities that turn it back into a covariance.
///
/// `C = D^-1/2 Σ D^-1/2` and `Σ = D^1/2 C D^1/2`, with `D = diag(Σ)`; the conversion is the
/// one of `statsmodels.stats.moment_helpers.cov2corr` / `corr2cov` and skfolio's
/// `cov_to_corr` / `corr_to_cov` (the diagonal of `C` is set to exactly 1).
///
/// ```swift
/// let correlation = try CorrelationMatrix(covariance: estimate.matrix, assets: estimate.assets)
/// let back = correlation.covariance()          // equals estimate.matrix
/// let stressed = correlation.covariance(volatilities: correlation.volatilities.map { $0 * 1.5 })
/// ```
public struct CorrelationMatrix: Sendable, Hashable {
    /// The assets, in matrix order.
    public var assets: [Symbol]
    /// The correlation matrix (unit diagonal).
    public var matrix: Matrix
    /// The standard deviations `sqrt(Σ_ii)` taken from the covariance.
    public var volatilities: [Double]

    /// Converts a covariance matrix to correlations.
    ///
    /// - Throws: ``CovarianceError`` `.labelMismatch` when the shapes disagree with `assets`,
    ///   `.nonFinite` naming an asset whose variance is not positive and finite.
    /// - Complexity: O(N²).
    public init(covariance: Matrix, assets: [Symbol]) throws {
        let p = assets.count
        guard covariance.rows == p, covariance.columns == p else {
            throw CovarianceError(.labelMismatch, detail: "a \(covariance.shape) covariance for \(p) assets")
        }
        var sd = covariance.diagonalElements
        for k in 0..<p {
            guard sd[k] > 0, sd[k].isFinite else {
                throw CovarianceError(.nonFinite, asset: assets[k], detail: "variance \(sd[k]) is not positive and finite")
            }
            sd[k] = sd[k].squareRoot()
        }
        self.assets = assets
        self.volatilities = sd
        self.matrix = Self.correlation(fromCovariance: covariance, volatilities: sd)
    }

    /// Wraps a correlation matrix and volatilities.
    ///
    /// - Throws: ``CovarianceError`` `.labelMismatch` when the sizes disagree.
    public init(correlation: Matrix, volatilities: [Double], assets: [Symbol]) throws {
        guard correlation.rows == assets.count, correlation.columns == assets.count, volatilities.count == assets.count else {
            throw CovarianceError(.labelMismatch, detail: "a \(correlation.shape) correlation with \(volatilities.count) volatilities for \(assets.count) assets")
        }
        self.assets = assets
        self.matrix = correlation
        self.volatilities = volatilities
    }

    /// The covariance `diag(σ)·C·diag(σ)` with the stored volatilities, or with `volatilities` when given.
    ///
    /// - Precondition: `volatilities`, when given, has one entry per asset.
    public func covariance(volatilities other: [Double]? = nil) -> Matrix {
        let sd = other ?? volatilities
        precondition(sd.count == assets.count, "one volatility per asset")
        return Self.covariance(fromCorrelation: matrix, volatilities: sd)
    }

    /// `Σ_ij / (σ_i σ_j)` with the diagonal set to 1.
    ///
    /// - Complexity: O(N²).
    public static func correlation(fromCovariance covariance: Matrix, volatilities sd: [Double]) -> Matrix {
        let p = sd.count
        precondition(covariance.rows == p && covariance.columns == p, "one volatility per row")
        var out = covariance
        out.withUnsafeMutableBufferPointer { a, _ in
            for j in 0..<p {
                for i in 0..<p { a[i + j * p] = a[i + j * p] / (sd[i] * sd[j]) }
                a[j + j * p] = 1
            }
        }
        return out
    }

    /// `C_ij · σ_i σ_j`.
    ///
    /// - Complexity: O(N²).
    public static func covariance(fromCorrelation correlation: Matrix, volatilities sd: [Double]) -> Matrix {
        let p = sd.count
        precondition(correlation.rows == p && correlation.columns == p, "one volatility per row")
        var out = correlation
        out.withUnsafeMutableBufferPointer { a, _ in
            for j in 0..<p {
                for i in 0..<p { a[i + j * p] *= sd[i] * sd[j] }
            }
        }
        return out
    }
}
