import Foundation

/// How a return is measured from one price to the next.
public enum ReturnKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `p_t / p_{t-1} - 1`.
    case simple
    /// `log(p_t / p_{t-1})`.
    case log
}

extension Panel {
    /// Converts a price panel to returns; the result starts at the second date.
    ///
    /// A return across a missing price (either end) is missing.
    ///
    /// - Throws: ``DataError`` `.nonPositivePrice` naming the asset and date of a price `<= 0`,
    ///   `.nonFinite` for an infinite price, `.tooFewObservations` when there is only one date.
    public func returns(_ kind: ReturnKind = .simple) throws -> Panel {
        guard dates.count >= 2 else {
            throw DataError(.tooFewObservations, detail: "need at least 2 prices to compute a return, got \(dates.count)")
        }
        try validateNoInfinities()
        let n = dates.count, m = n - 1
        var out = [Double](repeating: .nan, count: m * assets.count)
        for j in 0..<assets.count {
            for t in 0..<n {
                let p = values[t + j * n]
                if !p.isNaN && p <= 0 {
                    throw DataError(.nonPositivePrice, asset: assets[j], date: dates[t], detail: "price \(p) is not positive")
                }
            }
            for t in 1..<n {
                let p0 = values[t - 1 + j * n], p1 = values[t + j * n]
                guard !p0.isNaN, !p1.isNaN else { continue }
                out[t - 1 + j * m] = kind == .simple ? p1 / p0 - 1 : log(p1 / p0)
            }
        }
        return Panel(unchecked: Array(dates.dropFirst()), assets: assets, values: out)
    }

    /// Simple returns `p_t / p_{t-1} - 1`. See ``returns(_:)``.
    public func simpleReturns() throws -> Panel { try returns(.simple) }

    /// Log returns `log(p_t / p_{t-1})`. See ``returns(_:)``.
    public func logReturns() throws -> Panel { try returns(.log) }
}

