import ArgumentParser
import Foundation
import QuantCore
import SampleData

/// `quant sample-data`: writes the seeded synthetic KRX-like market as CSV files.
struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write the synthetic KRX-like sample market (SampleData) as CSV files.",
        discussion: """
            Writes prices.csv, adjusted-prices.csv, volumes.csv, returns.csv (stocks and ETFs), etf-returns.csv, \
            benchmark.csv (the KOSPI 200 ETF), securities.csv, fundamentals.csv and DISCLAIMER.txt into --output. The data are \
            synthetic and deterministic for a seed. See Docs/CLI.md.
            """
    )

    @Option(help: "The folder to write (created when missing).")
    var output: String

    @Option(help: "Generator seed; the same seed gives the same files.")
    var seed: UInt64 = 42

    @Option(help: "Number of stocks ever listed.")
    var stocks: Int = 300

    @Option(help: "Years of daily history.")
    var years: Int = 10

    func validate() throws {
        guard (1...5_000).contains(stocks) else { throw ValidationError("--stocks must be between 1 and 5000") }
        guard (1...40).contains(years) else { throw ValidationError("--years must be between 1 and 40") }
    }

    func run() throws {
        do {
            let configuration = SampleMarketGenerator.Configuration(seed: seed, stockCount: stocks, years: years)
            let market = try SampleMarketGenerator(configuration: configuration).generate()
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: output)
            func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
            try market.prices.write(toCSVFile: path("prices.csv"))
            try market.adjustedPrices.prices.write(toCSVFile: path("adjusted-prices.csv"))
            try market.volumes.write(toCSVFile: path("volumes.csv"))
            try market.returns.write(toCSVFile: path("returns.csv"))
            try market.returns.selecting(assets: market.etfs).write(toCSVFile: path("etf-returns.csv"))
            try market.returns.selecting(assets: [SyntheticMarket.kospi200ETF]).write(toCSVFile: path("benchmark.csv"))
            try Data(securitiesCSV(market.securityMaster).utf8).write(to: URL(fileURLWithPath: path("securities.csv")))
            try Data(market.fundamentals.csvText().utf8).write(to: URL(fileURLWithPath: path("fundamentals.csv")))
            try Data((SyntheticMarket.disclaimer + "\n").utf8).write(to: URL(fileURLWithPath: path("DISCLAIMER.txt")))
            FileHandle.standardError.write(Data("""
                wrote \(market.stocks.count) stocks and \(market.etfs.count) ETFs over \(market.dates.count) trading days \
                (\(market.dates.first.map { "\($0)" } ?? "-") to \(market.dates.last.map { "\($0)" } ?? "-")) to \(output)\n
                """.utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `symbol,name,kind,market,sector,listed,delisted`, one row per security.
    private func securitiesCSV(_ master: SecurityMaster) -> String {
        var text = "symbol,name,kind,market,sector,listed,delisted\n"
        for l in master.listings {
            let fields = [l.symbol.code, l.name, "\(l.kind)", "\(l.market)", l.sector.map { "\($0)" } ?? "",
                          l.listedOn.description, l.delistedOn?.description ?? ""]
            text += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return text
    }

    /// Quotes a field that holds a comma, quote or line break (RFC 4180).
    private static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
