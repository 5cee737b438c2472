public import LinearAlgebra
public import QuantCore

/// Removes sector and size effects from a feature, date by date: the residual of a
/// cross-sectional least-squares regression on sector dummies and (log) size.
///
/// On each date, over the assets with a feature value (and a size value when ``size`` is given),
/// the feature is regressed on one dummy per sector present that date (an intercept when no
/// sectors are given) plus the size column; the residuals replace the values. With sectors only
/// this subtracts each sector's mean; with size only it removes the linear size tilt. Assets
/// without a sector form their own group; assets without a size value become missing. A date
/// with no more assets than regressors is left missing.
///
/// ```swift
/// let neutral = try CrossSectionalNeutralizer(sectors: sectorOf, size: logMarketCap).neutralize(bookToPrice)
/// ```
public struct CrossSectionalNeutralizer: Sendable {
    /// The sector name of each asset, or `nil` for no sector neutralisation.
    public var sectors: [Symbol: String]?
    /// A size panel (e.g. log market cap) on the feature's dates and assets, or `nil`.
    public var size: Panel?

    /// Creates the neutraliser.
    public init(sectors: [Symbol: String]? = nil, size: Panel? = nil) {
        self.sectors = sectors
        self.size = size
    }

    /// The residual panel.
    ///
    /// - Throws: ``MLFactorError`` `.labelMismatch` when ``size`` has other dates or assets than
    ///   `panel`, or the least-squares solver's failure as `.singularSystem` naming the date.
    /// - Complexity: O(dates · assets · regressors²).
    public func neutralize(_ panel: Panel) throws -> Panel {
        if let size, size.dates != panel.dates || size.assets != panel.assets {
            throw MLFactorError(.labelMismatch, detail: "the size panel must have the feature panel's dates and assets")
        }
        var out = panel.mapValues { _ in Double.nan }
        for t in 0..<panel.dateCount {
            var columns = [Int]()
            for j in 0..<panel.assetCount where !panel[t, j].isNaN && !(size.map { $0[t, j].isNaN } ?? false) { columns.append(j) }
            var groups = [String: Int]()
            var groupOf = [Int]()
            for j in columns {
                let name = sectors.map { $0[panel.assets[j]] ?? "" } ?? ""
                if groups[name] == nil { groups[name] = groups.count }
                groupOf.append(groups[name]!)
            }
            let k = groups.count + (size == nil ? 0 : 1)
            let m = columns.count
            guard m > k else { continue }
            var design = Matrix(rows: m, columns: k)
            for (r, j) in columns.enumerated() {
                design[r, groupOf[r]] = 1
                if let size { design[r, k - 1] = size[t, j] }
            }
            let y = columns.map { panel[t, $0] }
            let beta: [Double]
            do { beta = try design.leastSquares(y) } catch {
                throw MLFactorError(.singularSystem, date: panel.dates[t], detail: "the sector/size regression is rank deficient (\(error))")
            }
            let fitted = try design.multiplied(by: beta)
            for (r, j) in columns.enumerated() { out[t, j] = y[r] - fitted[r] }
        }
        return out
    }
}
