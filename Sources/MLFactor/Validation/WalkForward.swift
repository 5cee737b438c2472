import QuantCore

/// Walk-forward training: retrain every ``retrainEvery`` dates on the history before a gap and
/// predict only the dates up to the next retraining, giving an out-of-sample prediction panel.
///
/// The first test date is ``minimumTrainingDates`` `+` ``gap``. For a test block starting at
/// date `s`, training uses dates `< s - gap` (all of them, or the latest `w` for a rolling
/// window) whose target is present; the gap must be at least the target horizon so that every
/// training target was realised before `s`.
///
/// ```swift
/// let result = try WalkForward(minimumTrainingDates: 36, retrainEvery: 3).run(RidgeRegression(alpha: 10), on: data)
/// let report = try FactorEvaluator().evaluate(factor: result.predictions, forwardReturns: try data.targetPanel())
/// ```
public struct WalkForward: Sendable, Hashable {
    /// Dates of history before the first training.
    public var minimumTrainingDates: Int
    /// Dates predicted by each trained model (1 retrains every date).
    public var retrainEvery: Int
    /// Dates between the last training date and the first predicted date (at least the horizon).
    public var gap: Int
    /// Expanding or rolling training window.
    public var window: TrainingWindow

    /// Creates the schedule.
    public init(minimumTrainingDates: Int = 36, retrainEvery: Int = 1, gap: Int = 1, window: TrainingWindow = .expanding) {
        self.minimumTrainingDates = minimumTrainingDates
        self.retrainEvery = retrainEvery
        self.gap = gap
        self.window = window
    }

    /// The training and test dates of each retraining.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for a minimum history or retraining
    ///   period below 1, a negative gap or an empty rolling window; `.tooFewDates` when no date
    ///   is left to predict.
    /// - Complexity: O(dateCount² / retrainEvery) for an expanding window.
    public func splits(dateCount: Int) throws -> [DateSplit] {
        guard minimumTrainingDates >= 1, retrainEvery >= 1, gap >= 0 else {
            throw MLFactorError(.invalidConfiguration,
                                detail: "walk-forward needs minimum training dates >= 1 (\(minimumTrainingDates)), retrain period >= 1 (\(retrainEvery)) and gap >= 0 (\(gap))")
        }
        if case .rolling(let w) = window, w < 1 {
            throw MLFactorError(.invalidConfiguration, detail: "a rolling window needs at least 1 date, got \(w)")
        }
        let first = minimumTrainingDates + gap
        guard first < dateCount else {
            throw MLFactorError(.tooFewDates, detail: "\(dateCount) dates leave none to predict after \(minimumTrainingDates) training dates and a gap of \(gap)")
        }
        return stride(from: first, to: dateCount, by: retrainEvery).map { s in
            let trainEnd = s - gap
            var trainStart = 0
            if case .rolling(let w) = window { trainStart = Swift.max(0, trainEnd - w) }
            return DateSplit(trainingDates: Array(trainStart..<trainEnd), testDates: Array(s..<Swift.min(s + retrainEvery, dateCount)))
        }
    }

    /// Trains `regressor` on each split of ``splits(dateCount:)`` and predicts its test dates.
    ///
    /// - Throws: ``MLFactorError`` from ``splits(dateCount:)``, `.tooFewRows` naming the first
    ///   test date whose training window has no row with a target, or the regressor's error.
    /// - Complexity: one fit per split.
    public func run<R: Regressor>(_ regressor: R, on data: FactorDataset) throws -> WalkForwardResult<R.Model> {
        try run(on: data) { data, trainingDates in
            let training = data.subset(data.rows(onDates: trainingDates, requiringTarget: true))
            return try regressor.fit(features: training.features, target: training.target)
        }
    }

    /// Walk-forward with a custom fitting step that sees the dataset and the training dates, for
    /// models that tune themselves on the training history (e.g. a ridge penalty chosen by
    /// time-series cross-validation, ``RidgePenaltySearch/fit(on:trainingDates:splitter:)``).
    ///
    /// `fit` must only use rows on `trainingDates`; the test dates are never passed to it.
    ///
    /// ```swift
    /// let search = RidgePenaltySearch(candidates: [0.1, 1, 10, 100], scoring: .meanRankIC)
    /// let result = try WalkForward(minimumTrainingDates: 36, retrainEvery: 6).run(on: data) { data, dates in
    ///     try search.fit(on: data, trainingDates: dates, splitter: TimeSeriesSplit(folds: 4, gap: 1)).model
    /// }
    /// ```
    /// - Throws: as ``run(_:on:)``, or `fit`'s error.
    public func run<Model: RegressionModel>(
        on data: FactorDataset, fit: (_ data: FactorDataset, _ trainingDates: [Int]) throws -> Model
    ) throws -> WalkForwardResult<Model> {
        let splits = try splits(dateCount: data.dates.count)
        var predictedRows = [Int](), predictions = [Double](), models = [Model]()
        for split in splits {
            guard !data.rows(onDates: split.trainingDates, requiringTarget: true).isEmpty else {
                throw MLFactorError(.tooFewRows, date: data.dates[split.testDates[0]], detail: "the training window before this date has no row with a target")
            }
            let model = try fit(data, split.trainingDates)
            let testRows = data.rows(onDates: split.testDates, requiringTarget: false)
            if !testRows.isEmpty {
                predictions += try model.predict(data.subset(testRows).features)
                predictedRows += testRows
            }
            models.append(model)
        }
        return WalkForwardResult(predictions: try data.panel(rows: predictedRows, values: predictions), splits: splits, models: models)
    }
}
