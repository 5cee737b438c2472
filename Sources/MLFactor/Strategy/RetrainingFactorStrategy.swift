import LinearAlgebra
public import QuantCore
public import StrategyKit

/// The ML factor strategy with walk-forward retraining: every ``retrainEveryMonths`` months it
/// fits ``regressor`` afresh on what the point-in-time view shows, then selects with
/// ``MLFactorSelector`` and weights with any `WeightingScheme`.
///
/// Training happens inside ``decide(_:state:)`` from the view alone, so the model of a decision
/// date has seen nothing after it: features at each of the last ``trainingMonths`` month ends
/// (``FeatureBuilder`` over the view's prices, volumes, market caps and the fundamentals
/// published by then), each normalised across its date with ``preprocessing``, and as target the
/// compounded return to the next month end, which only month ends a full month before the
/// decision date have. The fitted model is the strategy's ``State`` (Codable, so a bot can store
/// it between days).
///
/// ```swift
/// let strategy = RetrainingFactorStrategy(regressor: GradientBoostingRegressor(iterations: 100),
///                                         weighting: EqualWeighting(), fundamentals: market.fundamentals)
/// let result = try Backtester().run(strategy, on: dataset)    // retrains every quarter
/// ```
public struct RetrainingFactorStrategy<R: Regressor, Weighting: WeightingScheme>: Strategy {
    /// The fitted model and when it was fitted.
    public struct State: Sendable, Codable {
        /// The model in use, or `nil` before the first successful training.
        public var model: R.Model?
        /// The decision date of the last training.
        public var trainedOn: TradingDate?
        /// How many times the model was fitted.
        public var trainings: Int

        /// The state before any training.
        public init(model: R.Model? = nil, trainedOn: TradingDate? = nil, trainings: Int = 0) {
            self.model = model
            self.trainedOn = trainedOn
            self.trainings = trainings
        }
    }

    /// The learning algorithm fitted at each retraining.
    public var regressor: R
    /// How the selection is weighted.
    public var weighting: Weighting
    /// The model's input features, in column order.
    public var features: [FactorFeature]
    /// The per-date normalisation of each feature (training and prediction alike).
    public var preprocessing: [CrossSectionalTransform]
    /// Point-in-time fundamentals for value and quality.
    public var fundamentals: FundamentalsStore?
    /// The name of the market-capitalisation panel in the dataset.
    public var marketCapPanel: String
    /// The assets to train on (e.g. every stock ever listed, delisted ones included); `nil`
    /// trains on every asset of the view.
    public var trainingAssets: [Symbol]?
    /// Month ends of history in each training set.
    public var trainingMonths: Int
    /// Months between trainings.
    public var retrainEveryMonths: Int
    /// The weight of the prediction against the three-factor score.
    public var predictionWeight: Double
    /// The number of stocks selected.
    public var topN: Int
    /// The lowest price for a stock to be eligible, in won.
    public var minimumPrice: Double
    /// The lowest 20-day mean traded value for a stock to be eligible, in won.
    public var minimumTradedValue: Double
    /// Whether and how far a new target is traded.
    public var rebalancing: RebalancingRule

    /// Creates the strategy.
    public init(regressor: R, weighting: Weighting, features: [FactorFeature] = FactorFeature.allCases,
                preprocessing: [CrossSectionalTransform] = [.rank, .medianImpute], fundamentals: FundamentalsStore?,
                marketCapPanel: String = "marketCap", trainingAssets: [Symbol]? = nil, trainingMonths: Int = 36,
                retrainEveryMonths: Int = 3, predictionWeight: Double = 0.5, topN: Int = 20, minimumPrice: Double = 1_000,
                minimumTradedValue: Double = 0, rebalancing: RebalancingRule = RebalancingRule()) {
        self.regressor = regressor
        self.weighting = weighting
        self.features = features
        self.preprocessing = preprocessing
        self.fundamentals = fundamentals
        self.marketCapPanel = marketCapPanel
        self.trainingAssets = trainingAssets
        self.trainingMonths = trainingMonths
        self.retrainEveryMonths = retrainEveryMonths
        self.predictionWeight = predictionWeight
        self.topN = topN
        self.minimumPrice = minimumPrice
        self.minimumTradedValue = minimumTradedValue
        self.rebalancing = rebalancing
    }

    /// `"ML factor (retrained every k months) top N, <weighting>"`.
    public var name: String { "ML factor (retrained every \(retrainEveryMonths) months) top \(topN), \(weighting.name)" }

    /// No model yet.
    public func initialState() -> State { State() }

    /// Retrains when due, then selects and weights.
    ///
    /// A training that fails (too little history, say) keeps the previous model, or none, in
    /// which case the selection ranks by the three-factor score alone; the diagnostics say so.
    public func decide(_ context: StrategyContext, state: inout State) throws -> StrategyDecision {
        guard trainingMonths >= 2, retrainEveryMonths >= 1 else {
            throw StrategyError(.invalidConfiguration, date: context.asOf, detail: "training months \(trainingMonths) and retraining interval \(retrainEveryMonths) must be at least 2 and 1")
        }
        var diagnostics = StrategyDiagnostics()
        if isTrainingDue(on: context.asOf, state: state) {
            do {
                let (model, rows) = try train(on: context.view)
                state.model = model
                state.trainedOn = context.asOf
                state.trainings += 1
                diagnostics["trainingRows"] = .number(Double(rows))
            } catch {
                diagnostics["trainingSkipped"] = .text("\(error)")
            }
        }
        diagnostics["modelTrainedOn"] = .text(state.trainedOn?.description ?? "none (three-factor score only)")
        let selector = MLFactorSelector(model: state.model, features: features, preprocessing: preprocessing, fundamentals: fundamentals,
                                        marketCapPanel: marketCapPanel, predictionWeight: state.model == nil ? 0 : predictionWeight,
                                        topN: topN, minimumPrice: minimumPrice, minimumTradedValue: minimumTradedValue)
        let selection = try selector.select(context)
        let weighted = try weighting.weights(for: selection, in: context)
        let (target, trade, reason) = try rebalancing.apply(target: weighted.weights, current: context.currentWeights)
        diagnostics["rebalance"] = .text(reason)
        return StrategyDecision(target: target, rebalance: trade, diagnostics: diagnostics)
    }

    /// Whether `date` is at least ``retrainEveryMonths`` calendar months after the last training.
    func isTrainingDue(on date: TradingDate, state: State) -> Bool {
        guard state.model != nil, let last = state.trainedOn else { return true }
        let months = (date.year - last.year) * 12 + (date.month - last.month)
        return months >= retrainEveryMonths
    }

    /// Fits the regressor on the view's history; returns the model and the training row count.
    func train(on view: PointInTimeView) throws -> (R.Model, Int) {
        // 12-1 momentum needs 13 months before the first training month end.
        let window = (trainingMonths + 14) * 23
        var prices = view.prices(lookback: window)
        if let trainingAssets { prices = try prices.selecting(assets: trainingAssets.filter { prices.index(of: $0) != nil }) }
        let returns = try prices.simpleReturns()
        let rows = 1..<prices.dateCount
        // Assets the volume or market-cap panel lacks (an index, a newly added symbol) get missing
        // values there, not the whole panel dropped.
        let volumes = try view.volumes(lookback: window).map { try $0.rows(rows).aligned(toAssets: prices.assets) }
        let caps = try? view.panel(named: marketCapPanel, lookback: window).rows(rows).aligned(toAssets: prices.assets)
        let dates = returns.dates
        var monthEnds: [TradingDate] = []
        for k in dates.indices where k + 1 == dates.count || dates[k + 1].month != dates[k].month {
            monthEnds.append(dates[k])
        }
        // The last month end has no realised next month yet; keep the latest `trainingMonths` that do.
        let usable = Array(monthEnds.dropLast().suffix(trainingMonths))
        guard usable.count >= 2 else {
            throw StrategyError(.missingData, date: view.asOf, detail: "only \(usable.count) month ends with a realised next month are visible")
        }
        let asOf = usable + [monthEnds[monthEnds.count - 1]]
        let builder = FeatureBuilder(returns: returns, volumes: volumes, marketCap: caps, fundamentals: fundamentals)
        let raw = try builder.panels(asOf: asOf, features: features)
        let prepared = raw.map { (name: $0.feature.rawValue, panel: CrossSectionalTransform.apply(preprocessing, to: $0.panel)) }
        let target = try ForwardReturns.compounded(dailyReturns: returns, asOf: asOf)
        let data = try FactorDataset(features: prepared, target: target)
        let trainingRows = data.rows(onDates: Array(0..<usable.count), requiringTarget: true)
        let subset = data.subset(trainingRows)
        return (try regressor.fit(features: subset.features, target: subset.target), trainingRows.count)
    }
}
