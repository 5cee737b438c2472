internal import CLinearAlgebra

/// The first and second moments of a tall, thin matrix's columns and one more vector, from a
/// single pass over the data: column sums, `XᵀX`, `Xᵀy`, `Σy` and `yᵀy`.
///
/// What a least-squares fit with an intercept needs: with `n` rows and means `x̄ = sums / n`,
/// the centred Gram matrix is `XᵀX - n·x̄x̄ᵀ`.
public struct ColumnMoments: Sendable, Hashable {
    /// `Σᵢ X[i, j]` for each column `j`.
    public var sums: [Double]
    /// `XᵀX` (columns × columns, both triangles filled).
    public var gram: Matrix
    /// `Xᵀy`, one entry per column.
    public var crossProducts: [Double]
    /// `Σᵢ y[i]`.
    public var vectorSum: Double
    /// `yᵀy`.
    public var vectorSquares: Double

    /// Whether every moment is finite (it is not when an input value is NaN or infinite, or when
    /// a sum overflows).
    public var isFinite: Bool {
        vectorSum.isFinite && vectorSquares.isFinite && sums.allSatisfy(\.isFinite)
            && crossProducts.allSatisfy(\.isFinite) && gram.storage.allSatisfy(\.isFinite)
    }
}

extension Matrix {
    /// The sums and cross products of the columns of `self` and of `vector`, as ``ColumnMoments``.
    ///
    /// For up to 31 columns the data is read once, in blocks of rows that stay in the L1 cache,
    /// with AVX2 and FMA when the processor has them (chosen at run time); for a thin matrix this
    /// is several times faster than a `dsyrk` plus a `dgemv`, which pack the data first. Wider
    /// matrices use `dsyrk` and `dgemv`. The summation order is fixed for a given machine, so a
    /// result is reproducible, but it may differ in the last bits from a BLAS product.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:left:right:)`` when `vector`
    ///   does not have one entry per row.
    /// - Complexity: O(rows · columns²).
    public func columnMoments(with vector: [Double]) throws -> ColumnMoments {
        guard vector.count == rows else {
            throw LinearAlgebraError.dimensionMismatch(operation: "column moments", left: shape, right: Shape(rows: vector.count, columns: 1))
        }
        let p = columns, k = p + 1
        guard k <= Int(QK_CROSS_MAX_COLUMNS) else {
            var sums = [Double](repeating: 0, count: p)
            for j in 0..<p { for i in 0..<rows { sums[j] += self[i, j] } }
            return ColumnMoments(sums: sums, gram: gram(), crossProducts: try multiplied(by: vector, transposingSelf: .transposed),
                                 vectorSum: vector.reduce(0, +), vectorSquares: vector.reduce(0) { $0 + $1 * $1 })
        }
        var products = [Double](repeating: 0, count: k * k)
        var sums = [Double](repeating: 0, count: k)
        withUnsafeBufferPointer { x, ld in
            vector.withUnsafeBufferPointer { y in
                var columnStarts: [UnsafePointer<Double>?] = (0..<p).map { j in x.baseAddress.map { $0 + j * ld } }
                columnStarts.append(y.baseAddress)
                if rows == 0 { return }
                products.withUnsafeMutableBufferPointer { out in
                    sums.withUnsafeMutableBufferPointer { s in
                        _ = qk_cross_products(columnStarts, k, rows, out.baseAddress, s.baseAddress)
                    }
                }
            }
        }
        var gram = Matrix(rows: p, columns: p)
        for j in 0..<p {
            for i in 0...j {
                gram[i, j] = products[i + j * k]
                gram[j, i] = products[i + j * k]
            }
        }
        return ColumnMoments(sums: Array(sums[0..<p]), gram: gram, crossProducts: (0..<p).map { products[$0 + p * k] },
                             vectorSum: sums[p], vectorSquares: products[p + p * k])
    }
}
