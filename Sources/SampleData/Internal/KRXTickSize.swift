/// KRX price tick sizes, used to round synthetic closes to prices that could have traded.
///
/// Stocks follow the unified KOSPI/KOSDAQ table in force since 2023-01-25: 1 won below 2,000,
/// 5 below 5,000, 10 below 20,000, 50 below 50,000, 100 below 200,000, 500 below 500,000 and
/// 1,000 from 500,000 won. ETFs trade in 5-won ticks. (Earlier years had a coarser KOSPI table;
/// the synthetic market uses the current one throughout.)
enum KRXTickSize {
    /// The tick for a stock priced `price` won.
    static func stockTick(for price: Double) -> Double {
        switch price {
        case ..<2_000: 1
        case ..<5_000: 5
        case ..<20_000: 10
        case ..<50_000: 50
        case ..<200_000: 100
        case ..<500_000: 500
        default: 1_000
        }
    }

    /// The ETF tick: 5 won.
    static let etfTick = 5.0

    /// `price` rounded to the nearest multiple of `tick`, at least one tick.
    static func rounded(_ price: Double, tick: Double) -> Double {
        Swift.max(tick, (price / tick).rounded() * tick)
    }
}
