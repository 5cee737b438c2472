internal import CLinearAlgebra
import Foundation

/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// ```swift
/// let chol = try CholeskyFactorization(covariance)
/// let x = try chol.solve([1, 0, 0])      // Σ⁻¹ e₁
/// let logDet = chol.logDeterminant
/// ```
public struct CholeskyFactorization: Sendable, Hashable {
    /// The lower-triangular factor `L` (the strict upper triangle is zero).
    public let lower: Matrix

    /// Factorises `matrix`, reading its lower triangle.
    ///
    /// - Throws: ``LinearAlgebraError/notSquare(operation:shape:)``,
    ///   ``LinearAlgebraError/nonFinite(row:column:)``, or
    ///   ``LinearAlgebraError/notPositiveDefinite(order:)`` naming the first failing minor.
    /// - Complexity: O(n³/3).
    public init(_ matrix: Matrix) throws {
        guard matrix.isSquare else { throw LinearAlgebraError.notSquare(operation: "Cholesky factorisation", shape: matrix.shape) }
        try matrix.validateFinite()
        try Matrix.checkLAPACKSize(matrix.shape)
        var a = matrix
        var n = Int32(matrix.rows), lda = Int32(Swift.max(matrix.rows, 1)), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        if n > 0 {
            a.withUnsafeMutableBufferPointer { buffer, _ in
                dpotrf_(&uplo, &n, buffer.baseAddress, &lda, &info, 1)
            }
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dpotrf", info: Int(info)) }
        let size = matrix.rows
        a.withUnsafeMutableBufferPointer { buffer, _ in
            for j in 0..<size {
                for i in 0..<j { buffer[i + j * size] = 0 }
            }
        }
        lower = a
    }

    /// The order of the factorised matrix.
    public var order: Int { lower.rows }

    /// Solves `A·X = B` for a matrix of right-hand sides.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``.
    public func solve(_ rhs: Matrix) throws -> Matrix {
        guard rhs.rows == order else {
            throw LinearAlgebraError.dimensionMismatch(operation: "Cholesky solve", left: lower.shape, right: rhs.shape)
        }
        var b = rhs
        guard order > 0, rhs.columns > 0 else { return b }
        var n = Int32(order), nrhs = Int32(rhs.columns), lda = Int32(order), ldb = Int32(order), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        lower.withUnsafeBufferPointer { a, _ in
            b.withUnsafeMutableBufferPointer { bp, _ in
                dpotrs_(&uplo, &n, &nrhs, a.baseAddress, &lda, bp.baseAddress, &ldb, &info, 1)
            }
        }
        if info != 0 { throw LinearAlgebraError.lapackFailure(routine: "dpotrs", info: Int(info)) }
        return b
    }

    /// Solves `A·x = b` for one right-hand side.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)``.
    public func solve(_ rhs: [Double]) throws -> [Double] {
        try solve(Matrix(rows: rhs.count, columns: 1, columnMajor: rhs)).storage
    }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<order { sum += 2 * log(lower[i, i]) }
        return sum
    }

    /// The inverse `A⁻¹` (symmetric).
    public func inverse() throws -> Matrix {
        try solve(Matrix.identity(order))
    }
}

