public import QuantCore

/// The classic three-factor composite: a weighted mean of the normalised value, momentum and
/// quality signals, per date.
///
/// Each signal panel is normalised across assets on each date by ``normalisation`` (by default
/// rank to `0 … 1`, then z-score, which is robust to the heavy tails of B/P or ROE); the score is
/// `Σ wₖ zₖ / Σ wₖ` over the signals present for that asset (an asset with none is missing).
/// It needs no fitting, so it is its own model: evaluate it with ``FactorEvaluator`` next to a
/// fitted model's predictions, or blend the two in ``MLFactorSelector``.
///
/// ```swift
/// let score = try ThreeFactorScore().score(value: bookToPrice, momentum: momentum12_1, quality: roe)
/// ```
public struct ThreeFactorScore: Sendable, Hashable, Codable {
    /// Weight of the value signal.
    public var valueWeight: Double
    /// Weight of the momentum signal.
    public var momentumWeight: Double
    /// Weight of the quality signal.
    public var qualityWeight: Double
    /// The per-date normalisation applied to each signal before weighting.
    public var normalisation: [CrossSectionalTransform]

    /// Creates the scorer with equal weights by default.
    public init(valueWeight: Double = 1, momentumWeight: Double = 1, qualityWeight: Double = 1,
                normalisation: [CrossSectionalTransform] = [.rank, .zScore]) {
        self.valueWeight = valueWeight
        self.momentumWeight = momentumWeight
        self.qualityWeight = qualityWeight
        self.normalisation = normalisation
    }

    /// The composite score panel.
    ///
    /// - Throws: ``MLFactorError`` `.labelMismatch` when the three panels differ in dates or
    ///   assets, `.invalidConfiguration` for a negative or non-finite weight or all-zero weights.
    /// - Complexity: O(dates · assets · log assets).
    public func score(value: Panel, momentum: Panel, quality: Panel) throws -> Panel {
        let weights = [valueWeight, momentumWeight, qualityWeight]
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw MLFactorError(.invalidConfiguration, detail: "three-factor weights must be finite, >= 0 and not all zero: \(weights)")
        }
        guard momentum.dates == value.dates, quality.dates == value.dates, momentum.assets == value.assets, quality.assets == value.assets else {
            throw MLFactorError(.labelMismatch, detail: "the value, momentum and quality panels must share dates and assets")
        }
        let signals = [value, momentum, quality].map { CrossSectionalTransform.apply(normalisation, to: $0) }
        var out = value
        for t in 0..<value.dateCount {
            for j in 0..<value.assetCount {
                var sum = 0.0, weight = 0.0
                for (k, signal) in signals.enumerated() where !signal[t, j].isNaN && weights[k] > 0 {
                    sum += weights[k] * signal[t, j]
                    weight += weights[k]
                }
                out[t, j] = weight > 0 ? sum / weight : .nan
            }
        }
        return out
    }
}
