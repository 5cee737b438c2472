import LinearAlgebra
import QuantCore

/// The returns an estimator works on: validated, missing rows dropped per the policy, copied once
/// into a column-major buffer that the estimator then centres and scales in place.
///
/// This copy is the "one centred copy of the input" of the module's memory budget.
struct PreparedReturns {
    /// The dates kept, in order.
    var dates: [TradingDate]
    /// The assets, in panel order.
    var assets: [Symbol]
    /// Column-major `rows × columns` values (NaN marks a missing value in pairwise mode).
    var values: [Double]
    /// Whether any value is missing (only possible under `.pairwise`).
    var hasMissing: Bool

    var rows: Int { dates.count }
    var columns: Int { assets.count }

    /// Validates `panel` and applies `policy`.
    ///
    /// - Throws: ``CovarianceError``: `.emptyUniverse` without assets, `.nonFinite` naming the first
    ///   infinite value's asset and date, `.missingValue` naming the first missing value under
    ///   `.forbid`, `.tooFewObservations` when fewer than `minimumRows` dates remain.
    init(_ panel: Panel, policy: MissingDataPolicy, minimumRows: Int = 2) throws {
        let n = panel.dates.count, p = panel.assets.count
        guard p > 0 else { throw CovarianceError(.emptyUniverse, detail: "the returns panel has no assets") }
        // Find the earliest (date, asset) that is infinite, and the earliest missing value.
        var firstInfinite: (t: Int, j: Int)?
        var firstMissing: (t: Int, j: Int)?
        var complete = [Bool](repeating: true, count: n)
        var missingCount = 0
        panel.withUnsafeValues { v in
            for j in 0..<p {
                let base = j * n
                for t in 0..<n {
                    let x = v[base + t]
                    if x.isFinite { continue }
                    if x.isNaN {
                        complete[t] = false
                        missingCount += 1
                        if firstMissing == nil || t < firstMissing!.t { firstMissing = (t, j) }
                    } else if firstInfinite == nil || t < firstInfinite!.t {
                        firstInfinite = (t, j)
                    }
                }
            }
        }
        if let bad = firstInfinite {
            let x = panel[bad.t, bad.j]
            throw CovarianceError(.nonFinite, asset: panel.assets[bad.j], date: panel.dates[bad.t],
                                  detail: "return is \(x); infinite values are never valid data")
        }
        switch policy {
        case .forbid:
            if let m = firstMissing {
                throw CovarianceError(.missingValue, asset: panel.assets[m.j], date: panel.dates[m.t],
                                      detail: "missing value where the missing-data policy forbids it")
            }
            fallthrough
        case .pairwise:
            dates = panel.dates
            values = panel.withUnsafeValues { Array($0) }
            hasMissing = missingCount > 0
        case .dropIncompleteRows:
            assets = panel.assets
            if missingCount == 0 {
                dates = panel.dates
                values = panel.withUnsafeValues { Array($0) }
            } else {
                var kept = [Int]()
                kept.reserveCapacity(n)
                for t in 0..<n where complete[t] { kept.append(t) }
                let m = kept.count
                var out = [Double](repeating: 0, count: m * p)
                panel.withUnsafeValues { v in
                    out.withUnsafeMutableBufferPointer { o in
                        for j in 0..<p {
                            for (r, t) in kept.enumerated() { o[r + j * m] = v[t + j * n] }
                        }
                    }
                }
                dates = kept.map { panel.dates[$0] }
                values = out
            }
            hasMissing = false
        }
        assets = panel.assets
        guard dates.count >= minimumRows else {
            let dropped = policy == .dropIncompleteRows && missingCount > 0 ? " after dropping incomplete rows" : ""
            throw CovarianceError(.tooFewObservations, date: dates.last ?? panel.dates.last,
                                  detail: "need at least \(minimumRows) observations, got \(dates.count)\(dropped)")
        }
    }

    /// Subtracts each column's mean (over its non-missing values) in place and returns the means.
    ///
    /// Columns with no value keep their NaNs and get a NaN mean.
    /// - Complexity: O(T·N), two passes over the buffer.
    mutating func centreColumns() -> [Double] {
        let n = rows, p = columns
        var means = [Double](repeating: 0, count: p)
        values.withUnsafeMutableBufferPointer { v in
            for j in 0..<p {
                let base = j * n
                var sum = 0.0, count = 0
                for t in 0..<n {
                    let x = v[base + t]
                    if !x.isNaN { sum += x; count += 1 }
                }
                // A second pass corrects the rounding of the first (as numpy's mean is accurate).
                let first = count > 0 ? sum / Double(count) : .nan
                var residual = 0.0
                for t in 0..<n {
                    let x = v[base + t]
                    if !x.isNaN { residual += x - first }
                }
                let mean = first + (count > 0 ? residual / Double(count) : 0)
                means[j] = mean
                for t in 0..<n { v[base + t] -= mean }
            }
        }
        return means
    }

    /// Subtracts the weighted column means `Σ w_t x_t / Σ w_t` in place (complete data only) and returns them.
    mutating func centreColumns(weights w: [Double]) -> [Double] {
        let n = rows, p = columns
        var means = [Double](repeating: 0, count: p)
        var total = 0.0
        for t in 0..<n { total += w[t] }
        values.withUnsafeMutableBufferPointer { v in
            w.withUnsafeBufferPointer { w in
                for j in 0..<p {
                    let base = j * n
                    var sum = 0.0
                    for t in 0..<n { sum += w[t] * v[base + t] }
                    let first = sum / total
                    var residual = 0.0
                    for t in 0..<n { residual += w[t] * (v[base + t] - first) }
                    let mean = first + residual / total
                    means[j] = mean
                    for t in 0..<n { v[base + t] -= mean }
                }
            }
        }
        return means
    }

    /// Moves the buffer out as a `rows × columns` matrix (no copy).
    mutating func takeMatrix() -> Matrix {
        let m = Matrix(rows: rows, columns: columns, columnMajor: values)
        values = []
        return m
    }
}
