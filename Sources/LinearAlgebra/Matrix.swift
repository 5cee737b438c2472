/// A dense matrix of `Double` with value semantics, stored in column-major order.
///
/// Element `(i, j)` lives at `storage[i + j * rows]`: each column is contiguous, which is the
/// order BLAS and LAPACK expect (leading dimension = ``rows``) and the order in which a
/// dates × assets panel keeps each asset's series together. Copies share storage until one
/// of them is mutated (copy-on-write through the underlying `Array`).
///
/// ```swift
/// var a = Matrix(rows: 2, columns: 2, columnMajor: [4, 1, 1, 3])
/// a[0, 1] = 1.5
/// let product = try a.multiplied(by: a)
/// ```
public struct Matrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order (`rows * columns` values).
    public private(set) var storage: [Double]

    /// Creates a matrix from elements in column-major order.
    ///
    /// - Precondition: `columnMajor.count == rows * columns` and both dimensions are non-negative
    ///   (a programming error, checked cheaply).
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(columnMajor.count == rows * columns, "Matrix storage has \(columnMajor.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// Creates a matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, columnMajor: Array(repeating: value, count: rows * columns))
    }

    /// Creates a matrix from an array of rows.
    ///
    /// - Throws: ``LinearAlgebraError/raggedRows(row:count:expected:)`` when the rows differ in length.
    public init(rowMajor rowArrays: [[Double]]) throws {
        let rows = rowArrays.count
        let columns = rowArrays.first?.count ?? 0
        var storage = [Double](repeating: 0, count: rows * columns)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw LinearAlgebraError.raggedRows(row: i, count: row.count, expected: columns)
            }
            for j in 0..<columns { storage[i + j * rows] = row[j] }
        }
        self.init(rows: rows, columns: columns, columnMajor: storage)
    }

    /// Creates a matrix whose elements are produced by a closure of `(row, column)`.
    public init(rows: Int, columns: Int, generator: (Int, Int) throws -> Double) rethrows {
        var storage = [Double]()
        storage.reserveCapacity(rows * columns)
        for j in 0..<columns {
            for i in 0..<rows { storage.append(try generator(i, j)) }
        }
        self.init(rows: rows, columns: columns, columnMajor: storage)
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `values` on its diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m[i, i] = v }
        return m
    }

    /// The shape `(rows, columns)`.
    public var shape: Shape { Shape(rows: rows, columns: columns) }

    /// Whether the matrix has as many rows as columns.
    public var isSquare: Bool { rows == columns }

    /// The element at row `i`, column `j`.
    ///
    /// - Precondition: both indices are in range.
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of range for \(rows)x\(columns)")
            return storage[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of range for \(rows)x\(columns)")
            storage[i + j * rows] = newValue
        }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Column \(j) out of range")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Row \(i) out of range")
        return (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The diagonal elements.
    public var diagonalElements: [Double] {
        (0..<Swift.min(rows, columns)).map { storage[$0 + $0 * rows] }
    }

    /// The matrix as an array of rows (convenient for JSON output and tests).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: rows * columns)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for j in 0..<columns {
                    for i in 0..<rows { dst[j + i * columns] = src[i + j * rows] }
                }
            }
        }
        return Matrix(rows: columns, columns: rows, columnMajor: out)
    }

    /// Calls `body` with the column-major elements and the leading dimension.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>, _ leadingDimension: Int) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body($0, rows) }
    }

    /// Calls `body` with mutable access to the column-major elements and the leading dimension.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Double>, _ leadingDimension: Int) throws -> R) rethrows -> R {
        let ld = rows
        return try storage.withUnsafeMutableBufferPointer { try body(&$0, ld) }
    }

    /// The first non-finite element in column-major order, if any.
    public var firstNonFiniteElement: (row: Int, column: Int)? {
        storage.withUnsafeBufferPointer { buffer in
            for k in 0..<buffer.count where !buffer[k].isFinite {
                return (k % Swift.max(rows, 1), k / Swift.max(rows, 1))
            }
            return nil
        }
    }

    /// Throws ``LinearAlgebraError/nonFinite(row:column:)`` naming the first NaN or infinity.
    public func validateFinite() throws {
        if let bad = firstNonFiniteElement { throw LinearAlgebraError.nonFinite(row: bad.row, column: bad.column) }
    }

    /// The largest absolute difference between `self` and its transpose, relative to the largest
    /// absolute element (0 for a symmetric matrix).
    public var relativeAsymmetry: Double {
        guard isSquare, rows > 0 else { return 0 }
        var scale = 0.0, worst = 0.0
        for j in 0..<columns {
            for i in 0..<rows {
                scale = Swift.max(scale, abs(self[i, j]))
                if i > j { worst = Swift.max(worst, abs(self[i, j] - self[j, i])) }
            }
        }
        return scale == 0 ? 0 : worst / scale
    }

    /// Replaces the matrix by `(A + Aᵀ) / 2`.
    ///
    /// - Precondition: the matrix is square.
    public mutating func symmetrize() {
        precondition(isSquare, "symmetrize() needs a square matrix")
        let n = rows
        storage.withUnsafeMutableBufferPointer { a in
            for j in 0..<n {
                for i in (j + 1)..<Swift.max(n, j + 1) {
                    let mean = 0.5 * (a[i + j * n] + a[j + i * n])
                    a[i + j * n] = mean
                    a[j + i * n] = mean
                }
            }
        }
    }

    /// Copies the lower triangle onto the upper triangle (after a BLAS/LAPACK call that wrote one triangle).
    public mutating func mirrorLowerToUpper() {
        precondition(isSquare, "mirrorLowerToUpper() needs a square matrix")
        let n = rows
        storage.withUnsafeMutableBufferPointer { a in
            for j in 0..<n {
                for i in (j + 1)..<Swift.max(n, j + 1) { a[j + i * n] = a[i + j * n] }
            }
        }
    }
}

/// The dimensions of a matrix.
public struct Shape: Sendable, Hashable, CustomStringConvertible {
    /// Number of rows.
    public var rows: Int
    /// Number of columns.
    public var columns: Int
    /// Creates a shape.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
    /// `"rows x columns"`.
    public var description: String { "\(rows)x\(columns)" }
}
