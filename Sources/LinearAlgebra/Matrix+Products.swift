internal import CLinearAlgebra

/// Whether a BLAS operand is used as stored or transposed.
public enum Transposition: Sendable, Hashable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose.
    case transposed
}

extension Matrix {
    /// The matrix product `op(self) · op(other)` computed by `dgemm`.
    ///
    /// - Parameters:
    ///   - other: The right operand.
    ///   - selfTransposition: Whether to transpose `self` first.
    ///   - otherTransposition: Whether to transpose `other` first.
    ///   - scale: A scalar `alpha` multiplying the product.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``.
    /// - Complexity: O(m·n·k).
    public func multiplied(
        by other: Matrix,
        transposingSelf selfTransposition: Transposition = .none,
        transposingOther otherTransposition: Transposition = .none,
        scale: Double = 1
    ) throws -> Matrix {
        let (m, k) = selfTransposition == .none ? (rows, columns) : (columns, rows)
        let (k2, n) = otherTransposition == .none ? (other.rows, other.columns) : (other.columns, other.rows)
        guard k == k2 else {
            throw LinearAlgebraError.dimensionMismatch(operation: "matrix product", left: Shape(rows: m, columns: k), right: Shape(rows: k2, columns: n))
        }
        try Self.checkLAPACKSize(Shape(rows: Swift.max(m, k), columns: Swift.max(n, k)))
        var out = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return out }
        if k == 0 { return out }
        withUnsafeBufferPointer { a, lda in
            other.withUnsafeBufferPointer { b, ldb in
                out.withUnsafeMutableBufferPointer { c, ldc in
                    cblas_dgemm(
                        CblasColMajor,
                        selfTransposition == .none ? CblasNoTrans : CblasTrans,
                        otherTransposition == .none ? CblasNoTrans : CblasTrans,
                        Int32(m), Int32(n), Int32(k), scale,
                        a.baseAddress, Int32(Swift.max(lda, 1)),
                        b.baseAddress, Int32(Swift.max(ldb, 1)),
                        0, c.baseAddress, Int32(Swift.max(ldc, 1)))
                }
            }
        }
        return out
    }

    /// The symmetric matrix `scale · selfᵀ · self` (columns × columns), from one `dsyrk`.
    ///
    /// With `self` a centred T × N returns panel, `scale = 1 / (T - 1)` gives the sample
    /// covariance. Both triangles of the result are filled.
    ///
    /// - Complexity: O(T·N²/1) flops, half of a general product.
    public func gram(scale: Double = 1) -> Matrix {
        var out = Matrix(rows: columns, columns: columns)
        gram(scale: scale, into: &out, accumulate: false)
        return out
    }

    /// Computes `result = scale · selfᵀ · self (+ result if accumulate)` by `dsyrk`, in place.
    ///
    /// - Precondition: `result` is `columns × columns`.
    public func gram(scale: Double, into result: inout Matrix, accumulate: Bool) {
        precondition(result.rows == columns && result.columns == columns, "gram result must be \(columns)x\(columns)")
        let n = columns, k = rows
        guard n > 0 else { return }
        if k > 0 {
            withUnsafeBufferPointer { a, lda in
                result.withUnsafeMutableBufferPointer { c, ldc in
                    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(n), Int32(k), scale,
                                a.baseAddress, Int32(Swift.max(lda, 1)), accumulate ? 1 : 0, c.baseAddress, Int32(ldc))
                }
            }
        } else if !accumulate {
            result = Matrix(rows: n, columns: n)
        }
        result.mirrorLowerToUpper()
    }

    /// The matrix-vector product `op(self) · x` by `dgemv`.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``.
    public func multiplied(by x: [Double], transposingSelf transposition: Transposition = .none) throws -> [Double] {
        let (m, n) = transposition == .none ? (rows, columns) : (columns, rows)
        guard x.count == n else {
            throw LinearAlgebraError.dimensionMismatch(operation: "matrix-vector product", left: Shape(rows: m, columns: n), right: Shape(rows: x.count, columns: 1))
        }
        var y = [Double](repeating: 0, count: m)
        if m == 0 || n == 0 { return y }
        withUnsafeBufferPointer { a, lda in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transposition == .none ? CblasNoTrans : CblasTrans,
                                Int32(rows), Int32(columns), 1, a.baseAddress, Int32(Swift.max(lda, 1)),
                                xp.baseAddress, 1, 0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// The quadratic form `xᵀ · self · x`.
    ///
    /// - Throws: ``LinearAlgebraError`` when the shapes disagree.
    public func quadraticForm(_ x: [Double]) throws -> Double {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "quadratic form", shape: shape) }
        let y = try multiplied(by: x)
        var sum = 0.0
        for i in 0..<x.count { sum += x[i] * y[i] }
        return sum
    }

    /// Element-wise scaling by a constant.
    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        Matrix(rows: matrix.rows, columns: matrix.columns, columnMajor: matrix.storage.map { $0 * scalar })
    }

    /// Element-wise sum.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``.
    public func adding(_ other: Matrix) throws -> Matrix {
        guard shape == other.shape else {
            throw LinearAlgebraError.dimensionMismatch(operation: "addition", left: shape, right: other.shape)
        }
        var out = storage
        other.storage.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { a in
                for k in 0..<a.count { a[k] += b[k] }
            }
        }
        return Matrix(rows: rows, columns: columns, columnMajor: out)
    }

    static func checkLAPACKSize(_ shape: Shape) throws {
        let limit = Int(Int32.max)
        guard shape.rows <= limit, shape.columns <= limit else {
            throw LinearAlgebraError.tooLarge(shape)
        }
    }
}

/// Controls the number of threads OpenBLAS uses.
///
/// Benchmarks pin it so that Swift and its Python peers run with the same count.
public enum BLASThreads {
    /// Sets the OpenBLAS thread count (process-wide).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(Swift.max(1, count)))
    }

    /// The OpenBLAS thread count in force.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
