/// What trading costs: broker commission on both sides, the securities transaction tax on
/// sells, and slippage against the close.
///
/// A buy of `n` shares at close `p` pays `n · p · (1 + slippage)` plus commission on that
/// amount; a sell receives `n · p · (1 - slippage)` less commission and tax on that amount.
///
/// ```swift
/// var costs = TradingCosts.krx                 // 0.015% commission, 0.18% sell tax, 5 bp slippage
/// costs.sellTaxRate = 0.0015                   // the rate in force for your period
/// ```
public struct TradingCosts: Sendable, Hashable, Codable {
    /// Commission as a fraction of traded value, charged on buys and sells.
    public var commissionRate: Double
    /// Securities transaction tax as a fraction of sell value (KRX charges it on sells only).
    public var sellTaxRate: Double
    /// Slippage as a fraction of the close: buys fill above it, sells below.
    public var slippage: Double

    /// Creates costs; every rate is a fraction (0.0001 = 1 basis point).
    public init(commissionRate: Double = 0, sellTaxRate: Double = 0, slippage: Double = 0) {
        self.commissionRate = commissionRate
        self.sellTaxRate = sellTaxRate
        self.slippage = slippage
    }

    /// No costs at all.
    public static var zero: TradingCosts { TradingCosts() }

    /// Typical KRX retail costs: 0.015% online commission, 0.18% transaction tax on sells (the
    /// KOSPI rate of 2024 including the special tax for rural development; the rate changes by
    /// year and market, so set the one in force), 5 basis points of slippage.
    public static var krx: TradingCosts { TradingCosts(commissionRate: 0.000_15, sellTaxRate: 0.001_8, slippage: 0.000_5) }

    /// The first rate that is negative, non-finite or not below one, as `(name, value)`.
    public var invalidRate: (name: String, value: Double)? {
        for (name, rate) in [("commission rate", commissionRate), ("sell tax rate", sellTaxRate), ("slippage", slippage)]
            where !(rate.isFinite && rate >= 0 && rate < 1) {
            return (name, rate)
        }
        return nil
    }

    /// What a buy of `shares` at `price` costs in cash: value with slippage, plus commission.
    public func buyCost(shares: Int, price: Double) -> (fill: Double, value: Double, commission: Double) {
        let fill = price * (1 + slippage)
        let value = Double(shares) * fill
        return (fill, value, value * commissionRate)
    }

    /// What a sell of `shares` at `price` brings: value with slippage, less commission and tax.
    public func sellProceeds(shares: Int, price: Double) -> (fill: Double, value: Double, commission: Double, tax: Double) {
        let fill = price * (1 - slippage)
        let value = Double(shares) * fill
        return (fill, value, value * commissionRate, value * sellTaxRate)
    }
}
