import Foundation
import Testing

@Suite("quant executable")
struct QuantCommandTests {
    @Test func helpListsTheTool() throws {
        let run = try ExampleExecutable.run("quant", ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: quant"))
    }

    @Test func unknownSubcommandFails() throws {
        let run = try ExampleExecutable.run("quant", ["no-such-command"])
        #expect(run.status != 0)
        #expect(!run.stderr.isEmpty)
    }
}
