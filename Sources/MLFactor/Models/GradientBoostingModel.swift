public import LinearAlgebra

/// A fitted gradient-boosting model: `prediction = baseline + Σ tree(x)`.
public struct GradientBoostingModel: RegressionModel, Hashable {
    /// The saved-format version this build writes and reads.
    public static let formatVersion = 1

    /// The number of feature columns.
    public let featureCount: Int
    /// The starting prediction (the training target mean).
    public let baseline: Double
    /// The boosted trees.
    let trees: [RegressionTree]
    /// Total split gain per feature.
    let gains: [Double]

    init(featureCount: Int, baseline: Double, trees: [RegressionTree], gains: [Double]) {
        self.featureCount = featureCount
        self.baseline = baseline
        self.trees = trees
        self.gains = gains
    }

    /// The number of trees kept (after early stopping, the best iteration).
    public var treeCount: Int { trees.count }

    /// The number of leaves of each tree.
    public var leafCounts: [Int] { trees.map(\.leafCount) }

    /// The depth of each tree (0 for a single leaf).
    public var depths: [Int] { trees.map(\.depth) }

    /// `baseline + Σ tree(x)` for each row.
    ///
    /// - Throws: ``MLFactorError`` `.shapeMismatch` or `.nonFinite` (row and column named).
    public func predict(_ features: Matrix) throws -> [Double] {
        guard features.columns == featureCount else {
            throw MLFactorError(.shapeMismatch, detail: "the model has \(featureCount) features, the input has \(features.columns) columns")
        }
        try features.requireFinite("feature")
        var out = [Double](repeating: baseline, count: features.rows)
        features.withUnsafeBufferPointer { x, ld in
            for tree in trees {
                for i in 0..<features.rows { out[i] += tree.predict(x, row: i, leadingDimension: ld) }
            }
        }
        return out
    }

    /// Each feature's share of the total split gain (the "gain" importance of LightGBM).
    public var featureImportances: [Double] { normalisedImportances(gains) }

    private enum CodingKeys: String, CodingKey { case formatVersion, featureCount, baseline, trees, gains }

    /// Decodes a saved model.
    ///
    /// - Throws: ``MLFactorError`` `.unsupportedVersion` for another format version, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw MLFactorError(.unsupportedVersion, detail: "gradient-boosting model format version \(version); this build reads version \(Self.formatVersion)")
        }
        featureCount = try c.decode(Int.self, forKey: .featureCount)
        baseline = try c.decode(Double.self, forKey: .baseline)
        trees = try c.decode([RegressionTree].self, forKey: .trees)
        gains = try c.decode([Double].self, forKey: .gains)
        try validateTrees(trees, featureCount: featureCount, gains: gains)
    }

    /// Encodes the model with its format version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .formatVersion)
        try c.encode(featureCount, forKey: .featureCount)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(trees, forKey: .trees)
        try c.encode(gains, forKey: .gains)
    }
}
