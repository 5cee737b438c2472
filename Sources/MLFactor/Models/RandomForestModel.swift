public import LinearAlgebra

/// A fitted random forest: the mean of its trees' predictions.
public struct RandomForestModel: RegressionModel, Hashable {
    /// The saved-format version this build writes and reads.
    public static let formatVersion = 1

    /// The number of feature columns.
    public let featureCount: Int
    let trees: [RegressionTree]
    let gains: [Double]

    init(featureCount: Int, trees: [RegressionTree], gains: [Double]) {
        self.featureCount = featureCount
        self.trees = trees
        self.gains = gains
    }

    /// The number of trees.
    public var treeCount: Int { trees.count }

    /// The mean of the trees' predictions for each row.
    ///
    /// - Throws: ``MLFactorError`` `.shapeMismatch` or `.nonFinite` (row and column named).
    public func predict(_ features: Matrix) throws -> [Double] {
        guard features.columns == featureCount else {
            throw MLFactorError(.shapeMismatch, detail: "the model has \(featureCount) features, the input has \(features.columns) columns")
        }
        try features.requireFinite("feature")
        var out = [Double](repeating: 0, count: features.rows)
        features.withUnsafeBufferPointer { x, ld in
            for tree in trees {
                for i in 0..<features.rows { out[i] += tree.predict(x, row: i, leadingDimension: ld) }
            }
        }
        let scale = 1 / Double(Swift.max(trees.count, 1))
        return out.map { $0 * scale }
    }

    /// Each feature's share of the total weighted squared-error reduction of all splits
    /// (mean decrease in impurity).
    public var featureImportances: [Double] { normalisedImportances(gains) }

    private enum CodingKeys: String, CodingKey { case formatVersion, featureCount, trees, gains }

    /// Decodes a saved model.
    ///
    /// - Throws: ``MLFactorError`` `.unsupportedVersion` for another format version, `.shapeMismatch`
    ///   for inconsistent trees, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw MLFactorError(.unsupportedVersion, detail: "random-forest model format version \(version); this build reads version \(Self.formatVersion)")
        }
        featureCount = try c.decode(Int.self, forKey: .featureCount)
        trees = try c.decode([RegressionTree].self, forKey: .trees)
        gains = try c.decode([Double].self, forKey: .gains)
        try validateTrees(trees, featureCount: featureCount, gains: gains)
    }

    /// Encodes the model with its format version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatVersion, forKey: .formatVersion)
        try c.encode(featureCount, forKey: .featureCount)
        try c.encode(trees, forKey: .trees)
        try c.encode(gains, forKey: .gains)
    }
}
