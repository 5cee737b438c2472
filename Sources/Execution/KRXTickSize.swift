/// What kind of listed instrument an order is for; the tick table differs.
public enum InstrumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A KOSPI or KOSDAQ stock.
    case stock
    /// An exchange-traded fund (or ETN).
    case etf
}

/// KRX price ticks: the grid on which order prices must lie.
///
/// Stocks (KOSPI and KOSDAQ alike, since the January 2023 unification): 1 won below 2,000;
/// 5 below 5,000; 10 below 20,000; 50 below 50,000; 100 below 200,000; 500 below 500,000;
/// 1,000 from 500,000. ETFs and ETNs: 1 won below 2,000, 5 won from 2,000. Every band boundary
/// is a multiple of the next band's tick, so rounding up across a boundary stays on the grid.
///
/// ```swift
/// KRXTickSize.tick(for: 71_250, kind: .stock)        // 100
/// KRXTickSize.roundDown(71_260, kind: .stock)        // 71_200
/// KRXTickSize.roundUp(71_201, kind: .stock)          // 71_300
/// ```
public enum KRXTickSize {
    /// The tick, in won, for an order price of `price` won.
    public static func tick(for price: Double, kind: InstrumentKind) -> Int {
        switch kind {
        case .etf:
            return price < 2_000 ? 1 : 5
        case .stock:
            switch price {
            case ..<2_000: return 1
            case ..<5_000: return 5
            case ..<20_000: return 10
            case ..<50_000: return 50
            case ..<200_000: return 100
            case ..<500_000: return 500
            default: return 1_000
            }
        }
    }

    /// The highest price on the tick grid at or below `price` (at least one tick).
    public static func roundDown(_ price: Double, kind: InstrumentKind) -> Int {
        let t = Double(tick(for: price, kind: kind))
        return max(Int(t), Int((price / t).rounded(.down) * t))
    }

    /// The lowest price on the tick grid at or above `price`.
    public static func roundUp(_ price: Double, kind: InstrumentKind) -> Int {
        let t = Double(tick(for: price, kind: kind))
        return max(Int(t), Int((price / t).rounded(.up) * t))
    }

    /// Whether `price` lies on the tick grid.
    public static func isOnGrid(_ price: Int, kind: InstrumentKind) -> Bool {
        price > 0 && price % tick(for: Double(price), kind: kind) == 0
    }
}

/// The daily price band: KRX accepts orders within ±30% of the base price (normally the
/// previous close), with the limits rounded inward onto the tick grid.
public struct DailyPriceBand: Sendable, Hashable, Codable {
    /// The lowest acceptable price, in won.
    public let lower: Int
    /// The highest acceptable price, in won.
    public let upper: Int

    /// The band around `basePrice` (won) for `kind`, `fraction` wide each way (0.30 on KRX).
    public init(basePrice: Double, kind: InstrumentKind, fraction: Double = 0.30) {
        upper = KRXTickSize.roundDown(basePrice * (1 + fraction), kind: kind)
        lower = KRXTickSize.roundUp(basePrice * (1 - fraction), kind: kind)
    }

    /// Whether an order at `price` won is inside the band.
    public func contains(_ price: Int) -> Bool { price >= lower && price <= upper }
}
