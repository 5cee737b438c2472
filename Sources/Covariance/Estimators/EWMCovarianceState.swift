public import QuantCore
import LinearAlgebra

/// A running exponentially weighted covariance that absorbs one new day in O(N²).
///
/// It holds the weighted means, the biased weighted covariance and the weight sums `V1 = Σ w`,
/// `V2 = Σ w²`, and applies pandas' recursion for each new row `x` (Welford-style, `f = 1 - alpha`):
/// `V1 ← f·V1`, then `m' = (V1·m + x) / (V1 + 1)`,
/// `C' = (V1·(C + (m - m')(m - m')ᵀ) + (x - m')(x - m')ᵀ) / (V1 + 1)`, `V1 ← V1 + 1`,
/// `V2 ← f²·V2 + 1`. ``estimate()`` returns `V1² / (V1² - V2) · C`, the same matrix
/// ``ExponentiallyWeightedCovariance`` computes from the whole history (equal to rounding).
///
/// Under `.pairwise`, the state keeps one set of sums per pair from the first missing value on
/// (5 `N × N` arrays), following pandas `ewm(...).cov()` pair by pair; before that, and under the
/// other policies, it keeps one mean vector and one matrix. Under `.dropIncompleteRows` a row with
/// a missing value is skipped entirely, like a dropped date in the batch estimator.
///
/// ```swift
/// var state = try EWMCovarianceState(assets: universe, decay: .halfLife(20))
/// try state.update(with: history)                       // seed once from the past
/// try state.update(with: todaysReturns, on: today)      // then O(N²) per day
/// let sigma = try state.estimate().matrix
/// ```
public struct EWMCovarianceState: Sendable, Hashable {
    /// The assets, in the order of rows and of the matrix.
    public let assets: [Symbol]
    /// The decay of the weights.
    public let decay: ExponentialDecay
    /// What a missing value in a new row means.
    public let missing: MissingDataPolicy
    /// The date of the last row absorbed (or skipped), if any.
    public private(set) var lastDate: TradingDate?
    /// The number of rows absorbed (skipped rows excluded).
    public private(set) var observations: Int = 0

    private let factor: Double
    private var rowWeight = 0.0, rowWeight2 = 0.0
    private var storage: Storage

    private enum Storage: Sendable, Hashable {
        case dense(Dense)
        case pairwise(Pairwise)
    }

    private struct Dense: Sendable, Hashable {
        var started = false
        var sumW = 0.0, sumW2 = 0.0
        var mean: [Double]
        var cov: [Double]
        /// Scratch for `m - m'` and `x - m'` (2N), so an update allocates nothing.
        var scratch: [Double] = []
    }

    /// Per-pair sums for pair `(i, j)`, `i <= j`, at index `i + j·N`.
    private struct Pairwise: Sendable, Hashable {
        var started: [Bool]
        var sumW: [Double], sumW2: [Double]
        var meanFirst: [Double], meanSecond: [Double]
        var cov: [Double]
    }

    /// Creates an empty state.
    ///
    /// - Throws: ``CovarianceError`` `.emptyUniverse` without assets, `.invalidParameter` for an
    ///   out-of-range decay, `.labelMismatch` for duplicate assets.
    public init(assets: [Symbol], decay: ExponentialDecay, missing: MissingDataPolicy = .dropIncompleteRows) throws {
        guard !assets.isEmpty else { throw CovarianceError(.emptyUniverse, detail: "the state needs at least one asset") }
        guard decay.isValid else { throw CovarianceError(.invalidParameter, detail: "invalid decay \(decay)") }
        var seen = Set<Symbol>()
        for asset in assets where !seen.insert(asset).inserted {
            throw CovarianceError(.labelMismatch, asset: asset, detail: "asset appears more than once")
        }
        self.assets = assets
        self.decay = decay
        self.missing = missing
        self.factor = 1 - decay.alpha
        let p = assets.count
        storage = .dense(Dense(mean: [Double](repeating: 0, count: p), cov: [Double](repeating: 0, count: p * p)))
    }

    /// Creates a state for an estimator's settings and absorbs `history`.
    ///
    /// - Throws: ``CovarianceError`` as ``init(assets:decay:missing:)`` and ``update(with:)``.
    public init(estimator: ExponentiallyWeightedCovariance, history: Panel) throws {
        try self.init(assets: history.assets, decay: estimator.decay, missing: estimator.missing)
        try update(with: history)
    }

    /// Absorbs every row of `returns`, oldest first.
    ///
    /// - Throws: ``CovarianceError`` `.labelMismatch` when the panel's assets differ from
    ///   ``assets`` (order included) or its first date is not after ``lastDate``; otherwise as
    ///   ``update(with:on:)``.
    /// - Complexity: O(T·N²).
    public mutating func update(with returns: Panel) throws {
        guard returns.assets == assets else {
            let differing = zip(returns.assets, assets).first { $0 != $1 }?.0 ?? returns.assets.first
            throw CovarianceError(.labelMismatch, asset: differing, date: returns.dates.first,
                                  detail: "the panel's assets (\(returns.assets.count)) differ from the state's (\(assets.count)) or are in another order")
        }
        var row = [Double](repeating: 0, count: assets.count)
        let n = returns.dateCount
        try returns.withUnsafeValues { v in
            for t in 0..<n {
                for j in 0..<assets.count { row[j] = v[t + j * n] }
                try update(with: row, on: returns.dates[t])
            }
        }
    }

    /// Absorbs one new day of returns (`NaN` = missing), in O(N²).
    ///
    /// - Parameters:
    ///   - newRow: One return per asset, in ``assets`` order.
    ///   - date: The row's date; must be after ``lastDate``.
    /// - Throws: ``CovarianceError``: `.labelMismatch` for a row of the wrong length or a date not
    ///   after ``lastDate``; `.nonFinite` for an infinite value; `.missingValue` for a missing value
    ///   under `.forbid` (each naming asset and date). A failed update leaves the state unchanged.
    /// - Complexity: O(N²) time, no allocation in the dense mode.
    public mutating func update(with newRow: [Double], on date: TradingDate) throws {
        let p = assets.count
        guard newRow.count == p else {
            throw CovarianceError(.labelMismatch, date: date, detail: "a row of \(newRow.count) values for \(p) assets")
        }
        if let lastDate, date <= lastDate {
            throw CovarianceError(.labelMismatch, date: date, detail: "the new row is not after the last date \(lastDate)")
        }
        var anyMissing = false
        for j in 0..<p where !newRow[j].isFinite {
            if newRow[j].isNaN {
                if missing == .forbid {
                    throw CovarianceError(.missingValue, asset: assets[j], date: date, detail: "missing value where the missing-data policy forbids it")
                }
                anyMissing = true
            } else {
                throw CovarianceError(.nonFinite, asset: assets[j], date: date, detail: "return is \(newRow[j]); infinite values are never valid data")
            }
        }
        lastDate = date
        if anyMissing && missing == .dropIncompleteRows { return }
        if observations > 0 {
            rowWeight *= factor
            rowWeight2 *= factor * factor
        }
        rowWeight += 1
        rowWeight2 += 1
        observations += 1
        if anyMissing, case .dense(let dense) = storage {
            storage = .pairwise(Self.pairwise(from: dense, count: p))
        }
        switch storage {
        case .dense(var dense):
            storage = .pairwise(Pairwise(started: [], sumW: [], sumW2: [], meanFirst: [], meanSecond: [], cov: []))  // release for in-place mutation
            Self.absorb(newRow, into: &dense, factor: factor)
            storage = .dense(dense)
        case .pairwise(var pairs):
            storage = .dense(Dense(mean: [], cov: []))
            Self.absorb(newRow, into: &pairs, factor: factor)
            storage = .pairwise(pairs)
        }
    }

    /// The bias-corrected covariance as of ``lastDate``.
    ///
    /// - Throws: ``CovarianceError`` `.tooFewObservations` before two rows (or for a pair with
    ///   fewer than two joint observations).
    /// - Complexity: O(N²).
    public func estimate() throws -> CovarianceEstimate {
        let p = assets.count
        var out = [Double](repeating: 0, count: p * p)
        switch storage {
        case .dense(let dense):
            let denominator = dense.sumW * dense.sumW - dense.sumW2
            guard dense.started, denominator > 1e-14 * dense.sumW * dense.sumW else {
                throw CovarianceError(.tooFewObservations, date: lastDate, detail: "need at least 2 observations, got \(observations)")
            }
            let correction = dense.sumW * dense.sumW / denominator
            for j in 0..<p {
                for i in 0...j {
                    let value = dense.cov[i + j * p] * correction
                    out[i + j * p] = value
                    out[j + i * p] = value
                }
            }
        case .pairwise(let pairs):
            for j in 0..<p {
                for i in 0...j {
                    let k = i + j * p
                    let w = pairs.sumW[k], denominator = w * w - pairs.sumW2[k]
                    guard pairs.started[k], denominator > 1e-14 * w * w else {
                        let what = i == j ? "\(assets[i]) has" : "\(assets[i]) and \(assets[j]) share"
                        throw CovarianceError(.tooFewObservations, asset: assets[i], date: lastDate,
                                              detail: "\(what) fewer than 2 observations")
                    }
                    let value = pairs.cov[k] * (w * w / denominator)
                    out[k] = value
                    out[j + i * p] = value
                }
            }
        }
        return CovarianceEstimate(
            assets: assets, matrix: Matrix(rows: p, columns: p, columnMajor: out), method: "ewm",
            observations: observations, effectiveSampleSize: rowWeight * rowWeight / rowWeight2,
            diagnostics: ["alpha": decay.alpha])
    }

    private static func absorb(_ x: [Double], into s: inout Dense, factor: Double) {
        let p = x.count
        if !s.started {
            s.started = true
            s.mean = x
            s.sumW = 1
            s.sumW2 = 1
            return
        }
        s.sumW *= factor
        s.sumW2 *= factor * factor
        let old = s.sumW, total = old + 1
        if s.scratch.count != 2 * p { s.scratch = [Double](repeating: 0, count: 2 * p) }
        x.withUnsafeBufferPointer { x in
            s.mean.withUnsafeMutableBufferPointer { m in
                s.cov.withUnsafeMutableBufferPointer { c in
                    s.scratch.withUnsafeMutableBufferPointer { scratch in
                        // scratch[i] = m_i - m'_i, scratch[p + i] = x_i - m'_i.
                        for i in 0..<p {
                            let updated = (old * m[i] + x[i]) / total
                            scratch[i] = m[i] - updated
                            scratch[p + i] = x[i] - updated
                            m[i] = updated
                        }
                        let keep = old / total, fresh = 1 / total
                        for j in 0..<p {
                            let base = j * p, dj = keep * scratch[j], ej = fresh * scratch[p + j]
                            for i in 0...j {
                                c[base + i] = keep * c[base + i] + scratch[i] * dj + scratch[p + i] * ej
                            }
                        }
                    }
                }
            }
        }
        s.sumW += 1
        s.sumW2 += 1
    }

    private static func absorb(_ x: [Double], into s: inout Pairwise, factor: Double) {
        let p = x.count
        let f2 = factor * factor
        for j in 0..<p {
            let xj = x[j]
            for i in 0...j {
                let k = i + j * p
                let xi = x[i]
                let observed = !xi.isNaN && !xj.isNaN
                if s.started[k] {
                    s.sumW[k] *= factor
                    s.sumW2[k] *= f2
                    guard observed else { continue }
                    let old = s.sumW[k], total = old + 1
                    let mi = (old * s.meanFirst[k] + xi) / total
                    let mj = (old * s.meanSecond[k] + xj) / total
                    s.cov[k] = (old * (s.cov[k] + (s.meanFirst[k] - mi) * (s.meanSecond[k] - mj)) + (xi - mi) * (xj - mj)) / total
                    s.meanFirst[k] = mi
                    s.meanSecond[k] = mj
                    s.sumW[k] += 1
                    s.sumW2[k] += 1
                } else if observed {
                    s.started[k] = true
                    s.meanFirst[k] = xi
                    s.meanSecond[k] = xj
                    s.cov[k] = 0
                    s.sumW[k] = 1
                    s.sumW2[k] = 1
                }
            }
        }
    }

    private static func pairwise(from dense: Dense, count p: Int) -> Pairwise {
        var out = Pairwise(
            started: [Bool](repeating: dense.started, count: p * p),
            sumW: [Double](repeating: dense.sumW, count: p * p), sumW2: [Double](repeating: dense.sumW2, count: p * p),
            meanFirst: [Double](repeating: 0, count: p * p), meanSecond: [Double](repeating: 0, count: p * p),
            cov: dense.cov)
        if dense.started {
            for j in 0..<p {
                for i in 0...j {
                    out.meanFirst[i + j * p] = dense.mean[i]
                    out.meanSecond[i + j * p] = dense.mean[j]
                }
            }
        }
        return out
    }
}
