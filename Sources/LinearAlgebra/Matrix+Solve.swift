internal import CLinearAlgebra

extension Matrix {
    /// Solves the square system `self · X = B` by LU with partial pivoting (`dgesv`).
    ///
    /// - Throws: ``LinearAlgebraError/notSquare(operation:shape:)``,
    ///   ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``,
    ///   ``LinearAlgebraError/nonFinite(row:column:)`` or ``LinearAlgebraError/singular(pivot:)``.
    /// - Complexity: O(n³).
    public func solve(_ rhs: Matrix) throws -> Matrix {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "solve", shape: shape) }
        guard rhs.rows == rows else { throw LinearAlgebraError.dimensionMismatch(operation: "solve", left: shape, right: rhs.shape) }
        try validateFinite()
        try rhs.validateFinite()
        try Self.checkLAPACKSize(shape)
        var a = self, b = rhs
        guard rows > 0, rhs.columns > 0 else { return b }
        var n = Int32(rows), nrhs = Int32(rhs.columns), lda = Int32(rows), ldb = Int32(rows), info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: rows)
        a.withUnsafeMutableBufferPointer { ap, _ in
            b.withUnsafeMutableBufferPointer { bp, _ in
                dgesv_(&n, &nrhs, ap.baseAddress, &lda, &pivots, bp.baseAddress, &ldb, &info)
            }
        }
        if info > 0 { throw LinearAlgebraError.singular(pivot: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dgesv", info: Int(info)) }
        return b
    }

    /// Solves `self · x = b` for one right-hand side.
    ///
    /// - Throws: as ``solve(_:)-(Matrix)``.
    public func solve(_ rhs: [Double]) throws -> [Double] {
        try solve(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).storage
    }

    /// The least-squares solution of `self · x ≈ b` for a full-column-rank `self` (QR, `dgels`).
    ///
    /// - Returns: The `columns × rhs.columns` solution.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``,
    ///   ``LinearAlgebraError/nonFinite(row:column:)``, or ``LinearAlgebraError/singular(pivot:)``
    ///   when `self` is rank deficient (the reported pivot is the zero diagonal of R).
    public func leastSquares(_ rhs: Matrix) throws -> Matrix {
        guard rhs.rows == rows else { throw LinearAlgebraError.dimensionMismatch(operation: "least squares", left: shape, right: rhs.shape) }
        guard rows >= columns else { throw LinearAlgebraError.dimensionMismatch(operation: "least squares (needs rows >= columns)", left: shape, right: rhs.shape) }
        try validateFinite()
        try rhs.validateFinite()
        try Self.checkLAPACKSize(shape)
        guard columns > 0, rhs.columns > 0 else { return Matrix(rows: columns, columns: rhs.columns) }
        var a = self, b = rhs
        var trans = CChar(UInt8(ascii: "N"))
        var m = Int32(rows), n = Int32(columns), nrhs = Int32(rhs.columns), lda = Int32(rows), ldb = Int32(rows), info: Int32 = 0
        var lwork: Int32 = -1, query = 0.0
        a.withUnsafeMutableBufferPointer { ap, _ in
            b.withUnsafeMutableBufferPointer { bp, _ in
                dgels_(&trans, &m, &n, &nrhs, ap.baseAddress, &lda, bp.baseAddress, &ldb, &query, &lwork, &info, 1)
            }
        }
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: Int(Swift.max(lwork, 1)))
        a.withUnsafeMutableBufferPointer { ap, _ in
            b.withUnsafeMutableBufferPointer { bp, _ in
                dgels_(&trans, &m, &n, &nrhs, ap.baseAddress, &lda, bp.baseAddress, &ldb, &work, &lwork, &info, 1)
            }
        }
        if info > 0 { throw LinearAlgebraError.singular(pivot: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dgels", info: Int(info)) }
        return Matrix(rows: columns, columns: rhs.columns) { i, j in b[i, j] }
    }

    /// The least-squares solution for one right-hand side.
    ///
    /// - Throws: as ``leastSquares(_:)-(Matrix)``.
    public func leastSquares(_ rhs: [Double]) throws -> [Double] {
        try leastSquares(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).storage
    }
}
