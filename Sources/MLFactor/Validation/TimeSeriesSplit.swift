/// Time-series cross-validation over dates: each fold tests a later block of dates and trains
/// on dates before it, leaving a gap.
///
/// With `n` dates, `k` ``folds`` and a test block of `s` dates (``testDates``, by default
/// `n / (k + 1)`), fold `f` (0-based) tests dates `n - (k - f)·s ..< n - (k - f - 1)·s` and
/// trains on the dates before the test start minus ``gap``, all of them (``TrainingWindow/expanding``)
/// or the latest `w` (``TrainingWindow/rolling(dates:)``). This is scikit-learn's
/// `TimeSeriesSplit(n_splits=k, test_size=s, gap=g, max_train_size=w)` applied to dates rather
/// than rows, so a date's cross-section is never split.
///
/// The gap must cover the target horizon: a target at date `t` is the return from `t` to
/// `t + h`, which is not known until `t + h`, so training dates must end at least `h` dates
/// before the first test date.
///
/// ```swift
/// let splits = try TimeSeriesSplit(folds: 5, gap: 1).splits(dateCount: 120)
/// ```
public struct TimeSeriesSplit: Sendable, Hashable {
    /// The number of folds.
    public var folds: Int
    /// Dates per test block, or `nil` for `dateCount / (folds + 1)`.
    public var testDates: Int?
    /// Dates left out between the last training date and the first test date.
    public var gap: Int
    /// Expanding or rolling training window.
    public var window: TrainingWindow

    /// Creates the splitter.
    public init(folds: Int = 5, testDates: Int? = nil, gap: Int = 1, window: TrainingWindow = .expanding) {
        self.folds = folds
        self.testDates = testDates
        self.gap = gap
        self.window = window
    }

    /// The splits of `dateCount` dates, earliest test block first.
    ///
    /// - Throws: ``MLFactorError`` `.invalidConfiguration` for fewer than 2 folds, a negative gap,
    ///   a test block or rolling window below 1; `.tooFewDates` when the folds, test blocks and gap
    ///   do not fit in `dateCount` dates with at least one training date.
    /// - Complexity: O(folds · dateCount).
    public func splits(dateCount: Int) throws -> [DateSplit] {
        guard folds >= 2 else { throw MLFactorError(.invalidConfiguration, detail: "a time-series split needs at least 2 folds, got \(folds)") }
        guard gap >= 0 else { throw MLFactorError(.invalidConfiguration, detail: "the gap must be >= 0 dates, got \(gap)") }
        if case .rolling(let w) = window, w < 1 {
            throw MLFactorError(.invalidConfiguration, detail: "a rolling window needs at least 1 date, got \(w)")
        }
        let size = testDates ?? dateCount / (folds + 1)
        guard size >= 1 else {
            throw MLFactorError(.tooFewDates, detail: "\(dateCount) dates are too few for \(folds) folds (test blocks would be empty)")
        }
        let firstTest = dateCount - folds * size
        guard firstTest - gap >= 1 else {
            throw MLFactorError(.tooFewDates,
                                detail: "\(dateCount) dates cannot hold \(folds) test blocks of \(size) dates after a gap of \(gap) and at least one training date")
        }
        return (0..<folds).map { f in
            let testStart = firstTest + f * size
            let trainEnd = testStart - gap
            var trainStart = 0
            if case .rolling(let w) = window { trainStart = Swift.max(0, trainEnd - w) }
            return DateSplit(trainingDates: Array(trainStart..<trainEnd), testDates: Array(testStart..<(testStart + size)))
        }
    }
}
