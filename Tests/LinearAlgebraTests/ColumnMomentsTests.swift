import LinearAlgebra
import QuantTestSupport
import Testing

@Suite("Column moments")
struct ColumnMomentsTests {
    @Test(arguments: linearAlgebraCases.indices)
    func gramMatchesNumpy(_ k: Int) throws {
        let c = linearAlgebraCases[k]
        let x = try Matrix(rowMajor: c.x)
        let moments = try x.columnMoments(with: [Double](repeating: 1, count: x.rows))
        let reference = try Matrix(rowMajor: c.gram)
        var scaled = moments.gram
        for j in 0..<x.columns { for i in 0..<x.columns { scaled[i, j] /= Double(x.rows - 1) } }
        expectClose(scaled, reference, relative: 1e-11, floor: 1e-12)
    }

    /// Shapes around the kernel's blocks (128 rows, groups of 4 columns) and its limit (31
    /// columns plus the vector), against plain sums in a different order.
    @Test(arguments: [(1, 1), (3, 1), (5, 2), (127, 3), (128, 4), (129, 5), (1000, 7), (4099, 15), (300, 31), (200, 32), (50, 40)])
    func agreesWithDirectSums(_ shape: (rows: Int, columns: Int)) throws {
        let (n, p) = shape
        var state: UInt64 = UInt64(n * 131 + p)
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.3
        }
        let x = Matrix(rows: n, columns: p) { _, j in uniform() * Double(j + 1) }
        let y = (0..<n).map { _ in uniform() }
        let m = try x.columnMoments(with: y)
        #expect(m.isFinite)
        for j in 0..<p {
            var sum = 0.0, cross = 0.0
            for i in 0..<n { sum += x[i, j]; cross += x[i, j] * y[i] }
            expectClose(m.sums[j], sum, relative: 1e-10, floor: 1e-9, "sum \(j)")
            expectClose(m.crossProducts[j], cross, relative: 1e-10, floor: 1e-9, "Xᵀy \(j)")
            for l in 0..<p {
                var product = 0.0
                for i in 0..<n { product += x[i, j] * x[i, l] }
                expectClose(m.gram[j, l], product, relative: 1e-10, floor: 1e-9, "XᵀX (\(j), \(l))")
            }
        }
        expectClose(m.vectorSum, y.reduce(0, +), relative: 1e-10, floor: 1e-9, "Σy")
        expectClose(m.vectorSquares, y.reduce(0) { $0 + $1 * $1 }, relative: 1e-10, floor: 1e-9, "yᵀy")
    }

    @Test func nonFiniteInputShowsAndShapesAreChecked() throws {
        var x = Matrix(rows: 300, columns: 3, repeating: 1)
        #expect(try x.columnMoments(with: [Double](repeating: 2, count: 300)).isFinite)
        x[250, 1] = .nan
        #expect(try !x.columnMoments(with: [Double](repeating: 2, count: 300)).isFinite)
        var y = [Double](repeating: 2, count: 300)
        y[7] = .infinity
        #expect(try !Matrix(rows: 300, columns: 3, repeating: 1).columnMoments(with: y).isFinite)
        #expect(throws: LinearAlgebraError.self) { try x.columnMoments(with: [1, 2]) }
        let empty = try Matrix(rows: 0, columns: 2).columnMoments(with: [])
        #expect(empty.sums == [0, 0] && empty.gram == Matrix(rows: 2, columns: 2) && empty.vectorSum == 0)
    }
}
