/// One train/test split over date indices: a date's whole cross-section is on one side.
///
/// Indices refer to a sorted list of dates (``FactorDataset/dates``); both arrays are ascending.
public struct DateSplit: Sendable, Hashable, Codable {
    /// The date indices to train on.
    public var trainingDates: [Int]
    /// The date indices to test (predict) on.
    public var testDates: [Int]

    /// Creates a split.
    public init(trainingDates: [Int], testDates: [Int]) {
        self.trainingDates = trainingDates
        self.testDates = testDates
    }
}

/// How much history a training window keeps.
public enum TrainingWindow: Sendable, Hashable, Codable {
    /// Every date from the first one (an expanding window).
    case expanding
    /// Only the latest `dates` dates (a rolling window).
    case rolling(dates: Int)
}
