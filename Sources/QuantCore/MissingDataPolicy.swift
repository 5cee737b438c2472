/// What an estimator does with missing values (NaN cells) in a panel.
public enum MissingDataPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Any missing value is an error naming its asset and date.
    case forbid
    /// Dates with a missing value in any asset are dropped before estimating (listwise deletion).
    case dropIncompleteRows
    /// Each pair of assets uses the dates on which both are present (pairwise-complete); the
    /// result may need a positive-semidefinite repair.
    case pairwise
}
