import Dispatch
import Foundation
import LinearAlgebra

/// Grows one boosting tree for squared loss, where every row's hessian is 1, so a histogram bin
/// needs only the sum of the gradients and the row count.
///
/// The split rule is ``TreeGrower``'s (best split first, ties to the lowest feature, bin and
/// leaf; a leaf value `-G / (count + λ) · scale`) and it sums in the same order, so both grow
/// the same tree; this one is built for speed:
///
/// - histograms read the bins row-major (``BoostingData/rowBins``, one cache line per row), so
///   a node's histogram is one pass over its rows that updates every feature of a row together;
///   partitions read them column-major (one feature's column stays in cache);
/// - a bin holds `(Σg, count)` as one `SIMD2<Double>`, added in a single instruction;
/// - the root, whose rows are all rows in order, is built without indirection;
/// - only the smaller child's histogram is built, the larger one is the parent's minus it,
///   written over the parent's histogram;
/// - histograms come from a pool kept across trees (``BoostingWorkspace``), so a tree
///   allocates nothing per node;
/// - large nodes are built on several threads, each owning a fixed block of features and
///   adding its rows in row order, so the sums do not depend on the number of threads.
struct BoostingTreeGrower {
    var maximumLeaves: Int
    var maximumDepth: Int?
    /// Rows (equal to hessian) per leaf, at least.
    var minimumCount: Double
    var l2: Double
    /// Leaf values are multiplied by this (the learning rate).
    var scale: Double

    private struct Split {
        var feature: Int
        var bin: Int
        var gain: Double
        var leftG: Double
        var leftCount: Double
    }

    private struct Leaf {
        var node: Int
        var start: Int
        var end: Int
        var g: Double
        var count: Double
        var depth: Int
        /// The pool slot of the leaf's histogram, -1 once it is no longer needed.
        var slot: Int
        var split: Split?
    }

    /// Grows a tree on `rows` (indices into `data`), reordering `rows` in place.
    ///
    /// - Parameters:
    ///   - rowsAreAll: `rows` is `0..<rows.count` in order (no subsampling), which lets the root
    ///     histogram skip the indirection.
    ///   - leafRows: Receives each leaf's value and its range in the reordered `rows`.
    func grow(data: BoostingData, gradients g: UnsafeBufferPointer<Double>, rows: UnsafeMutableBufferPointer<Int32>,
              rowsAreAll: Bool, workspace: BoostingWorkspace, importance: inout [Double],
              leafRows: inout [(value: Double, rows: Range<Int>)]) -> RegressionTree {
        let p = data.features
        let binCounts = data.binCounts
        let scratch = workspace.scratch(count: rows.count)

        func build(slot: Int, start: Int, end: Int, indirect: Bool) {
            let out = workspace.histogram(slot)
            out.initialize(repeating: SIMD2(), count: p * BoostingWorkspace.binsPerFeature)
            let kernel = HistogramBuild(bins: data.rowBins, stride: data.stride, gradients: g,
                                        rows: indirect ? UnsafePointer(rows.baseAddress!) : nil,
                                        start: start, end: end, out: out)
            let blocks = workspace.featureBlocks
            if blocks.count > 1 && end - start >= 8192 {
                DispatchQueue.concurrentPerform(iterations: blocks.count) { kernel.fill(features: blocks[$0]) }
            } else {
                kernel.fill(features: 0..<p)
            }
        }

        func bestSplit(slot: Int, g total: Double, count: Double, depth: Int) -> Split? {
            if let maximumDepth, depth >= maximumDepth { return nil }
            guard count >= 2 * minimumCount else { return nil }
            let hist = workspace.histogram(slot)
            let parentScore = total * total / (count + l2)
            var best: Split?
            var bestGain = 1e-12 * Swift.max(parentScore, 1e-300)
            for f in 0..<p where binCounts[f] > 1 {
                let h = hist + f * BoostingWorkspace.binsPerFeature
                var left = SIMD2<Double>()
                for b in 0..<(binCounts[f] - 1) {
                    left += h[b]
                    let gl = left[0], nl = left[1]
                    if nl < minimumCount { continue }
                    let nr = count - nl
                    if nr < minimumCount { break }
                    let gr = total - gl
                    let gain = gl * gl / (nl + l2) + gr * gr / (nr + l2) - parentScore
                    if gain > bestGain {
                        bestGain = gain
                        best = Split(feature: f, bin: b, gain: gain, leftG: gl, leftCount: nl)
                    }
                }
            }
            return best
        }

        var tree = RegressionTree()
        var sumG = 0.0
        for k in 0..<rows.count { sumG += g[Int(rows[k])] }
        let count = Double(rows.count)
        let root = tree.addLeaf(-sumG / (count + l2) * scale)
        let rootSlot = workspace.takeSlot()
        build(slot: rootSlot, start: 0, end: rows.count, indirect: !rowsAreAll)
        var rootLeaf = Leaf(node: root, start: 0, end: rows.count, g: sumG, count: count, depth: 0, slot: rootSlot, split: nil)
        rootLeaf.split = bestSplit(slot: rootSlot, g: sumG, count: count, depth: 0)
        if rootLeaf.split == nil { workspace.release(rootSlot); rootLeaf.slot = -1 }
        var leaves = [rootLeaf]
        leaves.reserveCapacity(maximumLeaves)

        while leaves.count < maximumLeaves {
            var pick = -1
            for (k, leaf) in leaves.enumerated() {
                guard let s = leaf.split else { continue }
                if pick < 0 || s.gain > leaves[pick].split!.gain { pick = k }
            }
            guard pick >= 0 else { break }
            let parent = leaves[pick]
            let split = parent.split!
            let f = split.feature, cut = UInt8(split.bin)
            // Stable partition of the parent's rows: left (bin <= cut) first. Branch-free: each
            // row is written to both sides and only the matching side's cursor moves (the left
            // cursor never passes the row being read).
            var l = parent.start, r = 0
            let column = data.columnBins + f * data.rows
            for k in parent.start..<parent.end {
                let i = rows[k]
                let left = column[Int(i)] <= cut ? 1 : 0
                rows[l] = i
                scratch[r] = i
                l &+= left
                r &+= 1 &- left
            }
            for k in 0..<r { rows[l + k] = scratch[k] }
            let mid = l
            let leftG = split.leftG, leftCount = split.leftCount
            let rightG = parent.g - leftG, rightCount = parent.count - leftCount

            // The smaller child is scanned; the larger is the parent minus it, in the parent's slot.
            let leftIsSmaller = mid - parent.start <= parent.end - mid
            let smallSlot = workspace.takeSlot(), largeSlot = parent.slot
            if leftIsSmaller { build(slot: smallSlot, start: parent.start, end: mid, indirect: true) }
            else { build(slot: smallSlot, start: mid, end: parent.end, indirect: true) }
            let small = workspace.histogram(smallSlot), large = workspace.histogram(largeSlot)
            for k in 0..<(p * BoostingWorkspace.binsPerFeature) { large[k] -= small[k] }
            let leftSlot = leftIsSmaller ? smallSlot : largeSlot, rightSlot = leftIsSmaller ? largeSlot : smallSlot

            let leftNode = tree.addLeaf(-leftG / (leftCount + l2) * scale)
            let rightNode = tree.addLeaf(-rightG / (rightCount + l2) * scale)
            tree.split(parent.node, feature: f, bin: cut, threshold: data.edges[f][split.bin], left: leftNode, right: rightNode)
            importance[f] += split.gain
            var leftLeaf = Leaf(node: leftNode, start: parent.start, end: mid, g: leftG, count: leftCount,
                                depth: parent.depth + 1, slot: leftSlot, split: nil)
            var rightLeaf = Leaf(node: rightNode, start: mid, end: parent.end, g: rightG, count: rightCount,
                                 depth: parent.depth + 1, slot: rightSlot, split: nil)
            leftLeaf.split = bestSplit(slot: leftSlot, g: leftG, count: leftCount, depth: leftLeaf.depth)
            rightLeaf.split = bestSplit(slot: rightSlot, g: rightG, count: rightCount, depth: rightLeaf.depth)
            if leftLeaf.split == nil { workspace.release(leftSlot); leftLeaf.slot = -1 }
            if rightLeaf.split == nil { workspace.release(rightSlot); rightLeaf.slot = -1 }
            leaves[pick] = leftLeaf
            leaves.insert(rightLeaf, at: pick + 1)
        }
        for leaf in leaves where leaf.slot >= 0 { workspace.release(leaf.slot) }
        leafRows = leaves.map { (tree.values[$0.node], $0.start..<$0.end) }
        return tree
    }
}

/// The training data of a boosting fit, binned once: the bins in two layouts and the bin edges.
struct BoostingData {
    /// Bins row by row: row `i`'s feature `f` at `i * stride + f` (for histograms, which read
    /// every feature of a row).
    let rowBins: UnsafePointer<UInt8>
    /// Bytes per row (the feature count rounded up to a multiple of 8).
    let stride: Int
    /// Bins feature by feature: row `i`'s feature `f` at `f * rows + i` (for partitions, which
    /// read one feature of many rows).
    let columnBins: UnsafePointer<UInt8>
    /// Rows of `columnBins`.
    let rows: Int
    let features: Int
    let binCounts: [Int]
    let edges: [[Double]]
}

/// The bins of a fit's rows in both layouts of ``BoostingData``, owned for the length of the fit.
final class BoostingBins {
    private let rowBins: UnsafeMutableBufferPointer<UInt8>
    private let columnBins: UnsafeMutableBufferPointer<UInt8>
    /// Pointers into the bins; valid while this object lives.
    let data: BoostingData

    /// Bins every row of `x` with `binning`.
    init(_ binning: FeatureBinning, of x: Matrix) {
        let n = x.rows, p = x.columns
        let (rows, stride) = binning.rowMajorBins(of: x)
        rowBins = .allocate(capacity: Swift.max(1, rows.count))
        _ = rowBins.initialize(from: rows)
        columnBins = .allocate(capacity: Swift.max(1, n * p))
        for i in 0..<n {
            for f in 0..<p { columnBins[f &* n &+ i] = rowBins[i &* stride &+ f] }
        }
        data = BoostingData(rowBins: UnsafePointer(rowBins.baseAddress!), stride: stride,
                            columnBins: UnsafePointer(columnBins.baseAddress!), rows: n,
                            features: p, binCounts: binning.binCounts, edges: binning.edges)
    }

    deinit {
        rowBins.deallocate()
        columnBins.deallocate()
    }
}

/// Buffers reused by every tree of one boosting fit: a pool of histograms, one `(Σg, count)`
/// pair per bin and ``binsPerFeature`` bins per feature, and a scratch row buffer for the
/// partitions. Not shared between fits.
final class BoostingWorkspace {
    /// Histogram bins reserved per feature (the largest bin count).
    static let binsPerFeature = 256

    private let histogramSize: Int
    private var histograms: [UnsafeMutablePointer<SIMD2<Double>>] = []
    private var free: [Int] = []
    private var scratchRows: UnsafeMutablePointer<Int32>?
    private var scratchCount = 0
    /// Features of each histogram worker: fixed blocks, so results do not depend on timing.
    let featureBlocks: [Range<Int>]

    init(features p: Int, threads: Int) {
        histogramSize = p * Self.binsPerFeature
        let workers = Swift.max(1, Swift.min(threads, p / 4))
        featureBlocks = (0..<workers).map { w in (w * p / workers)..<((w + 1) * p / workers) }
    }

    deinit {
        for h in histograms { h.deallocate() }
        scratchRows?.deallocate()
    }

    /// A free histogram slot (contents undefined), growing the pool when all are taken.
    func takeSlot() -> Int {
        if let slot = free.popLast() { return slot }
        histograms.append(.allocate(capacity: histogramSize))
        return histograms.count - 1
    }

    /// Returns `slot` to the pool.
    func release(_ slot: Int) { free.append(slot) }

    /// The histogram stored in `slot`.
    func histogram(_ slot: Int) -> UnsafeMutablePointer<SIMD2<Double>> { histograms[slot] }

    /// A scratch buffer of at least `count` row indices.
    func scratch(count: Int) -> UnsafeMutablePointer<Int32> {
        if scratchCount < count {
            scratchRows?.deallocate()
            scratchRows = .allocate(capacity: count)
            scratchCount = count
        }
        return scratchRows!
    }
}

/// Adds one node's rows into a histogram, for a block of features.
///
/// `@unchecked Sendable`: the buffers outlive the (synchronous) parallel loop that uses the
/// kernel, inputs are only read, and each block of features writes its own part of `out`.
private struct HistogramBuild: @unchecked Sendable {
    let bins: UnsafePointer<UInt8>
    let stride: Int
    let gradients: UnsafeBufferPointer<Double>
    /// Row indices, or `nil` when the node's rows are `start..<end` themselves.
    let rows: UnsafePointer<Int32>?
    let start: Int
    let end: Int
    let out: UnsafeMutablePointer<SIMD2<Double>>

    func fill(features: Range<Int>) {
        let g = gradients.baseAddress!
        let lo = features.lowerBound, hi = features.upperBound
        let width = BoostingWorkspace.binsPerFeature
        if let rows {
            for k in start..<end {
                let i = Int(rows[k])
                add(SIMD2(g[i], 1), row: bins + i &* stride, lo, hi, width)
            }
        } else {
            for i in start..<end {
                add(SIMD2(g[i], 1), row: bins + i &* stride, lo, hi, width)
            }
        }
    }

    @inline(__always)
    private func add(_ v: SIMD2<Double>, row: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int, _ width: Int) {
        var f = lo
        while f &+ 4 <= hi {
            let b0 = Int(row[f]), b1 = Int(row[f &+ 1]), b2 = Int(row[f &+ 2]), b3 = Int(row[f &+ 3])
            out[f &* width &+ b0] += v
            out[(f &+ 1) &* width &+ b1] += v
            out[(f &+ 2) &* width &+ b2] += v
            out[(f &+ 3) &* width &+ b3] += v
            f &+= 4
        }
        while f < hi {
            out[f &* width &+ Int(row[f])] += v
            f &+= 1
        }
    }
}
