public import LinearAlgebra

/// Histogram-based gradient boosting of regression trees with squared loss, as LightGBM and
/// scikit-learn's `HistGradientBoostingRegressor`.
///
/// Features are discretised once into at most ``maximumBins`` bins per feature
/// (one byte per cell). Starting from the target mean, each iteration fits a tree to the
/// gradients `prediction - y` (unit hessians), grown leaf-wise up to ``maximumLeaves`` leaves
/// and ``maximumDepth``, with at least ``minimumSamplesPerLeaf`` rows and ``minimumHessianPerLeaf``
/// hessian per leaf, leaf values `-G / (H + l2)` shrunk by ``learningRate``. With
/// ``subsample`` below 1 each tree sees a fresh random fraction of the rows (without
/// replacement). With ``earlyStopping`` the last rows are held out (the latest dates of a
/// ``FactorDataset``, so validation stays in the future of training) and boosting stops when
/// their mean squared error has not improved for `patience` iterations; the model keeps the
/// best iteration.
///
/// Deterministic: the same data, settings and ``seed`` give the same model on any machine.
///
/// ```swift
/// let gbm = GradientBoostingRegressor(iterations: 200, learningRate: 0.05, maximumLeaves: 31)
/// let model = try gbm.fit(features: x, target: y)
/// model.featureImportances
/// ```
public struct GradientBoostingRegressor: Regressor, Hashable, Codable {
    /// Early stopping on a held-out validation block.
    public struct EarlyStopping: Sendable, Hashable, Codable {
        /// The fraction of rows, taken from the end, held out for validation (in `0 < f < 1`).
        public var validationFraction: Double
        /// Iterations without an improvement before stopping.
        public var patience: Int
        /// The smallest decrease of the validation error that counts as an improvement.
        public var tolerance: Double

        /// Creates the rule (scikit-learn's defaults: 10 % held out, patience 10, tolerance 1e-7).
        public init(validationFraction: Double = 0.1, patience: Int = 10, tolerance: Double = 1e-7) {
            self.validationFraction = validationFraction
            self.patience = patience
            self.tolerance = tolerance
        }
    }

    /// The number of boosting iterations (trees), at most.
    public var iterations: Int
    /// The shrinkage of each tree's values.
    public var learningRate: Double
    /// Leaves per tree, at most (at least 2).
    public var maximumLeaves: Int
    /// Depth per tree, at most (`nil` for no limit besides the leaves).
    public var maximumDepth: Int?
    /// Rows per leaf, at least.
    public var minimumSamplesPerLeaf: Int
    /// Hessian per leaf, at least (equal to the row count for squared loss).
    public var minimumHessianPerLeaf: Double
    /// The L2 penalty `λ` on leaf values.
    public var l2Regularization: Double
    /// Bins per feature, at most (2 … 256).
    public var maximumBins: Int
    /// The fraction of rows each tree sees (1 for all).
    public var subsample: Double
    /// Early stopping, or `nil` to run every iteration.
    public var earlyStopping: EarlyStopping?
    /// The seed of the row subsampling.
    public var seed: UInt64

    /// Creates the regressor; the defaults follow scikit-learn's `HistGradientBoostingRegressor`
    /// (0.1, 31 leaves, 20 rows per leaf, 255 bins) with 100 iterations.
    public init(iterations: Int = 100, learningRate: Double = 0.1, maximumLeaves: Int = 31, maximumDepth: Int? = nil,
                minimumSamplesPerLeaf: Int = 20, minimumHessianPerLeaf: Double = 1e-3, l2Regularization: Double = 0,
                maximumBins: Int = 255, subsample: Double = 1, earlyStopping: EarlyStopping? = nil, seed: UInt64 = 0) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.maximumLeaves = maximumLeaves
        self.maximumDepth = maximumDepth
        self.minimumSamplesPerLeaf = minimumSamplesPerLeaf
        self.minimumHessianPerLeaf = minimumHessianPerLeaf
        self.l2Regularization = l2Regularization
        self.maximumBins = maximumBins
        self.subsample = subsample
        self.earlyStopping = earlyStopping
        self.seed = seed
    }

    /// Fits the model.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` naming a setting out of range,
    ///   `.shapeMismatch`, `.tooFewRows` (fewer than two rows, or an empty validation or training
    ///   block), `.nonFinite` naming the row and column of a bad value.
    /// - Complexity: O(rows · features) per iteration for the histograms, plus the binning sort.
    public func fit(features: Matrix, target: [Double]) throws -> GradientBoostingModel {
        try validate()
        let n = features.rows, p = features.columns
        guard target.count == n else { throw MLFactorError(.shapeMismatch, detail: "the target has \(target.count) values for \(n) feature rows") }
        guard n >= 2 else { throw MLFactorError(.tooFewRows, detail: "gradient boosting needs at least two rows, got \(n)") }
        try features.requireFinite("feature")
        for (i, v) in target.enumerated() where !v.isFinite { throw MLFactorError(.nonFinite, row: i, detail: "target value \(v) is not finite") }

        let trainCount = earlyStopping.map { n - Int((Double(n) * $0.validationFraction).rounded(.up)) } ?? n
        guard trainCount >= 1, trainCount < n || earlyStopping == nil else {
            throw MLFactorError(.tooFewRows, detail: "\(n) rows leave an empty training or validation block for early stopping")
        }
        let binning = FeatureBinning(fitting: features, rows: trainCount, maxBins: maximumBins)
        let allBins = binning.bins(of: features)   // validation rows binned with the training edges
        let binCounts = binning.binCounts

        let baseline = target[0..<trainCount].reduce(0, +) / Double(trainCount)
        var prediction = [Double](repeating: baseline, count: n)
        var gradients = [Double](repeating: 0, count: trainCount)
        let hessians = [Double](repeating: 1, count: trainCount)
        var importance = [Double](repeating: 0, count: p)
        var trees = [RegressionTree]()
        var rng = SplitMix64(seed: seed)
        let grower = TreeGrower(maximumLeaves: maximumLeaves, maximumDepth: maximumDepth,
                                minimumWeight: Swift.max(Double(minimumSamplesPerLeaf), minimumHessianPerLeaf),
                                l2: l2Regularization, scale: learningRate, featuresPerSplit: nil, parallelHistograms: true)
        let sampleSize = Swift.max(1, Int((Double(trainCount) * subsample).rounded()))
        var bestLoss = Double.infinity, bestCount = 0, sinceBest = 0
        var importanceAtBest = importance
        var allRows = (0..<Int32(trainCount)).map { $0 }

        for _ in 0..<iterations {
            for i in 0..<trainCount { gradients[i] = prediction[i] - target[i] }
            var rows: [Int32]
            if sampleSize < trainCount {
                // Partial Fisher–Yates over a persistent permutation, then sorted for locality.
                for a in 0..<sampleSize { allRows.swapAt(a, a + rng.below(trainCount - a)) }
                rows = Array(allRows[0..<sampleSize]).sorted()
            } else {
                rows = allRows.sorted()
            }
            let tree = allBins.withUnsafeBufferPointer { b in
                gradients.withUnsafeBufferPointer { g in
                    hessians.withUnsafeBufferPointer { h in
                        grower.grow(bins: b, n: n, binCounts: binCounts, edges: binning.edges, gradients: g, hessians: h,
                                    rows: &rows, rng: &rng, importance: &importance)
                    }
                }
            }
            allBins.withUnsafeBufferPointer { b in
                for i in 0..<n { prediction[i] += tree.predict(bins: b, row: i, rows: n) }
            }
            trees.append(tree)
            if let rule = earlyStopping {
                var loss = 0.0
                for i in trainCount..<n { loss += (prediction[i] - target[i]) * (prediction[i] - target[i]) }
                loss /= Double(n - trainCount)
                if loss < bestLoss - rule.tolerance {
                    bestLoss = loss
                    bestCount = trees.count
                    importanceAtBest = importance
                    sinceBest = 0
                } else {
                    sinceBest += 1
                    if sinceBest >= rule.patience { break }
                }
            }
        }
        if earlyStopping != nil {
            trees.removeLast(trees.count - bestCount)
            importance = importanceAtBest
        }
        return GradientBoostingModel(featureCount: p, baseline: baseline, trees: trees, gains: importance)
    }

    private func validate() throws {
        func bad(_ what: String) -> MLFactorError { MLFactorError(.invalidConfiguration, detail: what) }
        guard iterations >= 1 else { throw bad("iterations must be >= 1, got \(iterations)") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("the learning rate must be > 0, got \(learningRate)") }
        guard maximumLeaves >= 2 else { throw bad("maximum leaves must be >= 2, got \(maximumLeaves)") }
        if let maximumDepth, maximumDepth < 1 { throw bad("maximum depth must be >= 1, got \(maximumDepth)") }
        guard minimumSamplesPerLeaf >= 1 else { throw bad("minimum samples per leaf must be >= 1, got \(minimumSamplesPerLeaf)") }
        guard minimumHessianPerLeaf >= 0, minimumHessianPerLeaf.isFinite else { throw bad("minimum hessian per leaf must be >= 0") }
        guard l2Regularization >= 0, l2Regularization.isFinite else { throw bad("L2 regularisation must be >= 0, got \(l2Regularization)") }
        guard (2...256).contains(maximumBins) else { throw bad("maximum bins must be in 2...256, got \(maximumBins)") }
        guard subsample > 0, subsample <= 1 else { throw bad("subsample must be in (0, 1], got \(subsample)") }
        if let rule = earlyStopping {
            guard rule.validationFraction > 0, rule.validationFraction < 1 else { throw bad("the validation fraction must be in (0, 1), got \(rule.validationFraction)") }
            guard rule.patience >= 1 else { throw bad("early-stopping patience must be >= 1, got \(rule.patience)") }
        }
    }
}

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

/// Importances normalised to sum to 1 (all zeros when nothing was split).
func normalisedImportances(_ gains: [Double]) -> [Double] {
    let total = gains.reduce(0, +)
    return total > 0 ? gains.map { $0 / total } : gains.map { _ in 0 }
}

/// Checks a decoded forest: consistent arrays, children in range and after their parent (so
/// prediction terminates), features in range.
func validateTrees(_ trees: [RegressionTree], featureCount: Int, gains: [Double]) throws {
    guard gains.count == featureCount else {
        throw MLFactorError(.shapeMismatch, detail: "saved model has \(gains.count) importances for \(featureCount) features")
    }
    for (k, t) in trees.enumerated() {
        let m = t.values.count
        guard m > 0, t.features.count == m, t.thresholds.count == m, t.binThresholds.count == m, t.left.count == m, t.right.count == m else {
            throw MLFactorError(.shapeMismatch, detail: "saved tree \(k) has inconsistent node arrays")
        }
        for node in 0..<m where t.features[node] >= 0 {
            guard Int(t.features[node]) < featureCount, Int(t.left[node]) > node, Int(t.left[node]) < m,
                  Int(t.right[node]) > node, Int(t.right[node]) < m, t.thresholds[node].isFinite else {
                throw MLFactorError(.shapeMismatch, detail: "saved tree \(k) has an invalid node \(node)")
            }
        }
    }
}
