public import Foundation
public import LinearAlgebra

/// Loads JSON fixtures committed under a test target's `Fixtures/` folder.
///
/// Fixtures are written by the Python scripts in `scripts/fixtures/` from the reference
/// libraries (numpy, scikit-learn, ...); tests read them without Python.
public enum Fixture {
    /// Decodes `Fixtures/<name>.json` from `bundle` (pass the test target's `Bundle.module`).
    ///
    /// - Throws: ``FixtureError`` naming the missing file, or the decoding error.
    public static func load<T: Decodable>(_ type: T.Type, named name: String, in bundle: Bundle) throws -> T {
        guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
            ?? bundle.url(forResource: name, withExtension: "json") else {
            throw FixtureError(name: name)
        }
        let data = try Data(contentsOf: url)
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Builds a matrix from row arrays as fixtures store them.
    public static func matrix(_ rows: [[Double]]) throws -> Matrix { try Matrix(rowMajor: rows) }
}

/// Thrown when a fixture file is absent from the test bundle.
public struct FixtureError: Error, CustomStringConvertible {
    /// The fixture's name, without extension.
    public let name: String
    /// One sentence naming the fixture.
    public var description: String { "fixture Fixtures/\(name).json not found in the test bundle; run scripts/fixtures to regenerate" }
}
