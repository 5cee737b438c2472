import Foundation
import QuantCore
import StrategyKit

/// The configured data files, read and checked against each other: prices (required), and
/// optionally volumes, fundamentals, securities (names, kinds, sectors, delistings), market caps
/// and a benchmark. Every reader names file, line and column on bad input (QuantCore's CSV
/// readers); the files are re-read for every run, since a data job updates them between runs.
struct BotData: Sendable {
    let prices: Panel
    let volumes: Panel?
    let fundamentals: FundamentalsStore?
    let securities: SecurityMaster?
    let marketCaps: Panel?
    let benchmark: Panel?

    /// Reads every configured file.
    ///
    /// - Throws: `CSVError` from a reader; `BotDataError` when files disagree (volume dates
    ///   that are not the price dates, a benchmark with more than one column).
    static func load(_ settings: BotConfiguration) throws -> BotData {
        let prices = try Panel(csvFile: settings.pricesFile)
        var volumes: Panel?
        if let path = settings.volumesFile {
            let read = try Panel(csvFile: path)
            guard read.dates == prices.dates else {
                throw BotDataError(file: path, detail: "its dates (\(read.dateCount), \(read.dates.first.map { "\($0)" } ?? "-") to "
                    + "\(read.dates.last.map { "\($0)" } ?? "-")) are not the price file's (\(prices.dateCount) dates)")
            }
            volumes = try read.aligned(toAssets: prices.assets)
        }
        let fundamentals = try settings.fundamentalsFile.map { try FundamentalsStore(csvFile: $0) }
        let securities = try settings.securitiesFile.map { try SecurityMaster(csvFile: $0) }
        var marketCaps = try settings.marketCapsFile.map { try Panel(csvFile: $0) }
        if marketCaps == nil, let fundamentals {
            // Market capitalisation = close x the shares outstanding public on that date.
            let shares = try fundamentals.panel(of: .sharesOutstanding, symbols: prices.assets, dates: prices.dates)
            let caps = (0..<prices.assetCount).map { j in (0..<prices.dateCount).map { t in prices[t, j] * shares[t, j] } }
            if caps.contains(where: { $0.contains(where: \.isFinite) }) {
                marketCaps = try Panel(dates: prices.dates, assets: prices.assets, columns: caps)
            }
        }
        let benchmark = try settings.benchmarkFile.map { path in
            let panel = try Panel(csvFile: path)
            guard panel.assetCount == 1 else {
                throw BotDataError(file: path, detail: "a benchmark file has one column of prices, this one has \(panel.assetCount)")
            }
            let values = (0..<panel.dateCount).map { panel[$0, 0] }.filter(\.isFinite)
            if values.contains(where: { $0 <= 0 }) {
                throw BotDataError(file: path, detail: "the benchmark holds values at or below zero: it looks like returns, give prices (index levels or closes)")
            }
            return panel
        }
        return BotData(prices: prices, volumes: volumes, fundamentals: fundamentals, securities: securities,
                       marketCaps: marketCaps, benchmark: benchmark)
    }

    /// The market data strategies see: prices, volumes and the `marketCap` panel when known.
    func dataset() throws -> MarketDataset {
        try MarketDataset(prices: prices, volumes: volumes, panels: marketCaps.map { ["marketCap": $0] } ?? [:])
    }

    /// Delisting dates from the security master, for the backtester (no survivorship bias).
    var delistings: [Symbol: TradingDate] {
        Dictionary(uniqueKeysWithValues: (securities?.listings ?? []).compactMap { l in l.delistedOn.map { (l.symbol, $0) } })
    }

    /// The candidates of a stock strategy: the priced symbols that the security master lists as
    /// stocks on the date (every priced symbol without a security master).
    func stockUniverse(_ view: PointInTimeView) -> [Symbol] {
        let trading = view.assets.filter { view.isTrading($0) }
        guard let securities else { return trading }
        return trading.filter { symbol in
            guard let listing = securities[symbol] else { return false }
            return listing.kind == .stock && securities.isListed(symbol, on: view.asOf)
        }
    }

    /// Korean names for reports, from the security master.
    var names: [Symbol: String] {
        Dictionary(uniqueKeysWithValues: (securities?.listings ?? []).map { ($0.symbol, $0.name) })
    }
}

/// Data files that are each well formed but do not fit together.
struct BotDataError: Error, CustomStringConvertible {
    let file: String
    let detail: String
    var description: String { "\(file): \(detail)" }
}
