import LinearAlgebra
public import QuantCore
public import StrategyKit

/// The ML factor stock selection: a blend of the three-factor score and a fitted model's
/// prediction, top N after a price and liquidity filter.
///
/// On each decision date the selector reads only the point-in-time view (prices, volumes and
/// the `marketCap` panel up to the as-of date) and the fundamentals public by then, computes
/// the model's ``features`` with ``FeatureBuilder``, normalises them across the eligible
/// stocks with ``preprocessing`` (which must match what the model was trained on), and scores
/// `score = (1 - w) · z(three-factor) + w · z(prediction)` with `w` = ``predictionWeight``
/// (z-scores across the eligible stocks; a missing three-factor score counts as the mean).
/// The ``topN`` highest scores are selected, best first (ties by symbol).
///
/// Eligible stocks are those in the context's universe with a price on the as-of date of at
/// least ``minimumPrice`` and a mean traded value (price × volume) over the last 20 dates of
/// at least ``minimumTradedValue``.
///
/// Weighting is a separate role: compose with any `WeightingScheme` (equal weight here; risk
/// parity from its own module) without this module depending on it.
///
/// ```swift
/// let selector = MLFactorSelector(model: trainedModel, features: features, fundamentals: store, topN: 20)
/// let strategy = ComposedStrategy(selector: selector, weighting: EqualWeighting())
/// ```
public struct MLFactorSelector<Model: RegressionModel>: UniverseSelector {
    /// The fitted model, or `nil` to rank by the three-factor score alone.
    public var model: Model?
    /// The model's input features, in its column order.
    public var features: [FactorFeature]
    /// The per-date normalisation applied to each feature before prediction.
    public var preprocessing: [CrossSectionalTransform]
    /// The point-in-time fundamentals (for value and quality).
    public var fundamentals: FundamentalsStore?
    /// The name of the market-capitalisation panel in the dataset.
    public var marketCapPanel: String
    /// The weight `w` of the prediction in the blend, in `0 … 1`.
    public var predictionWeight: Double
    /// The number of stocks to select.
    public var topN: Int
    /// The lowest price on the as-of date for a stock to be eligible.
    public var minimumPrice: Double
    /// The lowest mean traded value (price × volume, last 20 dates) for a stock to be eligible.
    public var minimumTradedValue: Double
    /// Trading dates of history read from the view (at least 253 for 12-1 momentum).
    public var lookback: Int
    /// The three-factor scorer.
    public var threeFactor: ThreeFactorScore

    /// Creates the selector.
    public init(model: Model?, features: [FactorFeature], preprocessing: [CrossSectionalTransform] = [.rank, .medianImpute],
                fundamentals: FundamentalsStore?, marketCapPanel: String = "marketCap", predictionWeight: Double = 0.5,
                topN: Int = 20, minimumPrice: Double = 1_000, minimumTradedValue: Double = 0, lookback: Int = 260,
                threeFactor: ThreeFactorScore = ThreeFactorScore()) {
        self.model = model
        self.features = features
        self.preprocessing = preprocessing
        self.fundamentals = fundamentals
        self.marketCapPanel = marketCapPanel
        self.predictionWeight = predictionWeight
        self.topN = topN
        self.minimumPrice = minimumPrice
        self.minimumTradedValue = minimumTradedValue
        self.lookback = lookback
        self.threeFactor = threeFactor
    }

    /// `"ML factor top N"`.
    public var name: String { "ML factor top \(topN)" }

    /// Scores the eligible stocks and selects the best ``topN``.
    ///
    /// - Throws: `StrategyError` `.invalidConfiguration` (top N below 1, a weight outside
    ///   `0 … 1`, a model whose feature count differs from ``features``), `.missingData` (no
    ///   volumes for a liquidity filter, no market-cap panel or fundamentals for the scores, a
    ///   feature missing for every eligible stock), `.emptyUniverse` when no stock is eligible;
    ///   or the error of the model or data.
    public func select(_ context: StrategyContext) throws -> Selection {
        guard topN >= 1 else { throw StrategyError(.invalidConfiguration, detail: "top N must be at least 1, got \(topN)") }
        guard predictionWeight >= 0, predictionWeight <= 1 else {
            throw StrategyError(.invalidConfiguration, detail: "the prediction weight must be in 0...1, got \(predictionWeight)")
        }
        if let model, model.featureCount != features.count {
            throw StrategyError(.invalidConfiguration, detail: "the model takes \(model.featureCount) features, \(features.count) are listed")
        }
        guard let fundamentals else { throw StrategyError(.missingData, date: context.asOf, detail: "the ML factor selector needs fundamentals") }
        let view = context.view
        let universe = context.universe.filter { view.assets.contains($0) }
        let prices = try view.prices(lookback: lookback + 1).selecting(assets: universe)
        guard prices.dateCount >= 2 else { throw StrategyError(.missingData, date: context.asOf, detail: "fewer than two price dates visible") }
        let returns = try prices.simpleReturns()
        let window = returns.dates.first!
        let caps = try view.panel(named: marketCapPanel).rows(from: window).selecting(assets: universe)
        let volumes = try view.volumes()?.rows(from: window).selecting(assets: universe)
        guard caps.dates == returns.dates else {
            throw StrategyError(.invalidData, date: context.asOf, detail: "the '\(marketCapPanel)' panel's dates differ from the prices'")
        }

        // Eligibility on the as-of row.
        let last = prices.dateCount - 1
        var eligible = [Int](), tooCheap = 0, illiquid = 0
        for (j, symbol) in universe.enumerated() {
            let price = prices[last, j]
            guard view.isTrading(symbol), price >= minimumPrice else { tooCheap += 1; continue }
            if minimumTradedValue > 0 {
                guard let volumes else {
                    throw StrategyError(.missingData, date: context.asOf, detail: "a minimum traded value needs volumes in the dataset")
                }
                // Volume row t matches price row t + 1 (the returns' dates); missing days count as no trade.
                let days = Swift.min(20, volumes.dateCount)
                var value = 0.0
                for t in (volumes.dateCount - days)..<volumes.dateCount {
                    let traded = volumes[t, j] * prices[t + 1, j]
                    if !traded.isNaN { value += traded }
                }
                guard value / Double(days) >= minimumTradedValue else { illiquid += 1; continue }
            }
            eligible.append(j)
        }
        guard !eligible.isEmpty else {
            throw StrategyError(.emptyUniverse, date: context.asOf,
                                detail: "no stock passes the price and liquidity filters (\(tooCheap) too cheap or not trading, \(illiquid) illiquid)")
        }
        let symbols = eligible.map { universe[$0] }

        let builder = FeatureBuilder(returns: returns, volumes: volumes.flatMap { $0.dates == returns.dates ? $0 : nil },
                                     marketCap: caps, fundamentals: fundamentals)
        let needed = Array(Set(features + [.bookToPrice, .momentum12_1, .returnOnEquity])).sorted { $0.rawValue < $1.rawValue }
        let computed: [FactorFeature: Panel]
        do {
            computed = Dictionary(uniqueKeysWithValues: try builder.panels(asOf: [context.asOf], features: needed).map {
                ($0.feature, try $0.panel.selecting(assets: symbols))
            })
        } catch let error as MLFactorError {
            throw StrategyError(.missingData, date: context.asOf, detail: "features: \(error)")
        }

        let factorScore = try threeFactor.score(value: computed[.bookToPrice]!, momentum: computed[.momentum12_1]!, quality: computed[.returnOnEquity]!)
        var blended = CrossSectionalTransform.zScore.apply(to: factorScore).row(0).map { $0.isNaN ? 0 : $0 }
        if let model, predictionWeight > 0 {
            var columns = [[Double]]()
            for feature in features {
                let column = CrossSectionalTransform.apply(preprocessing, to: computed[feature]!).row(0)
                if let bad = column.firstIndex(where: { $0.isNaN }) {
                    throw StrategyError(.missingData, symbol: symbols[bad], date: context.asOf,
                                        detail: "feature \(feature.rawValue) is missing after preprocessing (add .medianImpute)")
                }
                columns.append(column)
            }
            let x = Matrix(rows: symbols.count, columns: features.count, columnMajor: columns.flatMap { $0 })
            let prediction = try model.predict(x)
            let z = CrossSectionalTransform.zScore.apply(to: try Panel(dates: [context.asOf], assets: symbols, columns: prediction.map { [$0] })).row(0)
            for k in blended.indices { blended[k] = (1 - predictionWeight) * blended[k] + predictionWeight * z[k] }
        }
        let order = blended.indices.sorted { blended[$0] > blended[$1] || (blended[$0] == blended[$1] && symbols[$0] < symbols[$1]) }
        let chosen = order.prefix(topN)
        var diagnostics = StrategyDiagnostics()
        diagnostics["eligible"] = .number(Double(symbols.count))
        diagnostics["excludedByPrice"] = .number(Double(tooCheap))
        diagnostics["excludedByLiquidity"] = .number(Double(illiquid))
        return Selection(symbols: chosen.map { symbols[$0] }, scores: chosen.map { blended[$0] }, diagnostics: diagnostics)
    }
}
