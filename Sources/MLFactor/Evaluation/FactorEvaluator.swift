public import QuantCore

/// Evaluates a factor (or a model's predictions) against forward returns, date by date, the
/// way alphalens does: IC, rank IC, quantile mean returns, long-short spread and turnover.
///
/// Both inputs are dates × assets panels. The forward-returns row for date `d` holds the return
/// realised *after* `d` (see ``ForwardReturns``). Only dates present in both panels and assets
/// present in both are used; on each date an asset is dropped when either value is missing.
///
/// Policies, stated once:
/// - a date with fewer than ``minimumAssets`` pairs is skipped (``SkippedDate/Reason/tooFewAssets``);
/// - a date on which every factor value, or every forward return, is equal is skipped, because
///   its correlation is undefined (``SkippedDate/Reason/constantFactor``, ``SkippedDate/Reason/constantReturns``);
/// - quantile bins hold equal counts by rank (``CrossSectionStatistics/quantileBins(_:quantiles:)``);
///   quantile 1 holds the lowest factor values; quantile returns are raw (not demeaned).
///
/// ```swift
/// let report = try FactorEvaluator(quantiles: 5).evaluate(factor: scores, forwardReturns: nextMonth)
/// report.rankIC.mean          // mean Spearman IC
/// report.longShortMean        // top minus bottom quintile
/// ```
public struct FactorEvaluator: Sendable, Hashable {
    /// The number of quantile bins (5 for quintiles).
    public var quantiles: Int
    /// The fewest assets a date needs to be evaluated.
    public var minimumAssets: Int

    /// Creates an evaluator.
    ///
    /// - Parameters:
    ///   - quantiles: Number of bins, at least 1.
    ///   - minimumAssets: Dates with fewer usable assets are skipped; at least `max(2, quantiles)`.
    public init(quantiles: Int = 5, minimumAssets: Int = 5) {
        self.quantiles = quantiles
        self.minimumAssets = minimumAssets
    }

    /// Evaluates `factor` against `forwardReturns`.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` (fewer than one quantile, or
    ///   ``minimumAssets`` below `max(2, quantiles)`), `.nonFinite` naming the asset and date of
    ///   an infinite value, `.tooFewDates` when no date can be evaluated.
    /// - Complexity: O(dates · assets · log assets).
    public func evaluate(factor: Panel, forwardReturns: Panel) throws -> FactorEvaluationReport {
        guard quantiles >= 1 else {
            throw MLFactorError(.invalidConfiguration, detail: "quantiles must be at least 1, got \(quantiles)")
        }
        guard minimumAssets >= Swift.max(2, quantiles) else {
            throw MLFactorError(.invalidConfiguration,
                                detail: "minimum assets (\(minimumAssets)) must be at least 2 and at least the number of quantiles (\(quantiles))")
        }
        try Self.rejectInfinities(factor, name: "factor")
        try Self.rejectInfinities(forwardReturns, name: "forward returns")

        var returnColumn = [Symbol: Int](minimumCapacity: forwardReturns.assetCount)
        for (j, asset) in forwardReturns.assets.enumerated() { returnColumn[asset] = j }
        let pairs: [(factor: Int, returns: Int)] = factor.assets.enumerated().compactMap { j, asset in
            returnColumn[asset].map { (j, $0) }
        }

        var report = FactorEvaluationReport(quantiles: quantiles)
        var previousTop: Set<Symbol>?
        var x = [Double](), y = [Double](), names = [Symbol]()
        for (t, date) in factor.dates.enumerated() {
            guard let u = forwardReturns.index(of: date) else { continue }
            x.removeAll(keepingCapacity: true)
            y.removeAll(keepingCapacity: true)
            names.removeAll(keepingCapacity: true)
            for pair in pairs {
                let f = factor[t, pair.factor], r = forwardReturns[u, pair.returns]
                if f.isNaN || r.isNaN { continue }
                x.append(f)
                y.append(r)
                names.append(factor.assets[pair.factor])
            }
            if x.count < minimumAssets {
                report.skipped.append(SkippedDate(date: date, reason: .tooFewAssets, assets: x.count))
                continue
            }
            if x.allSatisfy({ $0 == x[0] }) {
                report.skipped.append(SkippedDate(date: date, reason: .constantFactor, assets: x.count))
                continue
            }
            if y.allSatisfy({ $0 == y[0] }) {
                report.skipped.append(SkippedDate(date: date, reason: .constantReturns, assets: x.count))
                continue
            }
            report.dates.append(date)
            report.assetCounts.append(x.count)
            report.ic.append(CrossSectionStatistics.pearson(x, y))
            report.rankIC.append(CrossSectionStatistics.spearman(x, y))

            let bins = CrossSectionStatistics.quantileBins(x, quantiles: quantiles)
            var sums = [Double](repeating: 0, count: quantiles), counts = [Int](repeating: 0, count: quantiles)
            var top = Set<Symbol>()
            for k in 0..<x.count {
                sums[bins[k] - 1] += y[k]
                counts[bins[k] - 1] += 1
                if bins[k] == quantiles { top.insert(names[k]) }
            }
            let means = (0..<quantiles).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan }
            report.quantileReturns.append(means)
            report.universeMeanReturns.append(y.reduce(0, +) / Double(y.count))
            report.longShort.append(means[quantiles - 1] - means[0])
            if let previousTop {
                report.topQuantileTurnover.append(Double(top.subtracting(previousTop).count) / Double(top.count))
            } else {
                report.topQuantileTurnover.append(.nan)
            }
            previousTop = top
        }
        guard !report.dates.isEmpty else {
            throw MLFactorError(.tooFewDates,
                                detail: "no date could be evaluated (\(report.skipped.count) skipped; need at least \(minimumAssets) assets "
                                    + "with both a factor value and a forward return, not all equal)")
        }
        report.summarise()
        return report
    }

    private static func rejectInfinities(_ panel: Panel, name: String) throws {
        do { try panel.validateNoInfinities() } catch let error as DataError {
            throw MLFactorError(.nonFinite, asset: error.asset, date: error.date, detail: "the \(name) panel holds an infinite value")
        }
    }
}
