/// Chooses the ridge penalty by cross-validation over date splits (time-series or purged).
///
/// For each candidate `α` and each split, a ``RidgeRegression`` is fitted on the training
/// dates' rows (those with a target) and scored on the test dates' rows; the candidate with the
/// best mean score over the splits wins (the first listed on a tie). With
/// ``Scoring/negativeMeanSquaredError`` this is scikit-learn's
/// `GridSearchCV(Ridge(), {"alpha": candidates}, cv=splits, scoring="neg_mean_squared_error")`.
///
/// ```swift
/// let splits = try TimeSeriesSplit(folds: 5, gap: 1).splits(dateCount: data.dates.count)
/// let choice = try RidgePenaltySearch(candidates: [0.1, 1, 10, 100]).select(on: data, splits: splits)
/// let model = try RidgeRegression(alpha: choice.alpha).fit(features: x, target: y)
/// ```
public struct RidgePenaltySearch: Sendable, Hashable {
    /// How a fold's predictions are scored (higher is better).
    public enum Scoring: String, Sendable, Hashable, Codable {
        /// `-mean((y - ŷ)²)` over the test rows.
        case negativeMeanSquaredError
        /// The mean over test dates of the Spearman correlation of prediction and target
        /// (dates with fewer than 3 rows or a constant side are left out).
        case meanRankIC
    }

    /// The penalties to try.
    public var candidates: [Double]
    /// Whether the fitted models have an intercept.
    public var fitsIntercept: Bool
    /// The score to maximise.
    public var scoring: Scoring

    /// Creates the search.
    public init(candidates: [Double], fitsIntercept: Bool = true, scoring: Scoring = .negativeMeanSquaredError) {
        self.candidates = candidates
        self.fitsIntercept = fitsIntercept
        self.scoring = scoring
    }

    /// Runs the search.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` with no candidate or no split,
    ///   `.tooFewRows` naming the split whose training or test dates have no row with a target,
    ///   `.tooFewDates` when a rank-IC fold has no scorable date, or a fit's error.
    /// - Complexity: `candidates.count × splits.count` ridge fits.
    public func select(on data: FactorDataset, splits: [DateSplit]) throws -> RidgePenaltySelection {
        guard !candidates.isEmpty, !splits.isEmpty else {
            throw MLFactorError(.invalidConfiguration, detail: "the penalty search needs at least one candidate and one split")
        }
        var folds = [[Double]](repeating: [], count: candidates.count)
        for (s, split) in splits.enumerated() {
            let trainRows = data.rows(onDates: split.trainingDates, requiringTarget: true)
            let testRows = data.rows(onDates: split.testDates, requiringTarget: true)
            guard !trainRows.isEmpty, !testRows.isEmpty else {
                throw MLFactorError(.tooFewRows, detail: "split \(s + 1) has \(trainRows.count) training and \(testRows.count) test rows with a target")
            }
            let train = data.subset(trainRows), test = data.subset(testRows)
            for (c, alpha) in candidates.enumerated() {
                let model = try RidgeRegression(alpha: alpha, fitsIntercept: fitsIntercept).fit(features: train.features, target: train.target)
                let predicted = try model.predict(test.features)
                folds[c].append(try score(predicted, test.target, rows: testRows, data: data, split: s))
            }
        }
        let means = folds.map { $0.reduce(0, +) / Double($0.count) }
        var best = 0
        for c in means.indices where means[c] > means[best] { best = c }
        return RidgePenaltySelection(alpha: candidates[best], candidates: candidates, meanScores: means, foldScores: folds)
    }

    /// Chooses the penalty by cross-validating over `trainingDates` only, then fits the ridge on
    /// all of them: the penalty of a walk-forward step chosen without looking at its test dates.
    ///
    /// The splitter's folds are laid over the training dates that hold at least one row with a
    /// target (fold indices are positions in that list, so early dates without data, e.g. before
    /// a year of momentum exists, do not make empty folds), and its gap applies within that history.
    ///
    /// - Throws: as ``select(on:splits:)`` and ``TimeSeriesSplit/splits(dateCount:)``, or
    ///   `.tooFewRows` when the training dates hold no row with a target.
    public func fit(on data: FactorDataset, trainingDates: [Int], splitter: TimeSeriesSplit) throws -> (model: RidgeModel, selection: RidgePenaltySelection) {
        let usable = trainingDates.filter { !data.rows(onDates: [$0], requiringTarget: true).isEmpty }
        let inner = try splitter.splits(dateCount: usable.count).map {
            DateSplit(trainingDates: $0.trainingDates.map { usable[$0] }, testDates: $0.testDates.map { usable[$0] })
        }
        let selection = try select(on: data, splits: inner)
        let rows = data.rows(onDates: trainingDates, requiringTarget: true)
        guard !rows.isEmpty else { throw MLFactorError(.tooFewRows, detail: "the training dates hold no row with a target") }
        let training = data.subset(rows)
        let model = try RidgeRegression(alpha: selection.alpha, fitsIntercept: fitsIntercept).fit(features: training.features, target: training.target)
        return (model, selection)
    }

    private func score(_ predicted: [Double], _ actual: [Double], rows: [Int], data: FactorDataset, split: Int) throws -> Double {
        switch scoring {
        case .negativeMeanSquaredError:
            var ss = 0.0
            for k in predicted.indices { ss += (actual[k] - predicted[k]) * (actual[k] - predicted[k]) }
            return -ss / Double(predicted.count)
        case .meanRankIC:
            var byDate = [Int: (x: [Double], y: [Double])]()
            for (k, r) in rows.enumerated() {
                byDate[data.rowDates[r], default: ([], [])].x.append(predicted[k])
                byDate[data.rowDates[r], default: ([], [])].y.append(actual[k])
            }
            var ics = [Double]()
            for (_, pair) in byDate.sorted(by: { $0.key < $1.key }) {
                guard pair.x.count >= 3 else { continue }
                let ic = CrossSectionStatistics.spearman(pair.x, pair.y)
                if ic.isFinite { ics.append(ic) }
            }
            guard !ics.isEmpty else {
                throw MLFactorError(.tooFewDates, detail: "split \(split + 1) has no test date with at least 3 scorable rows")
            }
            return ics.reduce(0, +) / Double(ics.count)
        }
    }
}

/// The outcome of ``RidgePenaltySearch/select(on:splits:)``.
public struct RidgePenaltySelection: Sendable, Hashable, Codable {
    /// The chosen penalty.
    public var alpha: Double
    /// The candidates, in the order tried.
    public var candidates: [Double]
    /// The mean score of each candidate over the splits.
    public var meanScores: [Double]
    /// The score of each candidate on each split (`foldScores[candidate][split]`).
    public var foldScores: [[Double]]
}
