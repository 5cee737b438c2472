/// Purged k-fold cross-validation over dates with an embargo (López de Prado, *Advances in
/// Financial Machine Learning*, 2018, ch. 7).
///
/// The dates are cut into ``folds`` contiguous blocks (the first `n mod k` blocks one date
/// longer, as scikit-learn's `KFold`). Each block is tested in turn; the model trains on the
/// other dates except those whose label interval overlaps the test labels. A target at date `i`
/// spans `i … i + h` (``labelHorizon`` `h`), so for a test block `a … b`:
/// - *purged*: training dates `i` with `a - h ≤ i < a` (their labels end inside the test block),
///   and `b < i ≤ b + h` (their labels start inside the test labels);
/// - *embargoed*: a further ``embargo`` dates after `b + h`, against serial correlation.
///
/// Training dates fall on both sides of the test block, so use this for model selection, not as
/// a backtest; ``WalkForward`` produces the out-of-sample predictions.
///
/// ```swift
/// let splits = try PurgedKFold(folds: 5, labelHorizon: 1, embargo: 1).splits(dateCount: 120)
/// ```
public struct PurgedKFold: Sendable, Hashable {
    /// The number of folds.
    public var folds: Int
    /// The dates a target spans beyond its own date (1 for a one-period forward return).
    public var labelHorizon: Int
    /// Extra dates dropped after each test block's purged zone.
    public var embargo: Int

    /// Creates the splitter.
    public init(folds: Int = 5, labelHorizon: Int = 1, embargo: Int = 0) {
        self.folds = folds
        self.labelHorizon = labelHorizon
        self.embargo = embargo
    }

    /// The splits of `dateCount` dates, in block order.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for fewer than 2 folds or a negative
    ///   horizon or embargo; `.tooFewDates` when there are fewer dates than folds or a fold is
    ///   left with no training date.
    /// - Complexity: O(folds · dateCount).
    public func splits(dateCount: Int) throws -> [DateSplit] {
        guard folds >= 2 else { throw MLFactorError(.invalidConfiguration, detail: "purged k-fold needs at least 2 folds, got \(folds)") }
        guard labelHorizon >= 0, embargo >= 0 else {
            throw MLFactorError(.invalidConfiguration, detail: "the label horizon (\(labelHorizon)) and embargo (\(embargo)) must be >= 0")
        }
        guard dateCount >= folds else {
            throw MLFactorError(.tooFewDates, detail: "\(dateCount) dates are fewer than the \(folds) folds")
        }
        var splits = [DateSplit]()
        var start = 0
        for f in 0..<folds {
            let size = dateCount / folds + (f < dateCount % folds ? 1 : 0)
            let a = start, b = start + size - 1
            let excludedLow = a - labelHorizon, excludedHigh = b + labelHorizon + embargo
            let training = (0..<dateCount).filter { $0 < excludedLow || $0 > excludedHigh }
            guard !training.isEmpty else {
                throw MLFactorError(.tooFewDates,
                                    detail: "fold \(f + 1) of \(folds) has no training date left after purging \(labelHorizon) and embargoing \(embargo) dates")
            }
            splits.append(DateSplit(trainingDates: training, testDates: Array(a...b)))
            start += size
        }
        return splits
    }
}
