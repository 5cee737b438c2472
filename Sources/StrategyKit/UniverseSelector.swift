public import QuantCore

/// The role that chooses (and optionally ranks) which symbols to hold.
///
/// Examples: a top-N factor-score selection, a momentum filter, a dual-momentum pick among
/// ETFs. A selector knows nothing about how its picks are weighted.
public protocol UniverseSelector: Sendable {
    /// A short human-readable name for reports.
    var name: String { get }

    /// Selects from `context.universe`.
    ///
    /// - Throws: ``StrategyError`` or the error of a module it uses.
    func select(_ context: StrategyContext) throws -> Selection
}

/// The symbols a ``UniverseSelector`` picked, best first, with optional scores.
public struct Selection: Sendable, Hashable {
    /// The chosen symbols, in rank order (best first).
    public var symbols: [Symbol]
    /// One score per symbol when the selector scores (same order), else empty.
    public var scores: [Double]
    /// The fraction of equity the selector wants invested, in `0...1` (e.g. 0 when an absolute
    /// momentum filter says "go to cash"). Weighting schemes scale their weights by it.
    public var investedFraction: Double
    /// Reasons and scores for reports.
    public var diagnostics: StrategyDiagnostics

    /// Creates a selection.
    public init(symbols: [Symbol], scores: [Double] = [], investedFraction: Double = 1, diagnostics: StrategyDiagnostics = StrategyDiagnostics()) {
        self.symbols = symbols
        self.scores = scores
        self.investedFraction = investedFraction
        self.diagnostics = diagnostics
    }
}

/// A selector that always returns the context's universe (optionally restricted to a fixed list).
public struct FixedUniverse: UniverseSelector {
    /// The symbols to keep, or `nil` for the whole context universe.
    public var symbols: [Symbol]?

    /// Creates the selector.
    public init(_ symbols: [Symbol]? = nil) { self.symbols = symbols }

    /// `"fixed universe"`.
    public var name: String { "fixed universe" }

    /// The fixed symbols present in the context universe (or the whole universe), in order.
    public func select(_ context: StrategyContext) throws -> Selection {
        guard let symbols else { return Selection(symbols: context.universe) }
        let available = Set(context.universe)
        return Selection(symbols: symbols.filter(available.contains))
    }
}
