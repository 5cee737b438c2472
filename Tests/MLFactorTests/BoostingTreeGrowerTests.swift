import LinearAlgebra
@testable import MLFactor
import Testing

/// The boosting grower (row-major bins, count histograms, pooled buffers, feature blocks on
/// several threads) against the general ``TreeGrower`` it replaces for squared loss.
@Suite("Boosting tree grower")
struct BoostingTreeGrowerTests {
    /// 20,000 rows x 16 features (four blocks of features, large enough for threaded histograms),
    /// a target with a step, an interaction and noise, and the gradients of a first boosting step.
    struct Problem {
        let x: Matrix
        let gradients: [Double]
        let binning: FeatureBinning

        init(rows n: Int = 20_000, features p: Int = 16) {
            var state: UInt64 = 7
            func uniform() -> Double {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(state >> 11) / Double(1 << 53)
            }
            let matrix = Matrix(rows: n, columns: p) { _, j in j == 3 ? Double(Int(uniform() * 5)) : uniform() }
            let y = (0..<n).map { i in matrix[i, 0] + (matrix[i, 1] > 0.5 ? 0.5 : 0) + matrix[i, 2] * matrix[i, 3] + 0.3 * uniform() }
            let mean = y.reduce(0, +) / Double(n)
            x = matrix
            gradients = y.map { mean - $0 }
            binning = FeatureBinning(fitting: matrix, maxBins: 255)
        }

        /// One tree from the boosting grower with `threads` histogram workers, on `rows` (all rows when `nil`).
        func boosted(threads: Int, rows subset: [Int32]? = nil, leaves: Int = 31, depth: Int? = nil,
                     minimumCount: Double = 20) -> (tree: RegressionTree, leafRows: [(value: Double, rows: Range<Int>)], importance: [Double]) {
            let bins = BoostingBins(binning, of: x)
            var rows = subset ?? (0..<Int32(x.rows)).map { $0 }
            var importance = [Double](repeating: 0, count: x.columns)
            var leafRows = [(value: Double, rows: Range<Int>)]()
            let grower = BoostingTreeGrower(maximumLeaves: leaves, maximumDepth: depth, minimumCount: minimumCount, l2: 0.5, scale: 0.1)
            let workspace = BoostingWorkspace(features: x.columns, threads: threads)
            let tree = gradients.withUnsafeBufferPointer { g in
                rows.withUnsafeMutableBufferPointer { r in
                    grower.grow(data: bins.data, gradients: g, rows: r, rowsAreAll: subset == nil, workspace: workspace,
                                importance: &importance, leafRows: &leafRows)
                }
            }
            withExtendedLifetime(bins) {}
            return (tree, leafRows, importance)
        }

        /// The same tree from the general grower with unit hessians.
        func general(rows subset: [Int32]? = nil, leaves: Int = 31, depth: Int? = nil, minimumCount: Double = 20) -> (tree: RegressionTree, importance: [Double]) {
            let bins = binning.bins(of: x)
            var rows = subset ?? (0..<Int32(x.rows)).map { $0 }
            let hessians = [Double](repeating: 1, count: x.rows)
            var importance = [Double](repeating: 0, count: x.columns)
            var leafRows = [(value: Double, rows: Range<Int>)]()
            var rng = SplitMix64(seed: 0)
            let grower = TreeGrower(maximumLeaves: leaves, maximumDepth: depth, minimumWeight: minimumCount, l2: 0.5, scale: 0.1,
                                    featuresPerSplit: nil)
            let tree = bins.withUnsafeBufferPointer { b in
                gradients.withUnsafeBufferPointer { g in
                    hessians.withUnsafeBufferPointer { h in
                        grower.grow(bins: b, n: x.rows, binCounts: binning.binCounts, edges: binning.edges, gradients: g, hessians: h,
                                    rows: &rows, rng: &rng, importance: &importance, leafRows: &leafRows)
                    }
                }
            }
            return (tree, importance)
        }
    }

    @Test func growsTheGeneralGrowersTreeOnAnyThreadCount() {
        let problem = Problem()
        let reference = problem.general()
        #expect(reference.tree.leafCount == 31)
        for threads in [1, 2, 3, 4] {
            let fast = problem.boosted(threads: threads)
            #expect(fast.tree == reference.tree, "threads \(threads)")
            #expect(fast.importance == reference.importance, "threads \(threads)")
            // The leaves' row ranges tile the rows, and each range holds that leaf's value.
            #expect(fast.leafRows.map(\.rows.count).reduce(0, +) == problem.x.rows)
            #expect(Set(fast.leafRows.map(\.value)) == Set((0..<fast.tree.values.count).filter { fast.tree.features[$0] < 0 }.map { fast.tree.values[$0] }))
        }
    }

    @Test func subsetDepthAndCountLimitsMatchTheGeneralGrower() {
        let problem = Problem()
        let subset = (0..<Int32(problem.x.rows)).filter { $0 % 3 != 1 }
        for (leaves, depth, count) in [(31, nil, 20.0), (15, 3, 5.0), (63, nil, 400.0)] as [(Int, Int?, Double)] {
            let reference = problem.general(rows: subset, leaves: leaves, depth: depth, minimumCount: count)
            let fast = problem.boosted(threads: 2, rows: subset, leaves: leaves, depth: depth, minimumCount: count)
            #expect(fast.tree == reference.tree, "leaves \(leaves), depth \(String(describing: depth)), count \(count)")
            #expect(fast.tree.depth <= depth ?? .max)
        }
    }

    @Test func rowMajorBinsAgreeWithColumnMajorBins() {
        let problem = Problem(rows: 1000, features: 5)
        let columns = problem.binning.bins(of: problem.x)
        let (rows, stride) = problem.binning.rowMajorBins(of: problem.x)
        #expect(stride == 8)
        let expected = (0..<1000).flatMap { i in (0..<8).map { f in f < 5 ? columns[i + f * 1000] : 0 } }
        #expect(rows == expected)
        #expect(Set(rows).count > 100)
    }
}
