public import QuantCore

/// A method that turns a dates × assets panel of returns into a covariance estimate.
///
/// Every estimator in this module conforms: ``SampleCovariance``, ``LedoitWolf``,
/// ``ConstantCorrelationShrinkage``, ``OracleApproximatingShrinkage``,
/// ``ExponentiallyWeightedCovariance``, ``NonlinearShrinkage`` and ``DenoisedCovariance``.
/// Estimators are small `Sendable` configuration values; they hold no state between calls.
///
/// ```swift
/// let estimators: [any CovarianceEstimator] = [SampleCovariance(), LedoitWolf(), OracleApproximatingShrinkage()]
/// for estimator in estimators {
///     let estimate = try estimator.estimate(from: returns)
///     print(estimate.method, estimate.shrinkage ?? .nan)
/// }
/// ```
public protocol CovarianceEstimator: Sendable {
    /// Estimates the covariance of the panel's assets, in the units of the input (per period).
    ///
    /// - Parameter returns: A dates × assets panel of returns; `NaN` marks a missing value.
    /// - Returns: The matrix in the panel's asset order, with the estimator's diagnostics.
    /// - Throws: ``CovarianceError`` naming the asset and date to blame.
    func estimate(from returns: Panel) throws -> CovarianceEstimate
}
