public import QuantCore

extension PerformanceSummary {
    /// The summary of every asset of a returns panel, in the panel's asset order; each asset's
    /// missing values are dropped and counted.
    ///
    /// - Throws: ``RiskMetricsError`` naming the first asset whose series is unusable (all
    ///   missing, an infinity, a simple return below -1, fewer than 2 returns).
    /// - Complexity: O(N · T log T) for N assets and T dates.
    public static func summaries(of panel: Panel, kind: ReturnKind = .simple, conventions: PerformanceConventions = .empyrical,
                                 confidence: Double = 0.95) throws -> [PerformanceSummary] {
        var out = [PerformanceSummary]()
        out.reserveCapacity(panel.assetCount)
        for j in 0..<panel.assetCount {
            let series = try ReturnSeries.droppingMissing(panel.column(j), dates: panel.dates, asset: panel.assets[j], kind: kind)
            out.append(try PerformanceSummary(series, conventions: conventions, confidence: confidence))
        }
        return out
    }
}
