import LinearAlgebra

/// Shared arithmetic of the shrink-toward-`mu·I` estimators (Ledoit-Wolf, OAS).
enum IdentityShrinkage {
    /// `trace(S)/N` and `Σ_ij S_ij²` of a symmetric matrix in one pass.
    ///
    /// - Complexity: O(N²).
    static func traceMeanAndSquaredNorm(_ s: Matrix) -> (mu: Double, squaredNorm: Double) {
        let p = s.rows
        return s.withUnsafeBufferPointer { a, _ in
            var trace = 0.0, norm = 0.0
            for j in 0..<p {
                let base = j * p
                trace += a[base + j]
                var column = 0.0
                for i in 0..<p { column += a[base + i] * a[base + i] }
                norm += column
            }
            return (trace / Double(p), norm)
        }
    }

    /// Replaces `S` by `(1 - δ)·S + δ·mu·I`, in place.
    static func shrink(_ s: inout Matrix, toward mu: Double, intensity delta: Double) {
        let p = s.rows
        s.withUnsafeMutableBufferPointer { a, _ in
            let keep = 1 - delta
            for k in 0..<a.count { a[k] *= keep }
            for j in 0..<p { a[j + j * p] += delta * mu }
        }
    }
}
