import ClassicStrategies
import MLFactor
import Covariance
import QuantCore
import RiskParity
import SampleData
import StrategyKit

/// The demo's strategies: dual momentum over the KOSPI 200 and S&P 500 ETFs with the
/// short-term bond ETF as the safe asset, weighted equally or by risk parity ("DP+RP").
enum DemoStrategies {
    static let risky: [Symbol] = [SyntheticMarket.kospi200ETF, SyntheticMarket.sp500ETF]
    static let safe = SyntheticMarket.shortTermBondETF

    static var selector: DualMomentum { DualMomentum(risky: risky, safe: safe, lookback: 252, topCount: 2) }

    static var equalWeight: ComposedStrategy<DualMomentum, EqualWeighting> {
        ComposedStrategy(name: "dual momentum, equal weight", selector: selector, weighting: EqualWeighting())
    }

    static var riskParity: ComposedStrategy<DualMomentum, RiskParityWeighting> {
        ComposedStrategy(name: "dual momentum, risk parity", selector: selector,
                         weighting: RiskParityWeighting(estimator: LedoitWolf(), lookback: 126))
    }

    /// Stock selection: the top 20 stocks by the three-factor score (value, momentum, quality;
    /// MLFactor, no fitted model), weighted by risk parity.
    static func threeFactorRiskParity(fundamentals: FundamentalsStore) -> ComposedStrategy<MLFactorSelector<RidgeModel>, RiskParityWeighting> {
        ComposedStrategy(name: "three-factor top 20, risk parity",
                         selector: MLFactorSelector<RidgeModel>(model: nil, features: [], fundamentals: fundamentals, topN: 20,
                                                                minimumPrice: 1_000, minimumTradedValue: 100_000_000),
                         weighting: RiskParityWeighting(estimator: LedoitWolf(), lookback: 126))
    }
}
