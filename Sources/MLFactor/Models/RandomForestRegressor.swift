import Dispatch
import Foundation
public import LinearAlgebra

/// A random forest of regression trees (Breiman, 2001) on binned features.
///
/// Each tree is grown on a bootstrap sample of the rows (``bootstrap``), choosing the best
/// variance-reducing split among a random ``maximumFeatures`` fraction of the features at each
/// node, down to ``maximumDepth`` and ``minimumSamplesPerLeaf`` (bootstrap-weighted rows). Splits
/// are searched on at most ``maximumBins`` bins per feature, like the histogram boosters,
/// rather than on every distinct value as scikit-learn's `RandomForestRegressor` does. A
/// prediction is the mean of the trees'.
///
/// Trees are independent, so they are built in parallel: ``fit(features:target:)`` on a
/// thread pool, ``fitConcurrently(features:target:)`` in a Swift task group. Tree `k` draws its
/// randomness from a generator seeded by ``seed`` and `k` alone, so the model is identical for
/// any number of threads.
///
/// ```swift
/// let forest = RandomForestRegressor(trees: 100, maximumDepth: 8, maximumFeatures: 0.5)
/// let model = try await forest.fitConcurrently(features: x, target: y)
/// ```
public struct RandomForestRegressor: Regressor, Hashable, Codable {
    /// The number of trees.
    public var trees: Int
    /// Depth per tree, at most (`nil` for none).
    public var maximumDepth: Int?
    /// Bootstrap-weighted rows per leaf, at least.
    public var minimumSamplesPerLeaf: Int
    /// The fraction of features considered at each split (`0 < f ≤ 1`; at least one feature).
    public var maximumFeatures: Double
    /// Whether each tree sees a bootstrap sample (otherwise every row once).
    public var bootstrap: Bool
    /// Bins per feature, at most (2 … 256).
    public var maximumBins: Int
    /// The seed of the bootstrap samples and feature draws.
    public var seed: UInt64
    /// Trees built at once, at most (`nil` for the number of active processors).
    public var parallelism: Int?

    /// Creates the regressor.
    public init(trees: Int = 100, maximumDepth: Int? = 8, minimumSamplesPerLeaf: Int = 1, maximumFeatures: Double = 1,
                bootstrap: Bool = true, maximumBins: Int = 255, seed: UInt64 = 0, parallelism: Int? = nil) {
        self.trees = trees
        self.maximumDepth = maximumDepth
        self.minimumSamplesPerLeaf = minimumSamplesPerLeaf
        self.maximumFeatures = maximumFeatures
        self.bootstrap = bootstrap
        self.maximumBins = maximumBins
        self.seed = seed
        self.parallelism = parallelism
    }

    /// The data every tree reads, prepared once.
    private struct Prepared: Sendable {
        let bins: [UInt8]
        let binning: FeatureBinning
        let target: [Double]
        let rows: Int
        let columns: Int
    }

    /// Fits the forest, building trees in parallel on ``parallelism`` threads.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration`, `.shapeMismatch`, `.tooFewRows`
    ///   (no row) or `.nonFinite` naming the row and column of a bad value.
    /// - Complexity: O(trees · depth · rows · features) for the histograms.
    public func fit(features: Matrix, target: [Double]) throws -> RandomForestModel {
        let data = try prepare(features, target)
        let results = TreeSlots(count: trees)
        let width = Swift.max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        let settings = self
        // `width` workers take tree indices in turn; each tree depends only on its index.
        DispatchQueue.concurrentPerform(iterations: Swift.min(width, trees)) { worker in
            var k = worker
            while k < settings.trees {
                results.set(k, settings.buildTree(k, data))
                k += width
            }
        }
        return model(from: results.trees(), data)
    }

    /// Fits the forest in a task group of at most ``parallelism`` concurrent child tasks.
    ///
    /// - Throws: as ``fit(features:target:)``, or `CancellationError` when cancelled.
    public func fitConcurrently(features: Matrix, target: [Double]) async throws -> RandomForestModel {
        let data = try prepare(features, target)
        let width = Swift.max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        let settings = self
        var built = [GrownTree?](repeating: nil, count: trees)
        try await withThrowingTaskGroup(of: (Int, GrownTree).self) { group in
            var next = 0
            while next < Swift.min(width, trees) {
                let k = next
                group.addTask { (k, settings.buildTree(k, data)) }
                next += 1
            }
            while let (k, tree) = try await group.next() {
                built[k] = tree
                try Task.checkCancellation()
                if next < trees {
                    let k = next
                    group.addTask { (k, settings.buildTree(k, data)) }
                    next += 1
                }
            }
        }
        return model(from: built.compactMap { $0 }, data)
    }

    private func prepare(_ features: Matrix, _ target: [Double]) throws -> Prepared {
        func bad(_ what: String) -> MLFactorError { MLFactorError(.invalidConfiguration, detail: what) }
        guard trees >= 1 else { throw bad("a forest needs at least one tree, got \(trees)") }
        if let maximumDepth, maximumDepth < 1 { throw bad("maximum depth must be >= 1, got \(maximumDepth)") }
        guard minimumSamplesPerLeaf >= 1 else { throw bad("minimum samples per leaf must be >= 1, got \(minimumSamplesPerLeaf)") }
        guard maximumFeatures > 0, maximumFeatures <= 1 else { throw bad("maximum features must be a fraction in (0, 1], got \(maximumFeatures)") }
        guard (2...256).contains(maximumBins) else { throw bad("maximum bins must be in 2...256, got \(maximumBins)") }
        if let parallelism, parallelism < 1 { throw bad("parallelism must be >= 1, got \(parallelism)") }
        guard target.count == features.rows else {
            throw MLFactorError(.shapeMismatch, detail: "the target has \(target.count) values for \(features.rows) feature rows")
        }
        guard features.rows >= 1 else { throw MLFactorError(.tooFewRows, detail: "a random forest needs at least one row") }
        try features.requireFinite("feature")
        for (i, v) in target.enumerated() where !v.isFinite { throw MLFactorError(.nonFinite, row: i, detail: "target value \(v) is not finite") }
        let binning = FeatureBinning(fitting: features, maxBins: maximumBins)
        return Prepared(bins: binning.bins(of: features), binning: binning, target: target, rows: features.rows, columns: features.columns)
    }

    /// Tree `k`: its own bootstrap and feature draws from `(seed, k)`.
    private func buildTree(_ k: Int, _ data: Prepared) -> GrownTree {
        let n = data.rows, p = data.columns
        var rng = SplitMix64(seed: seed, stream: UInt64(k) + 1)
        var weights = [Double](repeating: bootstrap ? 0 : 1, count: n)
        if bootstrap { for _ in 0..<n { weights[rng.below(n)] += 1 } }
        var rows = [Int32]()
        rows.reserveCapacity(n)
        for i in 0..<n where weights[i] > 0 { rows.append(Int32(i)) }
        var gradients = [Double](repeating: 0, count: n)
        for i in 0..<n { gradients[i] = -data.target[i] * weights[i] }
        let grower = TreeGrower(maximumLeaves: Int.max, maximumDepth: maximumDepth, minimumWeight: Double(minimumSamplesPerLeaf),
                                l2: 0, scale: 1, featuresPerSplit: Swift.max(1, Int((maximumFeatures * Double(p)).rounded())))
        var gains = [Double](repeating: 0, count: p)
        var leafRows = [(value: Double, rows: Range<Int>)]()
        let tree = data.bins.withUnsafeBufferPointer { b in
            gradients.withUnsafeBufferPointer { g in
                weights.withUnsafeBufferPointer { h in
                    grower.grow(bins: b, n: n, binCounts: data.binning.binCounts, edges: data.binning.edges,
                                gradients: g, hessians: h, rows: &rows, rng: &rng, importance: &gains, leafRows: &leafRows)
                }
            }
        }
        return GrownTree(tree: tree, gains: gains)
    }

    private func model(from built: [GrownTree], _ data: Prepared) -> RandomForestModel {
        var gains = [Double](repeating: 0, count: data.columns)
        for t in built { for f in 0..<data.columns { gains[f] += t.gains[f] } }
        return RandomForestModel(featureCount: data.columns, trees: built.map(\.tree), gains: gains)
    }
}

/// One tree and the split gains it added per feature.
private struct GrownTree: Sendable {
    var tree: RegressionTree
    var gains: [Double]
}

/// Result slots written by worker threads, one per tree index.
private final class TreeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [GrownTree?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ value: GrownTree) {
        lock.lock()
        slots[k] = value
        lock.unlock()
    }

    func trees() -> [GrownTree] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
