import Foundation
import LinearAlgebra
import MLFactor
import QuantTestSupport
import Testing

@Suite("Ridge vs scikit-learn")
struct RidgeRegressionTests {
    @Test(arguments: RidgeFixture.caseNames)
    func matchesScikitLearn(_ name: String) throws {
        let c = try RidgeFixture.named(name)
        let x = try c.features
        let model = try RidgeRegression(alpha: c.alpha, fitsIntercept: c.fitIntercept).fit(features: x, target: c.y)
        expectClose(model.coefficients, c.coefficients, relative: 1e-8, floor: 1e-6, "coefficients")
        expectClose(model.intercept, c.intercept, relative: 1e-8, floor: 1e-6, "intercept")
        let head = Matrix(rows: 5, columns: x.columns) { i, j in x[i, j] }
        expectClose(try model.predict(head), c.predictions, relative: 1e-8, floor: 1e-6, "predictions")
    }

    @Test func savedModelRoundTrips() throws {
        let c = try RidgeFixture.named("small")
        let model = try RidgeRegression(alpha: c.alpha).fit(features: try c.features, target: c.y)
        let data = try JSONEncoder().encode(model)
        let loaded = try JSONDecoder().decode(RidgeModel.self, from: data)
        #expect(loaded == model)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["formatVersion"] as? Int == 1)
        let importances = model.featureImportances
        #expect(importances.count == 4)
        #expect(abs(importances.reduce(0, +) - 1) < 1e-12)
    }

    @Test func futureVersionIsRefused() throws {
        let json = #"{"formatVersion":2,"intercept":0,"coefficients":[1],"featureScales":[1]}"#
        let error = #expect(throws: MLFactorError.self) { try JSONDecoder().decode(RidgeModel.self, from: Data(json.utf8)) }
        #expect(error?.reason == .unsupportedVersion)
    }

    @Test func constantFeatureWithoutPenaltyIsSingular() throws {
        let x = try Matrix(rowMajor: [[1, 5], [2, 5], [3, 5], [4, 5]])
        let error = #expect(throws: MLFactorError.self) { try RidgeRegression(alpha: 0).fit(features: x, target: [1, 2, 3, 4]) }
        #expect(error?.reason == .singularSystem)
        #expect(error?.column == 1)
        // With a penalty the constant feature gets a zero coefficient.
        let model = try RidgeRegression(alpha: 1e-6).fit(features: x, target: [1, 2, 3, 4])
        #expect(abs(model.coefficients[1]) < 1e-12)
        #expect(abs(model.coefficients[0] - 1) < 1e-5)
    }

    @Test func badInputIsNamed() throws {
        let x = try Matrix(rowMajor: [[1, 2], [3, .nan], [5, 6]])
        let nan = #expect(throws: MLFactorError.self) { try RidgeRegression().fit(features: x, target: [1, 2, 3]) }
        #expect(nan?.reason == .nonFinite)
        #expect(nan?.row == 1 && nan?.column == 1)
        let good = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let shape = #expect(throws: MLFactorError.self) { try RidgeRegression().fit(features: good, target: [1, 2]) }
        #expect(shape?.reason == .shapeMismatch)
        let target = #expect(throws: MLFactorError.self) { try RidgeRegression().fit(features: good, target: [1, .nan, 2]) }
        #expect(target?.row == 1)
        let alpha = #expect(throws: MLFactorError.self) { try RidgeRegression(alpha: -1).fit(features: good, target: [1, 2, 3]) }
        #expect(alpha?.reason == .invalidConfiguration)
        let model = try RidgeRegression().fit(features: good, target: [1, 2, 3])
        let predict = #expect(throws: MLFactorError.self) { try model.predict(Matrix(rows: 1, columns: 3)) }
        #expect(predict?.reason == .shapeMismatch)
    }
}
