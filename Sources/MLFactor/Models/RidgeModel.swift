public import LinearAlgebra

/// A fitted ridge (linear) model: `prediction = intercept + Σ coefficients[j] · x[j]`.
public struct RidgeModel: RegressionModel, Hashable {
    /// The saved-format version this build writes and reads.
    public static let formatVersion = 1

    /// The intercept `b`.
    public var intercept: Double
    /// One coefficient per feature column.
    public var coefficients: [Double]
    /// The population standard deviation of each feature in the training data (for importances).
    public var featureScales: [Double]

    /// Creates a model from its parameters.
    ///
    /// - Precondition: `featureScales.count == coefficients.count`.
    public init(intercept: Double, coefficients: [Double], featureScales: [Double]) {
        precondition(featureScales.count == coefficients.count, "one feature scale per coefficient")
        self.intercept = intercept
        self.coefficients = coefficients
        self.featureScales = featureScales
    }

    /// The number of coefficients.
    public var featureCount: Int { coefficients.count }

    /// `intercept + features · coefficients` (one `dgemv`).
    ///
    /// - Throws: ``MLFactorError`` `.shapeMismatch` or `.nonFinite` (row and column named).
    public func predict(_ features: Matrix) throws -> [Double] {
        guard features.columns == featureCount else {
            throw MLFactorError(.shapeMismatch, detail: "the model has \(featureCount) features, the input has \(features.columns) columns")
        }
        try features.requireFinite("feature")
        guard featureCount > 0 else { return [Double](repeating: intercept, count: features.rows) }
        var out = try features.multiplied(by: coefficients)
        for i in out.indices { out[i] += intercept }
        return out
    }

    /// `|coefficient · scale|` normalised to sum to 1: the effect of a one-standard-deviation move
    /// of each feature.
    public var featureImportances: [Double] {
        let raw = zip(coefficients, featureScales).map { abs($0 * $1) }
        let total = raw.reduce(0, +)
        return total > 0 ? raw.map { $0 / total } : raw.map { _ in 0 }
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, intercept, coefficients, featureScales
    }

    /// Decodes a saved model.
    ///
    /// - Throws: ``MLFactorError`` `.unsupportedVersion` for another format version, `.shapeMismatch`
    ///   when the arrays disagree, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw MLFactorError(.unsupportedVersion, detail: "ridge model format version \(version); this build reads version \(Self.formatVersion)")
        }
        intercept = try c.decode(Double.self, forKey: .intercept)
        coefficients = try c.decode([Double].self, forKey: .coefficients)
        featureScales = try c.decode([Double].self, forKey: .featureScales)
        guard featureScales.count == coefficients.count else {
            throw MLFactorError(.shapeMismatch, detail: "saved ridge model has \(coefficients.count) coefficients and \(featureScales.count) feature scales")
        }
    }

    /// Encodes the model with its format version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .formatVersion)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(coefficients, forKey: .coefficients)
        try c.encode(featureScales, forKey: .featureScales)
    }
}
