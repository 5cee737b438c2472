import Dispatch
import Foundation

/// Grows one regression tree on binned features from per-row gradients and hessians, best
/// split first (leaf-wise, as LightGBM and scikit-learn's histogram gradient boosting).
///
/// A leaf holding rows `R` has `G = Σ g`, `H = Σ h` and value `-G / (H + λ) · scale`. A split
/// into `L` and `R` gains `G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ)`; it is allowed when both
/// sides keep a hessian of at least ``minimumWeight`` (with unit hessians, a row count). The
/// leaf with the largest positive gain is split next until ``maximumLeaves`` leaves exist or no
/// leaf can be split (depth limit, weight limit or no positive gain). Ties go to the lowest
/// feature, then the lowest bin, then the leftmost leaf, so a fit is fully deterministic.
///
/// With `g = -y·w` and `h = w` (row weights), leaf values are weighted means and the gain is the
/// reduction of the weighted squared error: a random forest's CART split on bins.
struct TreeGrower {
    var maximumLeaves: Int
    var maximumDepth: Int?
    var minimumWeight: Double
    var l2: Double
    /// Leaf values are multiplied by this (the learning rate).
    var scale: Double
    /// Features considered at each node: all when `nil`, else this many drawn at random.
    var featuresPerSplit: Int?
    /// Whether large histograms are built one feature per worker thread (each feature's sums are
    /// still added in row order, so the result does not depend on the threads).
    var parallelHistograms = false

    private struct Split {
        var feature: Int
        var bin: Int
        var gain: Double
        var leftG: Double
        var leftH: Double
    }

    private struct Leaf {
        var node: Int
        var start: Int
        var end: Int
        var g: Double
        var h: Double
        var depth: Int
        var histogram: [Double]
        var split: Split?
    }

    /// Grows a tree on `rows` (indices into the bin matrix), reordering `rows` in place.
    ///
    /// - Parameters:
    ///   - bins: Column-major bins, `n` rows.
    ///   - binCounts: Bins per feature.
    ///   - edges: Bin edges per feature (for raw thresholds).
    ///   - importance: Gains are added per split feature.
    ///   - leafRows: Receives each leaf's value and its range in the reordered `rows`.
    func grow(bins: UnsafeBufferPointer<UInt8>, n: Int, binCounts: [Int], edges: [[Double]],
              gradients g: UnsafeBufferPointer<Double>, hessians h: UnsafeBufferPointer<Double>,
              rows: inout [Int32], rng: inout SplitMix64, importance: inout [Double],
              leafRows: inout [(value: Double, rows: Range<Int>)]) -> RegressionTree {
        let p = binCounts.count
        var offsets = [Int](repeating: 0, count: p + 1)
        for f in 0..<p { offsets[f + 1] = offsets[f] + binCounts[f] }
        let totalBins = offsets[p]

        let parallel = parallelHistograms && ProcessInfo.processInfo.activeProcessorCount > 1
        func histogram(_ start: Int, _ end: Int) -> [Double] {
            var hist = [Double](repeating: 0, count: 2 * totalBins)
            rows.withUnsafeBufferPointer { r in
                hist.withUnsafeMutableBufferPointer { out in
                    let kernel = HistogramKernel(rows: r, bins: bins, gradients: g, hessians: h, out: out, offsets: offsets, n: n, start: start, end: end)
                    if parallel && (end - start) * p >= 200_000 {
                        DispatchQueue.concurrentPerform(iterations: p) { kernel.fill(feature: $0) }
                    } else {
                        for f in 0..<p { kernel.fill(feature: f) }
                    }
                }
            }
            return hist
        }

        func bestSplit(_ hist: [Double], g total: Double, h weight: Double, depth: Int, rng: inout SplitMix64) -> Split? {
            if let maximumDepth, depth >= maximumDepth { return nil }
            guard weight >= 2 * minimumWeight else { return nil }
            var candidates = Array(0..<p)
            if let k = featuresPerSplit, k < p {
                for a in 0..<k { candidates.swapAt(a, a + rng.below(p - a)) }
                candidates = Array(candidates[0..<k]).sorted()
            }
            let parentScore = total * total / (weight + l2)
            var best: Split?
            hist.withUnsafeBufferPointer { hs in
                for f in candidates where binCounts[f] > 1 {
                    let base = 2 * offsets[f]
                    var gl = 0.0, hl = 0.0
                    for b in 0..<(binCounts[f] - 1) {
                        gl += hs[base + 2 * b]
                        hl += hs[base + 2 * b + 1]
                        if hl < minimumWeight { continue }
                        let hr = weight - hl
                        if hr < minimumWeight { break }
                        let gr = total - gl
                        let gain = gl * gl / (hl + l2) + gr * gr / (hr + l2) - parentScore
                        if gain > (best?.gain ?? 1e-12 * Swift.max(parentScore, 1e-300)) {
                            best = Split(feature: f, bin: b, gain: gain, leftG: gl, leftH: hl)
                        }
                    }
                }
            }
            return best
        }

        var tree = RegressionTree()
        var sumG = 0.0, sumH = 0.0
        for k in 0..<rows.count { sumG += g[Int(rows[k])]; sumH += h[Int(rows[k])] }
        let root = tree.addLeaf(-sumG / (sumH + l2) * scale)
        var rootLeaf = Leaf(node: root, start: 0, end: rows.count, g: sumG, h: sumH, depth: 0, histogram: histogram(0, rows.count), split: nil)
        rootLeaf.split = bestSplit(rootLeaf.histogram, g: sumG, h: sumH, depth: 0, rng: &rng)
        var leaves = [rootLeaf]
        var scratch = [Int32](repeating: 0, count: rows.count)

        while leaves.count < maximumLeaves {
            var pick = -1
            for (k, leaf) in leaves.enumerated() {
                guard let s = leaf.split else { continue }
                if pick < 0 || s.gain > leaves[pick].split!.gain { pick = k }
            }
            guard pick >= 0 else { break }
            let parent = leaves[pick]
            let split = parent.split!
            let f = split.feature, column = f * n, cut = UInt8(split.bin)
            // Stable partition of the parent's rows: left (bin <= cut) first.
            var l = parent.start, r = 0
            rows.withUnsafeMutableBufferPointer { rb in
                scratch.withUnsafeMutableBufferPointer { sb in
                    for k in parent.start..<parent.end {
                        let i = rb[k]
                        if bins[column + Int(i)] <= cut { rb[l] = i; l += 1 } else { sb[r] = i; r += 1 }
                    }
                    for k in 0..<r { rb[l + k] = sb[k] }
                }
            }
            let mid = l
            let leftG = split.leftG, leftH = split.leftH
            let rightG = parent.g - leftG, rightH = parent.h - leftH
            // Histogram of the smaller child by scanning, of the larger by subtraction.
            let leftIsSmaller = mid - parent.start <= parent.end - mid
            let small = leftIsSmaller ? histogram(parent.start, mid) : histogram(mid, parent.end)
            var large = parent.histogram
            for k in large.indices { large[k] -= small[k] }
            let leftHist = leftIsSmaller ? small : large, rightHist = leftIsSmaller ? large : small

            let leftNode = tree.addLeaf(-leftG / (leftH + l2) * scale)
            let rightNode = tree.addLeaf(-rightG / (rightH + l2) * scale)
            tree.split(parent.node, feature: f, bin: cut, threshold: edges[f][split.bin], left: leftNode, right: rightNode)
            importance[f] += split.gain
            var leftLeaf = Leaf(node: leftNode, start: parent.start, end: mid, g: leftG, h: leftH, depth: parent.depth + 1, histogram: leftHist, split: nil)
            var rightLeaf = Leaf(node: rightNode, start: mid, end: parent.end, g: rightG, h: rightH, depth: parent.depth + 1, histogram: rightHist, split: nil)
            leftLeaf.split = bestSplit(leftHist, g: leftG, h: leftH, depth: leftLeaf.depth, rng: &rng)
            rightLeaf.split = bestSplit(rightHist, g: rightG, h: rightH, depth: rightLeaf.depth, rng: &rng)
            if leftLeaf.split == nil { leftLeaf.histogram = [] }
            if rightLeaf.split == nil { rightLeaf.histogram = [] }
            leaves[pick] = leftLeaf
            leaves.insert(rightLeaf, at: pick + 1)
        }
        leafRows = leaves.map { (tree.values[$0.node], $0.start..<$0.end) }
        return tree
    }
}

/// Adds one node's rows into the histogram of one feature.
///
/// `@unchecked Sendable`: the buffers outlive the (synchronous) parallel loop that uses the
/// kernel, inputs are only read, and each feature writes its own disjoint slice of `out`.
private struct HistogramKernel: @unchecked Sendable {
    let rows: UnsafeBufferPointer<Int32>
    let bins: UnsafeBufferPointer<UInt8>
    let gradients: UnsafeBufferPointer<Double>
    let hessians: UnsafeBufferPointer<Double>
    let out: UnsafeMutableBufferPointer<Double>
    let offsets: [Int]
    let n: Int
    let start: Int
    let end: Int

    func fill(feature f: Int) {
        let base = 2 * offsets[f], column = f * n
        for k in start..<end {
            let i = Int(rows[k])
            let slot = base + 2 * Int(bins[column + i])
            out[slot] += gradients[i]
            out[slot + 1] += hessians[i]
        }
    }
}
