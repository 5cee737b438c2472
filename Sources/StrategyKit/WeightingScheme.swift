/// The role that turns a selection into portfolio weights.
///
/// Examples: equal weight, inverse volatility, risk parity (in the RiskParity module). A
/// weighting scheme sees the same point-in-time context as the selector, so it can estimate
/// a covariance from the visible history.
public protocol WeightingScheme: Sendable {
    /// A short human-readable name for reports.
    var name: String { get }

    /// Weights for `selection.symbols`, summing to `selection.investedFraction`.
    ///
    /// - Throws: ``StrategyError`` or the error of a module it uses.
    func weights(for selection: Selection, in context: StrategyContext) throws -> WeightingResult
}

/// Weights plus what the scheme wants to report about them.
public struct WeightingResult: Sendable, Hashable {
    /// The weights.
    public var weights: PortfolioWeights
    /// Solver status, fallbacks, risk shares.
    public var diagnostics: StrategyDiagnostics

    /// Creates a result.
    public init(weights: PortfolioWeights, diagnostics: StrategyDiagnostics = StrategyDiagnostics()) {
        self.weights = weights
        self.diagnostics = diagnostics
    }
}

/// Equal weights over the selection, scaled to its invested fraction.
public struct EqualWeighting: WeightingScheme {
    /// Creates the scheme.
    public init() {}

    /// `"equal weight"`.
    public var name: String { "equal weight" }

    /// `investedFraction / n` for each of the `n` selected symbols.
    ///
    /// - Throws: ``StrategyError`` (`.invalidWeights`) when the invested fraction is outside `0...1`.
    public func weights(for selection: Selection, in context: StrategyContext) throws -> WeightingResult {
        guard selection.investedFraction >= 0, selection.investedFraction <= 1 else {
            throw StrategyError(.invalidWeights, date: context.asOf, detail: "invested fraction \(selection.investedFraction) is outside 0...1")
        }
        let n = selection.symbols.count
        guard n > 0 else { return WeightingResult(weights: .allCash) }
        let w = selection.investedFraction / Double(n)
        return WeightingResult(weights: try PortfolioWeights(symbols: selection.symbols, weights: Array(repeating: w, count: n)))
    }
}
