public import LinearAlgebra
public import QuantCore

/// Hierarchical risk parity (López de Prado 2016): single-linkage clustering of the correlation
/// distance, quasi-diagonalisation, recursive bisection.
///
/// 1. Distance `d_ij = sqrt((1 - ρ_ij) / 2)` from the correlation of the covariance.
/// 2. Single-linkage agglomerative clustering (a minimum spanning tree, merged in order of
///    distance, as scipy's `linkage(method="single")` labels it).
/// 3. Quasi-diagonalisation: the assets in dendrogram leaf order (scipy's `leaves_list`, no
///    optimal leaf reordering).
/// 4. Recursive bisection of that ordered list into halves; each half's variance is that of its
///    inverse-variance portfolio, and the split gives the left half `1 - V_left / (V_left + V_right)`.
///
/// This matches skfolio's `HierarchicalRiskParity(risk_measure=VARIANCE)` with a single-linkage
/// `HierarchicalClustering` and `optimal_ordering=False`, which the tests check. Assets with a
/// zero or invalid variance are excluded (weight zero, reported as a fallback). "Building
/// diversified portfolios that outperform out of sample", J. Portfolio Management 42(4),
/// doi:10.3905/jpm.2016.42.4.059.
///
/// ```swift
/// let hrp = try HierarchicalRiskParity().solve(covariance: sigma)
/// hrp.weights                 // sums to one
/// ```
public struct HierarchicalRiskParity: Sendable, Hashable {
    /// Creates the method (it has no parameters).
    public init() {}

    /// The HRP weights, their risk shares, and diagnostics (`maxRelativeError` is measured
    /// against equal budgets, to show how far HRP is from equal risk contribution).
    ///
    /// - Throws: ``RiskParityError`` for a malformed covariance.
    /// - Complexity: O(n²) for the clustering, O(n² log n) for the bisection.
    public func solve(covariance: Matrix, assets: [Symbol]? = nil) throws -> RiskParityResult {
        let problem = try PreparedProblem.make(covariance: covariance, budgets: nil, assets: assets, repairIfNeeded: false)
        let m = problem.active.count
        let order = Self.leafOrder(sigma: problem.sigma, count: m)
        let weights = Self.bisection(sigma: problem.sigma, count: m, order: order)
        return problem.result(activeWeights: weights, method: .hierarchical, iterations: 0, converged: true)
    }

    /// The quasi-diagonal order (dendrogram leaves) of the assets of `covariance`.
    ///
    /// - Throws: ``RiskParityError`` for a malformed covariance.
    public static func quasiDiagonalOrder(covariance: Matrix) throws -> [Int] {
        let problem = try PreparedProblem.make(covariance: covariance, budgets: nil, assets: nil, repairIfNeeded: false)
        return leafOrder(sigma: problem.sigma, count: problem.active.count).map { problem.active[$0] }
    }

    static func leafOrder(sigma: [Double], count n: Int) -> [Int] {
        guard n > 1 else { return Array(0..<n) }
        func distance(_ i: Int, _ j: Int) -> Double {
            let rho = sigma[i + j * n] / (sigma[i + i * n] * sigma[j + j * n]).squareRoot()
            return (Swift.max(0, 0.5 * (1 - rho))).squareRoot()
        }
        // Prim's minimum spanning tree from asset 0.
        var inTree = [Bool](repeating: false, count: n)
        var best = [Double](repeating: .infinity, count: n)
        var parent = [Int](repeating: 0, count: n)
        var edges = [(a: Int, b: Int, d: Double)]()
        var current = 0
        inTree[0] = true
        for _ in 1..<n {
            var next = -1
            for j in 0..<n where !inTree[j] {
                let d = distance(current, j)
                if d < best[j] { best[j] = d; parent[j] = current }
                if next < 0 || best[j] < best[next] { next = j }
            }
            edges.append((parent[next], next, best[next]))
            inTree[next] = true
            current = next
        }
        // Merge in order of distance (stable), labelling clusters n, n+1, ... like scipy.
        let sorted = edges.enumerated().sorted { ($0.element.d, $0.offset) < ($1.element.d, $1.offset) }.map(\.element)
        var root = Array(0..<(2 * n - 1))
        func find(_ x: Int) -> Int {
            var x = x
            while root[x] != x { root[x] = root[root[x]]; x = root[x] }
            return x
        }
        var children = [(Int, Int)]()
        for (k, edge) in sorted.enumerated() {
            let x = find(edge.a), y = find(edge.b)
            children.append((Swift.min(x, y), Swift.max(x, y)))
            root[x] = n + k
            root[y] = n + k
        }
        // Pre-order traversal: left child first.
        var order = [Int]()
        var stack = [2 * n - 2]
        while let node = stack.popLast() {
            if node < n { order.append(node); continue }
            let (left, right) = children[node - n]
            stack.append(right)
            stack.append(left)
        }
        return order
    }

    static func bisection(sigma: [Double], count n: Int, order: [Int]) -> [Double] {
        var weights = [Double](repeating: 1, count: n)
        func clusterVariance(_ ids: ArraySlice<Int>) -> Double {
            var w = [Double](), total = 0.0
            for i in ids { let v = 1 / sigma[i + i * n]; w.append(v); total += v }
            var variance = 0.0
            for (a, i) in ids.enumerated() {
                for (b, j) in ids.enumerated() { variance += w[a] * w[b] * sigma[i + j * n] }
            }
            return variance / (total * total)
        }
        var items = [order[...]]
        while !items.isEmpty {
            var next = [ArraySlice<Int>]()
            for item in items where item.count > 1 {
                let mid = item.startIndex + item.count / 2
                let left = item[item.startIndex..<mid], right = item[mid...]
                let vl = clusterVariance(left), vr = clusterVariance(right)
                let alpha = 1 - vl / (vl + vr)
                for i in left { weights[i] *= alpha }
                for i in right { weights[i] *= 1 - alpha }
                next.append(left)
                next.append(right)
            }
            items = next
        }
        return weights
    }
}
