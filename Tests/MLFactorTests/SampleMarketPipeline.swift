import MLFactor
import QuantCore
import SampleData

/// The walk-forward pipeline on generated markets, shared by the feature and strategy tests.
enum SampleMarketPipeline {
    /// The last trading date of each month.
    static func monthEnds(_ dates: [TradingDate]) -> [TradingDate] {
        var out = [TradingDate]()
        for (k, d) in dates.enumerated() where k + 1 == dates.count || dates[k + 1].month != d.month { out.append(d) }
        return out
    }

    static let features: [FactorFeature] = [
        .bookToPrice, .earningsYield, .momentum12_1, .momentum6, .returnOnEquity, .grossProfitability,
        .debtRatio, .volatility60, .volumeRatio, .logMarketCap,
    ]

    static func builder(_ market: SyntheticMarket) -> FeatureBuilder {
        FeatureBuilder(returns: market.returns, volumes: market.volumes, marketCap: market.marketCap, fundamentals: market.fundamentals)
    }

    /// Features (ranked to 0…1, median-imputed) and next-month forward returns (raw, or ranked to 0…1 per month) on month ends.
    static func dataset(_ market: SyntheticMarket, features: [FactorFeature] = features, rankedTarget: Bool = false) throws -> FactorDataset {
        let dates = monthEnds(market.dates)
        let raw = try builder(market).panels(asOf: dates, features: features)
        let prepared = raw.map { (name: $0.feature.rawValue, panel: CrossSectionalTransform.apply([.rank, .medianImpute], to: $0.panel)) }
        // Only stocks listed on the as-of date (a price there) enter the cross-section.
        let listed = try FeatureBuilder(returns: market.returns, marketCap: market.marketCap).panels(asOf: dates, features: [.logMarketCap])[0].panel
        let masked = try prepared.map { item in
            (name: item.name, panel: try Panel(dates: dates, assets: item.panel.assets,
                                               values: zip(item.panel.values, listed.values).map { $1.isNaN ? .nan : $0 }))
        }
        let target = try ForwardReturns.compounded(dailyReturns: market.returns, asOf: dates)
        return try FactorDataset(features: masked, target: rankedTarget ? ForwardReturns.crossSectionalRanks(target) : target)
    }
}
