import Foundation
import LinearAlgebra
import QuantTestSupport
import Testing

/// One case of `linear_algebra.json` (numpy).
struct LinearAlgebraCase: Decodable, Sendable {
    let x: [[Double]], b: [[Double]], y: [Double]
    let gram: [[Double]], spd: [[Double]], cholesky: [[Double]], choleskySolve: [[Double]]
    let eigenvalues: [Double], general: [[Double]], generalSolve: [[Double]], leastSquares: [Double]
    let product: [[Double]]
}

struct LinearAlgebraFixture: Decodable, Sendable {
    let cases: [LinearAlgebraCase]
}

let linearAlgebraCases: [LinearAlgebraCase] = (try? Fixture.load(LinearAlgebraFixture.self, named: "linear_algebra", in: .module).cases) ?? []

@Suite("LinearAlgebra vs numpy")
struct LinearAlgebraReferenceTests {
    @Test func fixturesArePresent() {
        #expect(linearAlgebraCases.count == 3)
    }

    @Test(arguments: linearAlgebraCases.indices)
    func gramMatchesNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let x = try Matrix(rowMajor: c.x)
        let gram = x.gram(scale: 1 / Double(x.rows - 1))
        expectClose(gram, try Matrix(rowMajor: c.gram), relative: 1e-12, floor: 1e-12)
        #expect(gram.relativeAsymmetry == 0)
    }

    @Test(arguments: linearAlgebraCases.indices)
    func productsMatchNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let x = try Matrix(rowMajor: c.x), b = try Matrix(rowMajor: c.b)
        let xtx = try x.multiplied(by: x, transposingSelf: .transposed)
        let product = try xtx.multiplied(by: b)
        expectClose(product, try Matrix(rowMajor: c.product), relative: 1e-10, floor: 1e-10)
        let column0 = try xtx.multiplied(by: b.column(0))
        expectClose(column0, product.column(0), relative: 1e-12, floor: 1e-12)
    }

    @Test(arguments: linearAlgebraCases.indices)
    func choleskyMatchesNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let chol = try CholeskyFactorization(try Matrix(rowMajor: c.spd))
        expectClose(chol.lower, try Matrix(rowMajor: c.cholesky), relative: 1e-10, floor: 1e-10)
        let x = try chol.solve(try Matrix(rowMajor: c.b))
        expectClose(x, try Matrix(rowMajor: c.choleskySolve), relative: 1e-8, floor: 1e-8)
    }

    @Test(arguments: linearAlgebraCases.indices)
    func eigenvaluesMatchNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let a = try Matrix(rowMajor: c.spd)
        let eig = try SymmetricEigendecomposition(a)
        let scale = c.eigenvalues.map(abs).max() ?? 1
        expectClose(eig.values, c.eigenvalues, relative: 1e-10, floor: scale)
        expectClose(eig.reconstructed { $0 }, a, relative: 1e-10, floor: scale)
    }

    @Test(arguments: linearAlgebraCases.indices)
    func solvesMatchNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let x = try Matrix(rowMajor: c.general).solve(try Matrix(rowMajor: c.b))
        expectClose(x, try Matrix(rowMajor: c.generalSolve), relative: 1e-10, floor: 1e-10)
        let beta = try Matrix(rowMajor: c.x).leastSquares(c.y)
        let scale = c.leastSquares.map(abs).max() ?? 1
        expectClose(beta, c.leastSquares, relative: 1e-9, floor: scale)
    }
}

@Suite("LinearAlgebra errors")
struct LinearAlgebraErrorTests {
    @Test func choleskyNamesTheFailingMinor() throws {
        let a = try Matrix(rowMajor: [[1, 0, 0], [0, 1, 2], [0, 2, 1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 3)) { try CholeskyFactorization(a) }
    }

    @Test func nonFiniteInputIsNamed() throws {
        let a = try Matrix(rowMajor: [[1, 0], [.nan, 1]])
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try CholeskyFactorization(a) }
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try SymmetricEigendecomposition(a) }
    }

    @Test func singularSystemIsReported() throws {
        let a = try Matrix(rowMajor: [[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.self) { try a.solve([1, 1]) }
    }

    @Test func shapesAreChecked() throws {
        let a = Matrix(rows: 2, columns: 3), b = Matrix(rows: 2, columns: 3)
        #expect(throws: LinearAlgebraError.dimensionMismatch(operation: "matrix product", left: Shape(rows: 2, columns: 3), right: Shape(rows: 2, columns: 3))) {
            try a.multiplied(by: b)
        }
        #expect(throws: LinearAlgebraError.notSquare(operation: "eigendecomposition", shape: Shape(rows: 2, columns: 3))) {
            try SymmetricEigendecomposition(a)
        }
        #expect(throws: LinearAlgebraError.raggedRows(row: 1, count: 1, expected: 2)) { try Matrix(rowMajor: [[1, 2], [3]]) }
    }

    @Test func valueSemantics() {
        let a = Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3, 4])
        var b = a
        b[0, 0] = 9
        #expect(a[0, 0] == 1)
        #expect(b[0, 0] == 9)
        #expect(a[1, 0] == 2 && a[0, 1] == 3)
        #expect(a.transposed[0, 1] == 2)
    }
}
