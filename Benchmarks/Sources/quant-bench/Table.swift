import COpenBLAS
import Foundation

/// A Markdown table printed to stdout as results arrive.
struct Table {
    let columns: [String]

    init(_ columns: [String]) {
        self.columns = columns
        print("| " + columns.joined(separator: " | ") + " |")
        print("|" + columns.map { _ in "---" }.joined(separator: "|") + "|")
    }

    func row(_ cells: [String]) {
        print("| " + cells.joined(separator: " | ") + " |")
        bench_flush_stdout()
    }
}

/// Number formatting for the tables.
enum Format {
    /// Seconds as ms or s with three significant digits.
    static func seconds(_ s: Double) -> String {
        s < 1 ? String(format: "%.3g ms", s * 1000) : String(format: "%.3g s", s)
    }

    /// A ratio such as `1.23x`.
    static func ratio(_ r: Double) -> String { r >= 100 ? String(format: "%.0fx", r) : String(format: "%.2fx", r) }

    /// Bytes as MiB.
    static func mebibytes(_ b: Int) -> String { String(format: "%.1f MiB", Double(b) / 1_048_576) }
}

/// Deterministic pseudo-random numbers (SplitMix64) for benchmark data.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// Daily returns of `assets` series over `days` from a three-factor model with
/// idiosyncratic noise, column-major (`values[t + j * days]`), deterministic for a seed.
func factorReturns(days: Int, assets: Int, seed: UInt64 = 20_261_203) -> [Double] {
    var rng = SplitMix64(seed: seed)
    let k = 3
    let factors = (0..<(days * k)).map { _ in 0.01 * rng.normal() }
    var values = [Double](repeating: 0, count: days * assets)
    for j in 0..<assets {
        let loadings = (0..<k).map { _ in 0.5 + rng.uniform() }
        let idio = 0.01 + 0.02 * rng.uniform()
        for t in 0..<days {
            var r = 0.0003
            for f in 0..<k { r += loadings[f] * factors[t * k + f] }
            values[t + j * days] = r + idio * rng.normal()
        }
    }
    return values
}

/// Writes doubles as raw little-endian float64 (numpy: `np.fromfile(path).reshape(N, T).T`).
func writeRaw(_ values: [Double], to path: String) throws {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: URL(fileURLWithPath: path))
}
