public import QuantCore

/// A per-date (row-wise) transformation of a feature panel: winsorisation, standardisation,
/// ranking or imputation across the assets of each date.
///
/// Each transform sees one row at a time, so it never mixes dates: applying it cannot leak
/// information from one date into another. Missing cells stay missing except under
/// ``medianImpute``.
///
/// ```swift
/// let clean = CrossSectionalTransform.apply([.winsorizeQuantiles(lower: 0.01, upper: 0.99), .zScore, .medianImpute], to: raw)
/// ```
public enum CrossSectionalTransform: Sendable, Hashable, Codable {
    /// Clips each row to its `lower` and `upper` quantiles (linear interpolation between order
    /// statistics, numpy's default), `0 ≤ lower ≤ upper ≤ 1`.
    case winsorizeQuantiles(lower: Double, upper: Double)
    /// Clips each row to `median ± multiple · 1.4826 · MAD` (MAD = median absolute deviation,
    /// scaled to a normal standard deviation); a row with zero MAD is left unchanged.
    case winsorizeMAD(multiple: Double)
    /// `(x - mean) / std` per row with `std` of `ddof` 1; a row with fewer than two values or
    /// zero spread becomes all zeros.
    case zScore
    /// Average ranks scaled to `0 … 1`: `(rank - 1) / (count - 1)` (0.5 for a lone value).
    case rank
    /// Fills missing cells with the row's median (a row with no value stays missing).
    case medianImpute

    /// Applies `transforms` in order.
    public static func apply(_ transforms: [CrossSectionalTransform], to panel: Panel) -> Panel {
        transforms.reduce(panel) { $1.apply(to: $0) }
    }

    /// Applies the transform to every row.
    public func apply(to panel: Panel) -> Panel {
        if case .rank = self { return ForwardReturns.crossSectionalRanks(panel) }
        var out = panel
        for t in 0..<panel.dateCount {
            var columns = [Int](), values = [Double]()
            for j in 0..<panel.assetCount where !panel[t, j].isNaN {
                columns.append(j)
                values.append(panel[t, j])
            }
            guard !values.isEmpty else { continue }
            switch self {
            case let .winsorizeQuantiles(lower, upper):
                let sorted = values.sorted()
                let lo = Self.quantile(sorted, Swift.min(Swift.max(lower, 0), 1))
                let hi = Self.quantile(sorted, Swift.min(Swift.max(upper, 0), 1))
                for (k, j) in columns.enumerated() { out[t, j] = Swift.min(Swift.max(values[k], lo), hi) }
            case let .winsorizeMAD(multiple):
                let sorted = values.sorted()
                let median = Self.quantile(sorted, 0.5)
                let mad = Self.quantile(values.map { abs($0 - median) }.sorted(), 0.5) * 1.4826
                guard mad > 0 else { continue }
                for (k, j) in columns.enumerated() {
                    out[t, j] = Swift.min(Swift.max(values[k], median - multiple * mad), median + multiple * mad)
                }
            case .zScore:
                let m = CrossSectionStatistics.moments(values)
                for (k, j) in columns.enumerated() { out[t, j] = m.std > 0 ? (values[k] - m.mean) / m.std : 0 }
            case .medianImpute:
                let median = Self.quantile(values.sorted(), 0.5)
                for j in 0..<panel.assetCount where panel[t, j].isNaN { out[t, j] = median }
            case .rank:
                break
            }
        }
        return out
    }

    /// A panel of 1 where `panel` is missing and 0 elsewhere (a missing-indicator feature to pair
    /// with ``medianImpute``).
    public static func missingIndicator(of panel: Panel) -> Panel {
        panel.mapValues { $0.isNaN ? 1 : 0 }
    }

    /// Linear-interpolation quantile of ascending `sorted` values (numpy's default method).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = p * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
