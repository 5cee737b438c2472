import ArgumentParser
import Foundation
import LinearAlgebra
import MLFactor
import QuantCore
import SampleData

/// `quant ml`: the MLFactor module on the command line (ridge fits, factor IC reports).
struct MLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml",
        abstract: "Machine-learning factor tools: ridge regression, IC evaluation, walk-forward backtest.",
        subcommands: [RidgeSubcommand.self, ICSubcommand.self, BacktestSubcommand.self]
    )

    /// Writes `error: …` to standard error and exits with status 1.
    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return ExitCode.failure
    }

    /// A JSON number in Swift's shortest round-trip form, `null` when not finite.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    /// A JSON array of numbers.
    static func array(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ",") + "]" }
}

/// `quant ml ridge --features FILE --target FILE --alpha A`.
struct RidgeSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ridge",
        abstract: "Fit a ridge regression (scikit-learn Ridge semantics, intercept not penalised).",
        discussion: """
            Prints {"intercept":number,"coefficients":[...]} with one coefficient per feature, in the \
            features file's column order. See Docs/CLI.md.
            """
    )

    @Option(help: "Features CSV: a header of feature names, then one row of numbers per observation.")
    var features: String

    @Option(help: "Target CSV: a one-name header, then one number per row (same row count as --features).")
    var target: String

    @Option(help: "The L2 penalty alpha (>= 0).")
    var alpha: Double

    @Flag(name: .customLong("no-intercept"), help: "Fit without an intercept (do not centre the data).")
    var noIntercept = false

    func validate() throws {
        guard alpha >= 0, alpha.isFinite else { throw ValidationError("--alpha must be a finite number >= 0") }
    }

    func run() throws {
        do {
            let x = try NumericTable(csvFile: features)
            let y = try NumericTable(csvFile: target)
            guard y.names.count == 1 else {
                throw NumericTableError(file: target, line: 1, column: nil, message: "the target file must have exactly one column, found \(y.names.count)")
            }
            guard y.rowCount == x.rowCount else {
                throw NumericTableError(file: target, line: nil, column: nil,
                                        message: "the target has \(y.rowCount) rows, the features file \(features) has \(x.rowCount)")
            }
            let model = try RidgeRegression(alpha: alpha, fitsIntercept: !noIntercept).fit(features: x.matrix, target: y.matrix.column(0))
            print("{\"intercept\":\(MLCommand.number(model.intercept)),\"coefficients\":\(MLCommand.array(model.coefficients))}")
        } catch {
            throw MLCommand.fail(error)
        }
    }
}

/// `quant ml ic --factor FILE --forward-returns FILE [--quantiles 5] [--min-assets 5]`.
struct ICSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ic",
        abstract: "Information coefficient, rank IC and quantile returns of a factor against forward returns.",
        discussion: """
            Prints {"ic":{"mean","std","icir","tStat"},"rankIc":{...},"dates":n,"quantileMeanReturns":[...],\
            "longShortMean":x}. Skipped dates are counted on standard error. See Docs/CLI.md.
            """
    )

    @Option(help: "Factor CSV: header `date,<asset>,...`, one row of factor values per date.")
    var factor: String

    @Option(name: .customLong("forward-returns"), help: "Forward returns CSV in the same layout; row d holds the return realised after d.")
    var forwardReturns: String

    @Option(help: "Number of equal-count quantile bins (quantile 1 = lowest factor values).")
    var quantiles: Int = 5

    @Option(name: .customLong("min-assets"), help: "Dates with fewer assets present in both files are skipped (at least 2 and at least --quantiles).")
    var minAssets: Int = 5

    func validate() throws {
        guard quantiles >= 1 else { throw ValidationError("--quantiles must be at least 1") }
        guard minAssets >= 2 else { throw ValidationError("--min-assets must be at least 2") }
        guard minAssets >= quantiles else { throw ValidationError("--min-assets (\(minAssets)) must be at least --quantiles (\(quantiles))") }
    }

    func run() throws {
        do {
            let factorPanel = try Panel(csvFile: factor)
            let returnsPanel = try Panel(csvFile: forwardReturns)
            let report = try FactorEvaluator(quantiles: quantiles, minimumAssets: minAssets)
                .evaluate(factor: factorPanel, forwardReturns: returnsPanel)
            if !report.skipped.isEmpty {
                let few = report.skipped.filter { $0.reason == .tooFewAssets }.count
                let constant = report.skipped.count - few
                FileHandle.standardError.write(Data(
                    "note: skipped \(report.skipped.count) date(s): \(few) with fewer than \(minAssets) assets, \(constant) with constant factor or returns\n".utf8))
            }
            print(Self.json(report))
        } catch {
            throw MLCommand.fail(error)
        }
    }

    static func json(_ report: FactorEvaluationReport) -> String {
        func summary(_ s: ICSummary) -> String {
            "{\"mean\":\(MLCommand.number(s.mean)),\"std\":\(MLCommand.number(s.std)),\"icir\":\(MLCommand.number(s.icir)),\"tStat\":\(MLCommand.number(s.tStat))}"
        }
        return "{\"ic\":\(summary(report.icSummary)),\"rankIc\":\(summary(report.rankICSummary)),\"dates\":\(report.dates.count),"
            + "\"quantileMeanReturns\":\(MLCommand.array(report.quantileMeanReturns)),\"longShortMean\":\(MLCommand.number(report.longShortMean))}"
    }
}

/// `quant ml backtest`: the walk-forward pipeline on the bundled synthetic market.
struct BacktestSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Walk-forward out-of-sample IC report of a model on the bundled synthetic market.",
        discussion: """
            Generates the SampleData market (synthetic, seeded), computes point-in-time features on month \
            ends, trains the model walk-forward and prints the out-of-sample IC report as JSON. See Docs/CLI.md.
            """
    )

    enum Model: String, CaseIterable, ExpressibleByArgument {
        case threeFactor = "three-factor", ridge, ridgeCV = "ridge-cv", boosting, forest
    }

    @Option(help: "The model: \(Model.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: Model = .ridge

    @Option(help: "Stocks in the generated market.")
    var stocks: Int = 200

    @Option(help: "Years of generated history.")
    var years: Int = 8

    @Option(help: "Seed of the generated market (and of the tree models).")
    var seed: UInt64 = 42

    @Option(name: .customLong("min-training"), help: "Months of history before the first prediction.")
    var minTraining: Int = 36

    @Option(name: .customLong("retrain-every"), help: "Months between retrainings.")
    var retrainEvery: Int = 6

    @Option(help: "Ridge penalty.")
    var alpha: Double = 10

    @Option(help: "Number of quantile bins.")
    var quantiles: Int = 5

    func validate() throws {
        guard stocks >= 20 else { throw ValidationError("--stocks must be at least 20") }
        guard years >= 4 else { throw ValidationError("--years must be at least 4 (a year of momentum, three of training)") }
        guard minTraining >= 12, retrainEvery >= 1 else { throw ValidationError("--min-training must be >= 12 and --retrain-every >= 1") }
        guard alpha >= 0, alpha.isFinite else { throw ValidationError("--alpha must be >= 0") }
        guard quantiles >= 1, quantiles <= 20 else { throw ValidationError("--quantiles must be in 1...20") }
    }

    static let features: [FactorFeature] = [
        .bookToPrice, .earningsYield, .momentum12_1, .momentum6, .returnOnEquity, .grossProfitability,
        .debtRatio, .volatility60, .volumeRatio, .logMarketCap,
    ]

    func run() throws {
        do {
            let market = try SampleMarketGenerator(configuration: .init(seed: seed, stockCount: stocks, years: years)).generate()
            var monthEnds = [TradingDate]()
            for (k, d) in market.dates.enumerated() where k + 1 == market.dates.count || market.dates[k + 1].month != d.month {
                monthEnds.append(d)
            }
            let builder = FeatureBuilder(returns: market.returns, volumes: market.volumes, marketCap: market.marketCap,
                                         fundamentals: market.fundamentals)
            let raw = try builder.panels(asOf: monthEnds, features: Self.features)
            let target = try ForwardReturns.compounded(dailyReturns: market.returns, asOf: monthEnds)
            // A stock enters a month's cross-section when it is listed then (has a market cap).
            let listed = raw[Self.features.firstIndex(of: .logMarketCap)!].panel
            let prepared = try raw.map { item -> (name: String, panel: Panel) in
                let clean = CrossSectionalTransform.apply([.rank, .medianImpute], to: item.panel)
                let masked = zip(clean.values, listed.values).map { $1.isNaN ? Double.nan : $0 }
                return (item.feature.rawValue, try Panel(dates: monthEnds, assets: clean.assets, values: masked))
            }
            let data = try FactorDataset(features: prepared, target: target)
            let schedule = WalkForward(minimumTrainingDates: minTraining, retrainEvery: retrainEvery, gap: 1)
            let predictions: Panel
            switch model {
            case .threeFactor:
                let f = { (x: FactorFeature) in raw[Self.features.firstIndex(of: x)!].panel }
                let score = try ThreeFactorScore().score(value: f(.bookToPrice), momentum: f(.momentum12_1), quality: f(.returnOnEquity))
                predictions = score.rows((minTraining + 1)..<monthEnds.count)
            case .ridge:
                predictions = try schedule.run(RidgeRegression(alpha: alpha), on: data).predictions
            case .ridgeCV:
                let search = RidgePenaltySearch(candidates: [0.1, 1, 10, 100, 1000], scoring: .meanRankIC)
                predictions = try schedule.run(on: data) { data, dates in
                    try search.fit(on: data, trainingDates: dates, splitter: TimeSeriesSplit(folds: 4, gap: 1)).model
                }.predictions
            case .boosting:
                predictions = try schedule.run(GradientBoostingRegressor(iterations: 100, learningRate: 0.05, maximumLeaves: 15,
                                                                         minimumSamplesPerLeaf: 200, seed: seed), on: data).predictions
            case .forest:
                predictions = try schedule.run(RandomForestRegressor(trees: 50, maximumDepth: 6, minimumSamplesPerLeaf: 100,
                                                                     maximumFeatures: 0.5, seed: seed), on: data).predictions
            }
            let report = try FactorEvaluator(quantiles: quantiles, minimumAssets: Swift.max(quantiles, 10))
                .evaluate(factor: predictions, forwardReturns: target)
            func summary(_ s: ICSummary) -> String {
                "{\"mean\":\(MLCommand.number(s.mean)),\"std\":\(MLCommand.number(s.std)),\"icir\":\(MLCommand.number(s.icir)),"
                    + "\"tStat\":\(MLCommand.number(s.tStat)),\"hitRate\":\(MLCommand.number(s.hitRate))}"
            }
            let turnover = report.topQuantileTurnover.filter { !$0.isNaN }
            // IC decay: the same predictions against the compounded return over the next 1, 2 and 3 months.
            let evaluator = FactorEvaluator(quantiles: quantiles, minimumAssets: Swift.max(quantiles, 10))
            let decay = try (1...3).map { h in
                try evaluator.evaluate(factor: predictions,
                                       forwardReturns: try ForwardReturns.compounded(dailyReturns: market.returns, asOf: monthEnds, horizon: h))
                    .rankICSummary.mean
            }
            print("{\"model\":\"\(model.rawValue)\",\"synthetic\":true,\"firstDate\":\"\(report.dates.first!)\",\"lastDate\":\"\(report.dates.last!)\","
                + "\"dates\":\(report.dates.count),\"ic\":\(summary(report.icSummary)),\"rankIc\":\(summary(report.rankICSummary)),"
                + "\"quantileMeanReturns\":\(MLCommand.array(report.quantileMeanReturns)),\"longShortMean\":\(MLCommand.number(report.longShortMean)),"
                + "\"longShortCumulative\":\(MLCommand.number(report.cumulativeLongShort.last ?? .nan)),"
                + "\"topQuantileTurnover\":\(MLCommand.number(turnover.isEmpty ? .nan : turnover.reduce(0, +) / Double(turnover.count))),"
                + "\"rankIcDecay\":\(MLCommand.array(decay))}")
        } catch {
            throw MLCommand.fail(error)
        }
    }
}

/// A CSV table of numbers with a header of column names (the features and target files).
///
/// Every cell must be a finite decimal number; an empty or non-numeric cell is an error naming
/// the file, line and column. CRLF line ends and a UTF-8 byte-order mark are accepted.
struct NumericTable {
    /// The header's column names.
    let names: [String]
    /// The values, one row per data line.
    let matrix: Matrix
    /// Number of data rows.
    var rowCount: Int { matrix.rows }

    init(csvFile path: String) throws {
        let doc = try CSVDocument(contentsOfFile: path)
        guard doc.recordCount > 0 else {
            throw NumericTableError(file: path, line: nil, column: nil, message: "the file is empty; expected a header of column names")
        }
        let width = doc.fieldCount(inRecord: 0)
        var names = [String]()
        for f in 0..<width {
            let name = doc.field(f, inRecord: 0).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw NumericTableError(file: path, line: doc.line(ofRecord: 0), column: f + 1, message: "the column name is empty")
            }
            names.append(name)
        }
        let n = doc.recordCount - 1
        guard n > 0 else {
            throw NumericTableError(file: path, line: nil, column: nil, message: "the file has a header but no rows")
        }
        var values = [Double](repeating: 0, count: n * width)
        for r in 1...n {
            let line = doc.line(ofRecord: r)
            guard doc.fieldCount(inRecord: r) == width else {
                throw NumericTableError(file: path, line: line, column: nil,
                                        message: "the row has \(doc.fieldCount(inRecord: r)) fields, the header has \(width)")
            }
            for f in 0..<width {
                let text = doc.field(f, inRecord: r).trimmingCharacters(in: .whitespaces)
                guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 69 || $0 == 101 }),
                      let value = Double(text), value.isFinite else {
                    throw NumericTableError(file: path, line: line, column: f + 1,
                                            message: text.isEmpty ? "the cell is empty (\(names[f]))" : "'\(text)' is not a finite number (\(names[f]))")
                }
                values[(r - 1) + f * n] = value
            }
        }
        self.names = names
        self.matrix = Matrix(rows: n, columns: width, columnMajor: values)
    }
}

/// A features or target file that does not follow the layout, with the place to look.
struct NumericTableError: Error, CustomStringConvertible {
    let file: String
    let line: Int?
    let column: Int?
    let message: String

    /// `file:line:column: message`, leaving out unknown parts.
    var description: String {
        var place = file
        if let line { place += ":\(line)" ; if let column { place += ":\(column)" } }
        return place + ": " + message
    }
}
