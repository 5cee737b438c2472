import LinearAlgebra
import QuantCore

/// The returns an estimator works on: validated, with missing rows dropped per the policy.
///
/// Complete panels are not copied here: ``values`` shares the panel's buffer until
/// ``centredMatrix(weights:scaleRows:rowSquaredNorms:)`` writes the one centred (and optionally
/// weighted) copy in a single pass, which is the "one centred copy of the input" of the module's
/// memory budget. Panels that lose rows or are used pairwise are copied once and then transformed
/// in place.
struct PreparedReturns {
    /// The dates kept, in order.
    var dates: [TradingDate]
    /// The assets, in panel order.
    var assets: [Symbol]
    /// Column-major `rows × columns` values (NaN marks a missing value in pairwise mode).
    var values: [Double]
    /// Whether any value is missing (only possible under `.pairwise`).
    var hasMissing: Bool
    /// Whether ``values`` still shares the caller's panel buffer (so must not be written in place).
    private var sharesInput: Bool
    /// Per-column sums of the values, when every value is present (from the validation pass).
    private var columnSums: [Double]
    /// Per-column sums of squares, under the same condition.
    private var columnSquares: [Double]

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
        var sums = [Double](repeating: 0, count: p), squares = [Double](repeating: 0, count: p)
        panel.withUnsafeValues { v in
            for j in 0..<p {
                let base = j * n
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var q0 = 0.0, q1 = 0.0
                var t = 0
                while t + 4 <= n {
                    let a = v[base + t], b = v[base + t + 1], c = v[base + t + 2], d = v[base + t + 3]
                    s0 += a; s1 += b; s2 += c; s3 += d
                    q0 += a * a + c * c; q1 += b * b + d * d
                    t += 4
                }
                while t < n { s0 += v[base + t]; q0 += v[base + t] * v[base + t]; t += 1 }
                sums[j] = (s0 + s1) + (s2 + s3)
                squares[j] = q0 + q1
                if sums[j].isFinite { continue }   // fast path: the column is complete and finite
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
            values = panel.values
            sharesInput = true
            hasMissing = missingCount > 0
        case .dropIncompleteRows:
            assets = panel.assets
            if missingCount == 0 {
                dates = panel.dates
                values = panel.values
                sharesInput = true
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
                sharesInput = false
            }
            hasMissing = false
        }
        assets = panel.assets
        let usable = missingCount == 0 && sharesInput && sums.allSatisfy(\.isFinite) && squares.allSatisfy(\.isFinite)
        columnSums = usable ? sums : []
        columnSquares = usable ? squares : []
        guard dates.count >= minimumRows else {
            let dropped = policy == .dropIncompleteRows && missingCount > 0 ? " after dropping incomplete rows" : ""
            throw CovarianceError(.tooFewObservations, date: dates.last ?? panel.dates.last,
                                  detail: "need at least \(minimumRows) observations, got \(dates.count)\(dropped)")
        }
    }

    /// Subtracts each column's mean (over its non-missing values) and returns the means; the
    /// buffer is made private first if it still shares the input.
    ///
    /// Columns with no value keep their NaNs and get a NaN mean.
    /// - Complexity: O(T·N), two passes over the buffer.
    mutating func centreColumns() -> [Double] {
        let n = rows, p = columns
        var means = [Double](repeating: 0, count: p)
        sharesInput = false   // the first write below copies a shared buffer (copy-on-write)
        values.withUnsafeMutableBufferPointer { v in
            for j in 0..<p {
                let base = j * n
                var sum = 0.0, count = 0
                for t in 0..<n {
                    let x = v[base + t]
                    if !x.isNaN { sum += x; count += 1 }
                }
                let mean = count > 0 ? sum / Double(count) : .nan
                means[j] = mean
                for t in 0..<n { v[base + t] -= mean }
            }
        }
        return means
    }

    /// The complete-data matrix `(x_tj - m_j)·r_t` written in one pass, where `m` is the plain mean
    /// (no `weights`) or the weighted mean `Σ w x / Σ w`, and `r_t = sqrt(w_t)` when `scaleRows`
    /// (else 1). When `rowSquaredNorms` is non-nil it receives `Σ_j ((x_tj - m_j)·r_t)²` per row.
    ///
    /// Writes a new buffer when ``values`` shares the input, otherwise transforms it in place; either
    /// way this is the only `T × N` buffer the estimators allocate.
    /// - Precondition: no value is missing.
    /// - Complexity: O(T·N): one read pass for the means (skipped for plain means, already summed
    ///   during validation) and one write pass.
    mutating func centredMatrix(weights: [Double]? = nil, scaleRows: Bool = false, rowSquaredNorms: UnsafeMutableBufferPointer<Double>? = nil) -> Matrix {
        precondition(!hasMissing, "centredMatrix needs complete data")
        let n = rows, p = columns
        var means = [Double](repeating: 0, count: p)
        values.withUnsafeBufferPointer { v in
            if let weights {
                var total = 0.0
                for t in 0..<n { total += weights[t] }
                weights.withUnsafeBufferPointer { w in
                    for j in 0..<p {
                        let base = j * n
                        var s0 = 0.0, s1 = 0.0
                        var t = 0
                        while t + 2 <= n { s0 += w[t] * v[base + t]; s1 += w[t + 1] * v[base + t + 1]; t += 2 }
                        if t < n { s0 += w[t] * v[base + t] }
                        means[j] = (s0 + s1) / total
                    }
                }
            } else if columnSums.count == p {
                for j in 0..<p { means[j] = columnSums[j] / Double(n) }
            } else {
                for j in 0..<p {
                    var sum = 0.0
                    for t in 0..<n { sum += v[n * j + t] }
                    means[j] = sum / Double(n)
                }
            }
        }
        var roots = [Double]()
        if scaleRows, let weights {
            roots = weights
            for t in 0..<n { roots[t] = roots[t].squareRoot() }
        }
        var out: [Double]
        if sharesInput {
            out = [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
                values.withUnsafeBufferPointer { v in
                    Self.writeCentred(from: v, into: buffer, rows: n, columns: p, means: means, roots: roots, rowSquares: rowSquaredNorms)
                }
                count = n * p
            }
        } else {
            out = values
            values = []
            out.withUnsafeMutableBufferPointer { buffer in
                Self.writeCentred(from: UnsafeBufferPointer(buffer), into: buffer, rows: n, columns: p, means: means, roots: roots, rowSquares: rowSquaredNorms)
            }
        }
        values = []
        sharesInput = false
        return Matrix(rows: n, columns: p, columnMajor: out)
    }

    private static func writeCentred(
        from v: UnsafeBufferPointer<Double>, into o: UnsafeMutableBufferPointer<Double>, rows n: Int, columns p: Int,
        means: [Double], roots: [Double], rowSquares: UnsafeMutableBufferPointer<Double>?
    ) {
        roots.withUnsafeBufferPointer { r in
            for j in 0..<p {
                let base = j * n, mean = means[j]
                if r.isEmpty {
                    for t in 0..<n { o[base + t] = v[base + t] - mean }
                } else {
                    for t in 0..<n { o[base + t] = (v[base + t] - mean) * r[t] }
                }
                if let rowSquares {
                    for t in 0..<n { rowSquares[t] += o[base + t] * o[base + t] }
                }
            }
        }
    }

    /// `scale · Σ_t (x_t - m)(x_t - m)ᵀ` for complete data, with `m` the column means.
    ///
    /// When the input is still shared and every column's mean is small against its spread
    /// (`T·m_j² <= 0.01·Σ_t x_tj²`, always the case for daily returns) this is one `dsyrk` on the
    /// input itself followed by the rank-one correction `-T·m·mᵀ`: no copy of the input at all, and
    /// the cancellation costs at most `0.01·T·ε` relative to `σ_i σ_j`. Otherwise (prices, data with
    /// large offsets, or rows dropped) it centres a copy first. `rowSquaredNorms` receives
    /// `Σ_j (x_tj - m_j)²` per row, from a read-only pass.
    /// - Precondition: no value is missing.
    /// - Complexity: O(T·N²) for the `dsyrk`, plus O(T·N + N²).
    mutating func centredGram(scale: Double, rowSquaredNorms: UnsafeMutableBufferPointer<Double>? = nil) -> Matrix {
        precondition(!hasMissing, "centredGram needs complete data")
        let n = rows, p = columns, count = Double(n)
        var out = Matrix(rows: p, columns: p)
        let small = sharesInput && columnSums.count == p
            && (0..<p).allSatisfy { columnSums[$0] * columnSums[$0] / count <= 0.01 * columnSquares[$0] }
        guard small else {
            centredMatrix(rowSquaredNorms: rowSquaredNorms).gram(scale: scale, into: &out, accumulate: false)
            return out
        }
        var means = columnSums
        for j in 0..<p { means[j] /= count }
        if let r = rowSquaredNorms?.baseAddress {
            values.withUnsafeBufferPointer { v in
                guard let start = v.baseAddress else { return }
                Self.accumulateRowSquares(start, rows: n, columns: p, means: means, into: r)
            }
        }
        Matrix(rows: n, columns: p, columnMajor: values).gram(scale: scale, into: &out, accumulate: false)
        values = []
        sharesInput = false
        let correction = scale * count
        out.withUnsafeMutableBufferPointer { g, _ in
            means.withUnsafeBufferPointer { m in
                for j in 0..<p {
                    let base = j * p, mj = m[j]
                    for i in 0..<p { g[base + i] -= (m[i] * mj) * correction }
                }
            }
        }
        return out
    }

    /// `r[t] += Σ_j (x[t + j·n] - m_j)²`, a read-only pass.
    private static func accumulateRowSquares(
        _ x: UnsafePointer<Double>, rows n: Int, columns p: Int, means: [Double], into r: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<p {
            let column = x + j * n, mean = means[j]
            for t in 0..<n {
                let d = column[t] - mean
                r[t] += d * d
            }
        }
    }

    /// Moves the buffer out as a `rows × columns` matrix (no copy).
    mutating func takeMatrix() -> Matrix {
        let m = Matrix(rows: rows, columns: columns, columnMajor: values)
        values = []
        return m
    }
}
