import Foundation
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
        // Validation rows are binned with the training edges.
        let bins = BoostingBins(binning, of: features)
        let data = bins.data

        let baseline = target[0..<trainCount].reduce(0, +) / Double(trainCount)
        var prediction = [Double](repeating: baseline, count: n)
        var gradients = [Double](repeating: 0, count: trainCount)
        var importance = [Double](repeating: 0, count: p)
        var trees = [RegressionTree]()
        var rng = SplitMix64(seed: seed)
        let grower = BoostingTreeGrower(maximumLeaves: maximumLeaves, maximumDepth: maximumDepth,
                                        minimumCount: Swift.max(Double(minimumSamplesPerLeaf), minimumHessianPerLeaf),
                                        l2: l2Regularization, scale: learningRate)
        let workspace = BoostingWorkspace(features: p, threads: ProcessInfo.processInfo.activeProcessorCount)
        let sampleSize = Swift.max(1, Int((Double(trainCount) * subsample).rounded()))
        var bestLoss = Double.infinity, bestCount = 0, sinceBest = 0
        var importanceAtBest = importance
        var allRows = (0..<Int32(trainCount)).map { $0 }
        var rows = [Int32](repeating: 0, count: sampleSize)

        for _ in 0..<iterations {
            for i in 0..<trainCount { gradients[i] = prediction[i] - target[i] }
            if sampleSize < trainCount {
                // Partial Fisher–Yates over a persistent permutation, then sorted for locality.
                for a in 0..<sampleSize { allRows.swapAt(a, a + rng.below(trainCount - a)) }
                rows = Array(allRows[0..<sampleSize]).sorted()
            } else {
                for i in 0..<trainCount { rows[i] = Int32(i) }
            }
            var leafRows = [(value: Double, rows: Range<Int>)]()
            let tree = gradients.withUnsafeBufferPointer { g in
                rows.withUnsafeMutableBufferPointer { r in
                    grower.grow(data: data, gradients: g, rows: r, rowsAreAll: sampleSize == trainCount,
                                workspace: workspace, importance: &importance, leafRows: &leafRows)
                }
            }
            prediction.withUnsafeMutableBufferPointer { out in
                if sampleSize == trainCount {
                    // Every training row sits in exactly one leaf's range: add the leaf values
                    // directly, and walk the tree only for the validation rows.
                    rows.withUnsafeBufferPointer { r in
                        for leaf in leafRows {
                            for k in leaf.rows { out[Int(r[k])] += leaf.value }
                        }
                    }
                    for i in trainCount..<n { out[i] += tree.predict(rowBins: data.rowBins, stride: data.stride, row: i) }
                } else {
                    for i in 0..<n { out[i] += tree.predict(rowBins: data.rowBins, stride: data.stride, row: i) }
                }
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
        withExtendedLifetime(bins) {}
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
            guard rule.validationFraction > 0, rule.validationFraction < 1 else {
                throw bad("the validation fraction must be in (0, 1), got \(rule.validationFraction)")
            }
            guard rule.patience >= 1 else { throw bad("early-stopping patience must be >= 1, got \(rule.patience)") }
        }
    }
}
