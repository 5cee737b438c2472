public import LinearAlgebra
public import QuantCore

/// A portfolio's weighted exposure to factor scores of its holdings: `e_k = Σ_i w_i z_ik`.
///
/// For z-scored factors (value, momentum, quality, size…) the exposure reads in standard
/// deviations of the cross-section: a value exposure of 0.4 means the portfolio tilts 0.4σ
/// toward cheap stocks. Computed as one `dgemv`, `e = Zᵀw`.
///
/// ```swift
/// // 3 holdings × 2 factors (value, momentum)
/// let scores = try Matrix(rowMajor: [[1.2, -0.3], [0.1, 0.8], [-0.5, 0.4]])
/// let exposure = try FactorExposure(weights: [0.5, 0.3, 0.2], scores: scores, factors: ["value", "momentum"])
/// exposure.exposures   // [0.53, 0.17]
/// ```
public struct FactorExposure: Sendable, Hashable {
    /// The factor names, one per column of the scores.
    public let factors: [String]
    /// `e_k = Σ_i w_i z_ik`, one per factor.
    public let exposures: [Double]

    /// Computes the exposures.
    ///
    /// - Parameters:
    ///   - weights: One weight per holding.
    ///   - scores: `holdings × factors` scores (rows follow `weights`).
    ///   - factors: One name per column; default `"factor1"`, `"factor2"`, …
    ///   - assets: Optional holding labels used in errors.
    /// - Throws: ``RiskMetricsError`` `.lengthMismatch` when shapes disagree, `.nonFinite`
    ///   naming the holding with a NaN or infinite weight or score; `.lengthMismatch` when
    ///   `assets` is given with a different count than `weights`.
    /// - Complexity: O(N·K).
    public init(weights: [Double], scores: Matrix, factors: [String]? = nil, assets: [Symbol]? = nil) throws {
        guard scores.rows == weights.count else {
            throw RiskMetricsError(.lengthMismatch, detail: "\(weights.count) weights but \(scores.rows) rows of factor scores")
        }
        if let assets, assets.count != weights.count {
            throw RiskMetricsError(.lengthMismatch, detail: "\(assets.count) asset labels for \(weights.count) weights")
        }
        let names = factors ?? (0..<scores.columns).map { "factor\($0 + 1)" }
        guard names.count == scores.columns else {
            throw RiskMetricsError(.lengthMismatch, detail: "\(names.count) factor names for \(scores.columns) score columns")
        }
        if let k = weights.firstIndex(where: { !$0.isFinite }) {
            throw RiskMetricsError(.nonFinite, asset: assets?[k], index: k, detail: "weight is \(weights[k])")
        }
        if let cell = scores.firstNonFiniteElement {
            throw RiskMetricsError(.nonFinite, asset: assets?[cell.row], index: cell.row,
                                   detail: "score for factor '\(names[cell.column])' is \(scores[cell.row, cell.column])")
        }
        self.factors = names
        exposures = weights.isEmpty ? [Double](repeating: 0, count: scores.columns) : try scores.multiplied(by: weights, transposingSelf: .transposed)
    }
}
