public import LinearAlgebra

/// A learning algorithm with its settings: fits a ``RegressionModel`` to rows of features.
///
/// A regressor is an immutable, `Sendable` value of hyper-parameters (a penalty, a depth, a
/// seed); fitting returns a separate model value. Validation and walk-forward code is generic
/// over this protocol, so every model plugs into the same honest time-series machinery.
///
/// ```swift
/// let model = try RidgeRegression(alpha: 1).fit(features: x, target: y)
/// let predictions = try model.predict(xTest)
/// ```
public protocol Regressor: Sendable {
    /// The fitted model type.
    associatedtype Model: RegressionModel

    /// Fits a model to `features` (one row per observation, one column per feature) and `target`.
    ///
    /// - Throws: ``MLFactorError`` naming the row and column of a bad value or the reason the
    ///   fit is impossible.
    func fit(features: Matrix, target: [Double]) throws -> Model
}

/// A fitted model: predicts a target from feature rows, saves and loads as `Codable` (with a
/// format version), and reports how much each feature matters.
public protocol RegressionModel: Sendable, Codable {
    /// The number of feature columns the model was fitted on.
    var featureCount: Int { get }

    /// One prediction per row of `features`.
    ///
    /// - Throws: ``MLFactorError`` `.shapeMismatch` when the column count differs from
    ///   ``featureCount``, `.nonFinite` naming the row and column of a NaN or infinity.
    func predict(_ features: Matrix) throws -> [Double]

    /// One non-negative importance per feature, summing to 1 (all zeros when no feature is used).
    var featureImportances: [Double] { get }
}

extension Matrix {
    /// Throws ``MLFactorError`` `.nonFinite` naming the row and column of the first non-finite
    /// element (in column-major order).
    func requireFinite(_ what: String) throws {
        if let bad = firstNonFiniteElement {
            throw MLFactorError(.nonFinite, row: bad.row, column: bad.column, detail: "\(what) value \(self[bad.row, bad.column]) is not finite")
        }
    }
}
