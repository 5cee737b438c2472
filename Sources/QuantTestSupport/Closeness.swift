public import LinearAlgebra
public import Testing

/// The worst element-wise disagreement between two arrays, measured as
/// `|a - b| / max(|b|, floor)`, with the index where it occurs.
public struct Disagreement: Sendable, CustomStringConvertible {
    /// The worst scaled error.
    public let error: Double
    /// The index of the worst element (flat), or -1 when the arrays are empty.
    public let index: Int
    /// The actual value there.
    public let actual: Double
    /// The expected value there.
    public let expected: Double
    /// A sentence naming the worst element.
    public var description: String { "worst relative error \(error) at index \(index): \(actual) vs \(expected)" }

    /// Measures the disagreement of `actual` against `expected`.
    ///
    /// - Parameter floor: the denominator never drops below this (absolute tolerance for values near zero).
    public init(_ actualValues: [Double], _ expectedValues: [Double], floor: Double) {
        precondition(actualValues.count == expectedValues.count, "compared arrays differ in length")
        var worst = -1.0, at = -1
        for k in actualValues.indices {
            let a = actualValues[k], e = expectedValues[k]
            let err: Double
            if a.isNaN && e.isNaN { err = 0 }
            else if a.isNaN || e.isNaN || a.isInfinite != e.isInfinite { err = .infinity }
            else if a.isInfinite { err = a == e ? 0 : .infinity }
            else { err = abs(a - e) / max(abs(e), floor) }
            if err > worst { worst = err; at = k }
        }
        error = max(worst, 0)
        index = at
        actual = at >= 0 ? actualValues[at] : .nan
        expected = at >= 0 ? expectedValues[at] : .nan
    }
}

/// Records a test issue unless `actual` is within `relative` of `expected` (element-wise,
/// denominators floored at `floor`); the message names the worst element.
public func expectClose(
    _ actual: [Double], _ expected: [Double], relative: Double, floor: Double = 1e-300,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("length \(actual.count) differs from expected \(expected.count). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        return
    }
    let d = Disagreement(actual, expected, floor: floor)
    if !(d.error <= relative) {
        Issue.record("\(d) (tolerance \(relative)). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    }
}

/// Scalar form of ``expectClose(_:_:relative:floor:_:sourceLocation:)-([Double],[Double],_,_,_,_)``.
public func expectClose(
    _ actual: Double, _ expected: Double, relative: Double, floor: Double = 1e-300,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose([actual], [expected], relative: relative, floor: floor, comment, sourceLocation: sourceLocation)
}

/// Matrix form: compares shapes, then elements; the message names the worst `(row, column)`.
public func expectClose(
    _ actual: Matrix, _ expected: Matrix, relative: Double, floor: Double = 1e-300,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("shape \(actual.shape) differs from expected \(expected.shape). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        return
    }
    let d = Disagreement(actual.storage, expected.storage, floor: floor)
    if !(d.error <= relative) {
        let r = actual.rows == 0 ? 0 : d.index % actual.rows, c = actual.rows == 0 ? 0 : d.index / actual.rows
        Issue.record("worst relative error \(d.error) at (\(r), \(c)): \(d.actual) vs \(d.expected) (tolerance \(relative)). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    }
}
