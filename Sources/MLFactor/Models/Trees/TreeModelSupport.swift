/// Importances normalised to sum to 1 (all zeros when nothing was split).
func normalisedImportances(_ gains: [Double]) -> [Double] {
    let total = gains.reduce(0, +)
    return total > 0 ? gains.map { $0 / total } : gains.map { _ in 0 }
}

/// Checks a decoded forest: consistent arrays, children in range and after their parent (so
/// prediction terminates), features in range.
func validateTrees(_ trees: [RegressionTree], featureCount: Int, gains: [Double]) throws {
    guard gains.count == featureCount else {
        throw MLFactorError(.shapeMismatch, detail: "saved model has \(gains.count) importances for \(featureCount) features")
    }
    for (k, t) in trees.enumerated() {
        let m = t.values.count
        guard m > 0, t.features.count == m, t.thresholds.count == m, t.binThresholds.count == m, t.left.count == m, t.right.count == m else {
            throw MLFactorError(.shapeMismatch, detail: "saved tree \(k) has inconsistent node arrays")
        }
        for node in 0..<m where t.features[node] >= 0 {
            guard Int(t.features[node]) < featureCount, Int(t.left[node]) > node, Int(t.left[node]) < m,
                  Int(t.right[node]) > node, Int(t.right[node]) < m, t.thresholds[node].isFinite else {
                throw MLFactorError(.shapeMismatch, detail: "saved tree \(k) has an invalid node \(node)")
            }
        }
    }
}
