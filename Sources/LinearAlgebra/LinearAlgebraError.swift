/// A failure of a linear-algebra operation on user data.
///
/// Every case names what was wrong and where, so that a caller can report it; nothing in
/// ``LinearAlgebra`` traps on data (only on programming errors such as an index out of range).
public enum LinearAlgebraError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The operands' shapes do not fit the operation.
    case dimensionMismatch(operation: String, left: Shape, right: Shape)
    /// The operation needs a square matrix.
    case notSquare(operation: String, shape: Shape)
    /// A Cholesky factorisation failed: the leading minor of this order (1-based) is not positive.
    case notPositiveDefinite(order: Int)
    /// A solve found an exactly zero pivot at this (1-based) position.
    case singular(pivot: Int)
    /// An input element is NaN or infinite.
    case nonFinite(row: Int, column: Int)
    /// Rows of different lengths were given to a row-major initialiser.
    case raggedRows(row: Int, count: Int, expected: Int)
    /// A LAPACK routine reported an unexpected failure.
    case lapackFailure(routine: String, info: Int)
    /// The matrix is too large for the 32-bit integers of the LAPACK interface.
    case tooLarge(Shape)

    /// One sentence for humans.
    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, left, right):
            return "\(operation): incompatible shapes \(left) and \(right)"
        case let .notSquare(operation, shape):
            return "\(operation) needs a square matrix, got \(shape)"
        case let .notPositiveDefinite(order):
            return "matrix is not positive definite: the leading minor of order \(order) is not positive"
        case let .singular(pivot):
            return "matrix is singular: pivot \(pivot) is exactly zero"
        case let .nonFinite(row, column):
            return "non-finite value at row \(row), column \(column)"
        case let .raggedRows(row, count, expected):
            return "row \(row) has \(count) elements, expected \(expected)"
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        case let .tooLarge(shape):
            return "matrix of shape \(shape) exceeds the 32-bit LAPACK interface"
        }
    }
}
