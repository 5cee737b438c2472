/// The factor premia planted in a synthetic market: the expected excess return, per year,
/// of a stock whose signal is one cross-sectional standard deviation above the mean.
///
/// At the first trading date of every month the generator computes three signals for each
/// listed stock from data public the evening before (exactly what a point-in-time factor
/// model could compute), standardises each across stocks (z-score, clipped to ±3, 0 when the
/// signal is unavailable) and adds `(value·z_value + momentum·z_momentum + quality·z_quality) / 252`
/// to the stock's expected daily return for the month:
///
/// - **value**: `log(B/M)`, the latest *published* book equity over the previous close's
///   market capitalisation (the log of 1/PBR);
/// - **momentum**: the 12-1 month total return, `log(TR[t-22] / TR[t-253])` in trading days;
/// - **quality**: ROE, four times the latest published quarterly net income over the book
///   equity of the same report.
///
/// The z-scores actually used are recorded in ``GroundTruth``, so a test or a model can be
/// scored against the truth. With the ``standard`` premia and the default market (monthly
/// residual volatility near 9%), each signal alone has a population information coefficient
/// of roughly 0.05 with next-month returns and the three together about 0.09.
///
/// ```swift
/// var configuration = SampleMarketGenerator.Configuration()
/// configuration.premia = FactorPremia(value: 0.08, momentum: 0, quality: 0.04)
/// ```
public struct FactorPremia: Sendable, Hashable, Codable {
    /// Annual expected excess return per standard deviation of the value signal.
    public var value: Double
    /// Annual expected excess return per standard deviation of the momentum signal.
    public var momentum: Double
    /// Annual expected excess return per standard deviation of the quality signal.
    public var quality: Double

    /// Creates premia (annual, per cross-sectional standard deviation).
    public init(value: Double, momentum: Double, quality: Double) {
        self.value = value
        self.momentum = momentum
        self.quality = quality
    }

    /// The defaults: 6% a year per standard deviation on each of value, momentum and quality.
    public static let standard = FactorPremia(value: 0.06, momentum: 0.06, quality: 0.06)

    /// No planted premia: expected returns depend on market beta only.
    public static let none = FactorPremia(value: 0, momentum: 0, quality: 0)
}
