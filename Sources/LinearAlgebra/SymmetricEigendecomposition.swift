internal import CLinearAlgebra

/// The eigendecomposition `A = V·diag(λ)·Vᵀ` of a symmetric matrix (LAPACK `dsyevr`).
///
/// Eigenvalues are in ascending order; column `k` of ``vectors`` is the unit eigenvector of
/// `values[k]`.
///
/// ```swift
/// let eig = try SymmetricEigendecomposition(covariance)
/// let clipped = eig.reconstructed { max($0, 1e-8) }   // nearest PSD by eigenvalue clipping
/// ```
public struct SymmetricEigendecomposition: Sendable, Hashable {
    /// Eigenvalues, ascending.
    public let values: [Double]
    /// Orthonormal eigenvectors, one per column, in the order of ``values``.
    public let vectors: Matrix

    /// Decomposes a symmetric matrix, reading its lower triangle.
    ///
    /// - Throws: ``LinearAlgebraError/notSquare(operation:shape:)``,
    ///   ``LinearAlgebraError/nonFinite(row:column:)`` or
    ///   ``LinearAlgebraError/lapackFailure(routine:info:)``.
    /// - Complexity: O(n³).
    public init(_ matrix: Matrix) throws {
        guard matrix.isSquare else { throw LinearAlgebraError.notSquare(operation: "eigendecomposition", shape: matrix.shape) }
        try matrix.validateFinite()
        try Matrix.checkLAPACKSize(matrix.shape)
        let size = matrix.rows
        guard size > 0 else {
            values = []
            vectors = Matrix(rows: 0, columns: 0)
            return
        }
        var a = matrix
        var z = Matrix(rows: size, columns: size)
        var w = [Double](repeating: 0, count: size)
        var isuppz = [Int32](repeating: 0, count: 2 * size)
        var jobz = CChar(UInt8(ascii: "V")), range = CChar(UInt8(ascii: "A")), uplo = CChar(UInt8(ascii: "L"))
        var n = Int32(size), lda = Int32(size), ldz = Int32(size), m: Int32 = 0, info: Int32 = 0
        var vl = 0.0, vu = 0.0, il: Int32 = 0, iu: Int32 = 0, abstol = 0.0
        // Workspace query.
        var workQuery = 0.0, iworkQuery: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        a.withUnsafeMutableBufferPointer { ap, _ in
            z.withUnsafeMutableBufferPointer { zp, _ in
                dsyevr_(&jobz, &range, &uplo, &n, ap.baseAddress, &lda, &vl, &vu, &il, &iu, &abstol, &m,
                        &w, zp.baseAddress, &ldz, &isuppz, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1, 1)
            }
        }
        if info != 0 { throw LinearAlgebraError.lapackFailure(routine: "dsyevr", info: Int(info)) }
        lwork = Int32(workQuery)
        liwork = iworkQuery
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        a.withUnsafeMutableBufferPointer { ap, _ in
            z.withUnsafeMutableBufferPointer { zp, _ in
                dsyevr_(&jobz, &range, &uplo, &n, ap.baseAddress, &lda, &vl, &vu, &il, &iu, &abstol, &m,
                        &w, zp.baseAddress, &ldz, &isuppz, &work, &lwork, &iwork, &liwork, &info, 1, 1, 1)
            }
        }
        if info != 0 { throw LinearAlgebraError.lapackFailure(routine: "dsyevr", info: Int(info)) }
        values = w
        vectors = z
    }

    /// Rebuilds `V·diag(f(λ))·Vᵀ`, for example with clipped or shrunk eigenvalues.
    ///
    /// The result is exactly symmetric.
    public func reconstructed(transformingEigenvalues transform: (Double) -> Double) -> Matrix {
        reconstructed(withEigenvalues: values.map(transform))
    }

    /// Rebuilds `V·diag(λ')·Vᵀ` with replacement eigenvalues `λ'` (same order as ``values``).
    ///
    /// - Precondition: `eigenvalues.count == values.count`.
    public func reconstructed(withEigenvalues eigenvalues: [Double]) -> Matrix {
        precondition(eigenvalues.count == values.count, "one eigenvalue per eigenvector")
        let n = values.count
        guard n > 0 else { return Matrix(rows: 0, columns: 0) }
        // B = V · diag(sqrt|λ'|) for the non-negative part is not general; scale columns instead.
        var scaled = vectors
        scaled.withUnsafeMutableBufferPointer { b, _ in
            for k in 0..<n {
                let s = eigenvalues[k]
                for i in 0..<n { b[i + k * n] *= s }
            }
        }
        var out = (try? scaled.multiplied(by: vectors, transposingOther: .transposed)) ?? Matrix(rows: n, columns: n)
        out.symmetrize()
        return out
    }
}
