public import QuantCore
public import StrategyKit

/// Dual momentum (Antonacci): relative momentum picks the strongest risky assets, absolute
/// momentum sends each pick to the safe asset when it has not beaten it.
///
/// On each decision, every asset's trailing total return over ``lookback`` trading days is
/// `P_t / P_{t-lookback} - 1` (the last visible prices). The risky assets are ranked by it; the
/// best ``topCount`` are kept if their return exceeds the safe asset's (a short-term bond or cash
/// ETF), and otherwise replaced by the safe asset. The selection lists the surviving risky assets
/// (best first) and then the safe asset when any pick was replaced; how they are weighted is the
/// weighting scheme's business (equal weight, or risk parity for "DP+RP"):
///
/// ```swift
/// let dualMomentum = DualMomentum(risky: ["069500", "360750"], safe: "153130")   // KOSPI 200, S&P 500, KRW bond
/// let equal = ComposedStrategy(selector: dualMomentum, weighting: EqualWeighting())
/// let dpRP = ComposedStrategy(selector: dualMomentum, weighting: RiskParityWeighting())   // RiskParity module
/// ```
///
/// An asset without a price at either end of the window is skipped and named in the
/// diagnostics (`skipped`).
public struct DualMomentum: UniverseSelector {
    /// The risky assets to rank (e.g. a KOSPI 200 ETF and an S&P 500 ETF).
    public var risky: [Symbol]
    /// The safe asset (a short-term bond or cash ETF).
    public var safe: Symbol
    /// The momentum window in trading days (252 ≈ 12 months).
    public var lookback: Int
    /// How many risky assets to hold at most.
    public var topCount: Int

    /// Creates the selector.
    public init(risky: [Symbol], safe: Symbol, lookback: Int = 252, topCount: Int = 1) {
        self.risky = risky
        self.safe = safe
        self.lookback = lookback
        self.topCount = topCount
    }

    /// `"dual momentum"`.
    public var name: String { "dual momentum" }

    /// The trailing return of `symbol` over the window, or `nil` when a price is missing.
    func momentum(of symbol: Symbol, in prices: Panel) -> Double? {
        guard let j = prices.index(of: symbol), prices.dateCount == lookback + 1 else { return nil }
        let first = prices[0, j], last = prices[lookback, j]
        guard first.isFinite, last.isFinite, first > 0 else { return nil }
        return last / first - 1
    }

    /// The picks for `context.asOf`.
    ///
    /// - Throws: `StrategyError` `.invalidConfiguration` for a lookback or top count below 1,
    ///   `.missingData` when fewer than `lookback + 1` dates are visible or the safe asset has no
    ///   momentum.
    public func select(_ context: StrategyContext) throws -> Selection {
        guard lookback >= 1, topCount >= 1 else {
            throw StrategyError(.invalidConfiguration, date: context.asOf, detail: "lookback \(lookback) and top count \(topCount) must be at least 1")
        }
        let prices = context.view.prices(lookback: lookback + 1)
        guard prices.dateCount == lookback + 1 else {
            throw StrategyError(.missingData, date: context.asOf, detail: "dual momentum needs \(lookback + 1) dates of prices, \(prices.dateCount) visible")
        }
        guard let safeMomentum = momentum(of: safe, in: prices) else {
            throw StrategyError(.missingData, symbol: safe, date: context.asOf, detail: "the safe asset has no price at one end of the \(lookback)-day window")
        }
        var diagnostics = StrategyDiagnostics()
        diagnostics["momentum.\(safe.code)"] = .number(safeMomentum)
        var ranked = [(symbol: Symbol, momentum: Double)]()
        var skipped = [String]()
        for symbol in risky {
            if let m = momentum(of: symbol, in: prices) {
                ranked.append((symbol, m))
                diagnostics["momentum.\(symbol.code)"] = .number(m)
            } else {
                skipped.append(symbol.code)
            }
        }
        if !skipped.isEmpty { diagnostics["skipped"] = .text(skipped.joined(separator: ",")) }
        ranked.sort { $0.momentum > $1.momentum }
        var symbols = [Symbol](), scores = [Double]()
        var toSafe = false
        for pick in ranked.prefix(topCount) {
            if pick.momentum > safeMomentum {
                symbols.append(pick.symbol); scores.append(pick.momentum)
            } else {
                toSafe = true
            }
        }
        if toSafe || symbols.isEmpty { symbols.append(safe); scores.append(safeMomentum) }
        diagnostics["safe"] = .flag(symbols == [safe])
        return Selection(symbols: symbols, scores: scores, diagnostics: diagnostics)
    }
}
