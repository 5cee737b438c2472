public import QuantCore

/// The out-of-sample output of ``WalkForward/run(_:on:)``.
public struct WalkForwardResult<Model: RegressionModel>: Sendable {
    /// Predictions on the test dates (dates × assets; `NaN` on training-only dates and missing rows).
    public var predictions: Panel
    /// The splits, one per trained model.
    public var splits: [DateSplit]
    /// The model trained for each split.
    public var models: [Model]
}
