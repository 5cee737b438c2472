public import QuantCore

/// Portfolio weights by symbol, as fractions of total equity, with the rest in cash.
///
/// Weights are finite and non-negative (long-only) and sum to at most one (within
/// 1e-9); ``cash`` is the remainder. Order is preserved for reporting.
///
/// ```swift
/// let target = try PortfolioWeights(["069500": 0.6, "153130": 0.4])
/// target.cash      // 0
/// ```
public struct PortfolioWeights: Sendable, Hashable, Codable {
    /// The symbols in the order given.
    public let symbols: [Symbol]
    /// The weight of each symbol, in ``symbols`` order.
    public let weights: [Double]

    /// Creates weights from parallel arrays.
    ///
    /// - Throws: ``StrategyError`` (`.invalidWeights`) naming the symbol with a non-finite or
    ///   negative weight, a duplicated symbol, or a total above one.
    public init(symbols: [Symbol], weights: [Double]) throws {
        guard symbols.count == weights.count else {
            throw StrategyError(.invalidWeights, detail: "\(symbols.count) symbols but \(weights.count) weights")
        }
        var seen = Set<Symbol>()
        var total = 0.0
        for (s, w) in zip(symbols, weights) {
            guard seen.insert(s).inserted else { throw StrategyError(.invalidWeights, symbol: s, detail: "symbol appears twice") }
            guard w.isFinite, w >= 0 else { throw StrategyError(.invalidWeights, symbol: s, detail: "weight \(w) is not a finite non-negative number") }
            total += w
        }
        guard total <= 1 + 1e-9 else { throw StrategyError(.invalidWeights, detail: "weights sum to \(total), above 1") }
        self.symbols = symbols
        self.weights = weights
    }

    /// Creates weights from (symbol, weight) pairs in order.
    ///
    /// - Throws: as ``init(symbols:weights:)``.
    public init(_ pairs: KeyValuePairs<Symbol, Double>) throws {
        try self.init(symbols: pairs.map(\.key), weights: pairs.map(\.value))
    }

    /// All cash.
    public static var allCash: PortfolioWeights { try! PortfolioWeights(symbols: [], weights: []) }

    /// The weight of `symbol` (0 when absent).
    public func weight(of symbol: Symbol) -> Double {
        symbols.firstIndex(of: symbol).map { weights[$0] } ?? 0
    }

    /// The invested fraction, `Σ w`.
    public var invested: Double { weights.reduce(0, +) }

    /// The cash fraction, `1 - Σ w` (never negative).
    public var cash: Double { Swift.max(0, 1 - invested) }

    /// The symbols with a positive weight.
    public var heldSymbols: [Symbol] { zip(symbols, weights).filter { $0.1 > 0 }.map(\.0) }

    /// One-way turnover to `other`: `½ Σ |w_i - w'_i|` over the union of symbols (cash included).
    public func turnover(to other: PortfolioWeights) -> Double {
        var sum = 0.0
        for s in Set(symbols).union(other.symbols) { sum += abs(weight(of: s) - other.weight(of: s)) }
        sum += abs(cash - other.cash)
        return sum / 2
    }

    /// The largest absolute weight difference to `other` over the union of symbols.
    public func maxDrift(from other: PortfolioWeights) -> Double {
        var worst = 0.0
        for s in Set(symbols).union(other.symbols) { worst = Swift.max(worst, abs(weight(of: s) - other.weight(of: s))) }
        return worst
    }
}
