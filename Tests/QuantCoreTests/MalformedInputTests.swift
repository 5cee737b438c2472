import QuantCore
import QuantTestSupport
import Testing

/// Random, mostly malformed inputs must give a value or a thrown error, never a trap.
@Suite("Malformed input never traps")
struct MalformedInputTests {
    /// Pieces that exercise the tokenizer and the cell readers.
    private static let pieces = [
        ",", "\n", "\r\n", "\r", "\"", "\"\"", "date", "open,close,note", "2024-01-02", "2024-01-03", "2024-02-30",
        "09:00", "15:30", "24:00", "0.5", "-1e-3", "1e999", "NaN", "inf", "-", "+", ".", "e", "A", "B", "삼성전자",
        " ", "#", "\u{FEFF}", "asset,weight", ",A,B", "1", "0", "99999999999999999999999", "\t",
    ]

    @Test func randomInputsThrowOrParse() {
        var rng = SplitMix64(seed: 2024)
        var parsed = 0, rejected = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 0..<24, using: &rng)
            var text = ""
            for _ in 0..<count { text += Self.pieces.randomElement(using: &rng)! }
            let inputs = [text, "date,A,B\n" + text, ",A,B\nA," + text, "asset,weight\n" + text,
                          "date,open,close,note\n2024-01-01,,,x\n" + text]
            for input in inputs {
                for read in [
                    { _ = try Panel(csvText: input) },
                    { _ = try SquareMatrixFile(csvText: input) },
                    { _ = try AssetValues(csvText: input) },
                    { _ = try TradingCalendar(csvText: input) },
                ] as [() throws -> Void] {
                    do { try read(); parsed += 1 } catch is CSVError { rejected += 1 } catch {
                        Issue.record("unexpected error type \(type(of: error)) for \(input.debugDescription)")
                    }
                }
            }
        }
        // Both outcomes occur, so the generator reaches past the first check.
        #expect(parsed > 100)
        #expect(rejected > 10_000)
    }

    @Test func randomBytesThrowOrParse() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in
                UInt8.random(in: 0...255, using: &rng) & (Bool.random(using: &rng) ? 0x7F : 0xFF)
            }
            do {
                let doc = try CSVDocument(bytes: bytes, sourceName: "random.bin", allowsComments: true)
                _ = doc.records
                _ = try? Panel(csvDocument: doc)
            } catch let error as CSVError {
                #expect(error.file == "random.bin")
            } catch {
                Issue.record("unexpected error type \(type(of: error))")
            }
        }
    }
}
