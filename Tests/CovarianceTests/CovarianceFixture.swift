import Foundation
import LinearAlgebra
import QuantCore
import QuantTestSupport

/// One synthetic data set written by `scripts/fixtures/covariance.py`, with the reference results.
struct CovarianceFixture: Decodable {
    let name: String
    let dates: [String]
    let assets: [String]
    let returns: [[Double?]]
    let halfLife: Double
    let span: Double?
    let alpha: Double?
    // Complete data sets.
    let sampleUnbiased: [[Double]]?
    let sampleML: [[Double]]?
    let ledoitWolf: [[Double]]?
    let ledoitWolfShrinkage: Double?
    let oas: [[Double]]?
    let oasShrinkage: Double?
    let ewmHalfLife: [[Double]]?
    let ewmSpan: [[Double]]?
    let ewmAlpha: [[Double]]?
    let constantCorrelation: [[Double]]?
    let constantCorrelationShrinkage: Double?
    let nonlinear: [[Double]]?
    let nonlinearEigenvalues: [Double]?
    let denoised: [[Double]]?
    let denoisedFactors: Int?
    // The data set with gaps.
    let completeRows: Int?
    let samplePairwise: [[Double]]?
    let samplePairwiseRepaired: [[Double]]?
    let samplePairwiseHigham: [[Double]]?
    let sampleDropRows: [[Double]]?
    let ewmPairwise: [[Double]]?
    let ewmPairwiseRepaired: [[Double]]?
    let ewmDropRows: [[Double]]?
    let ledoitWolfDropRows: [[Double]]?

    static func named(_ name: String) throws -> CovarianceFixture {
        try Fixture.load(CovarianceFixture.self, named: name, in: .module)
    }

    /// The returns as a panel (`null` = missing).
    func panel() throws -> Panel {
        let parsedDates = try dates.map { try TradingDate(parsing: $0) }
        let columns = assets.indices.map { j in returns.map { $0[j] ?? .nan } }
        return try Panel(dates: parsedDates, assets: assets.map { Symbol($0) }, columns: columns)
    }

    static let complete = ["small", "medium", "wide"]
}

extension [[Double]] {
    /// The rows as a matrix.
    var matrix: Matrix { try! Matrix(rowMajor: self) }
}
