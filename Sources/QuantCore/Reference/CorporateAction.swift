/// A corporate action that changes a security's price without changing its holders' wealth:
/// a stock split, a reverse split or a cash dividend, effective on its ex-date.
///
/// On the ex-date the price opens "ex" the action: after a 5-for-1 split it is about a fifth
/// of the previous close, after a cash dividend `D` about `D` lower. ``AdjustedPrices`` turns a
/// list of actions into backward adjustment factors so that returns across ex-dates are
/// continuous.
///
/// ```swift
/// let split = CorporateAction(symbol: "005930", exDate: TradingDate(year: 2018, month: 5, day: 4)!,
///                             kind: .split(ratio: 50))                 // 50 new shares per old share
/// let reverse = CorporateAction(symbol: "123450", exDate: d, kind: .reverseSplit(ratio: 10))   // 10 old → 1 new
/// let dividend = CorporateAction(symbol: "005930", exDate: d, kind: .cashDividend(perShare: 361))
/// ```
public struct CorporateAction: Sendable, Hashable, Codable {
    /// What the action does.
    public enum Kind: Sendable, Hashable, Codable {
        /// A split: each old share becomes `ratio` new shares (`ratio > 0`; 2 for a 2-for-1 split).
        case split(ratio: Double)
        /// A reverse split (consolidation): `ratio` old shares become one new share (`ratio > 0`;
        /// 10 for a 1-for-10 reverse split).
        case reverseSplit(ratio: Double)
        /// A cash dividend of `perShare` (in the price's currency) per share held before the ex-date.
        case cashDividend(perShare: Double)
    }

    /// The security.
    public var symbol: Symbol
    /// The ex-date: the first trading date on which the price no longer carries the action.
    public var exDate: TradingDate
    /// The action.
    public var kind: Kind

    /// Creates an action.
    public init(symbol: Symbol, exDate: TradingDate, kind: Kind) {
        self.symbol = symbol
        self.exDate = exDate
        self.kind = kind
    }

    /// New shares per old share: `ratio` for a split, `1 / ratio` for a reverse split, 1 for a dividend.
    public var shareMultiplier: Double {
        switch kind {
        case .split(let ratio): ratio
        case .reverseSplit(let ratio): 1 / ratio
        case .cashDividend: 1
        }
    }

    /// Whether the action changes the number of shares.
    public var isSplit: Bool {
        if case .cashDividend = kind { return false }
        return true
    }

    /// The dividend per share, 0 for a split.
    public var dividendPerShare: Double {
        if case .cashDividend(let d) = kind { return d }
        return 0
    }

    /// Checks the action's own numbers.
    ///
    /// - Throws: ``DataError`` `.invalidValue` naming the symbol and ex-date when a split or
    ///   reverse-split ratio is not finite and positive, or a dividend is negative or not finite.
    public func validate() throws {
        switch kind {
        case .split(let ratio), .reverseSplit(let ratio):
            guard ratio.isFinite && ratio > 0 else {
                throw DataError(.invalidValue, asset: symbol, date: exDate, detail: "split ratio must be finite and positive, got \(ratio)")
            }
        case .cashDividend(let d):
            guard d.isFinite && d >= 0 else {
                throw DataError(.invalidValue, asset: symbol, date: exDate, detail: "dividend per share must be finite and >= 0, got \(d)")
            }
        }
    }
}
