import ArgumentParser
import Covariance
import Foundation
import LinearAlgebra
import QuantCore
import RiskParity

/// `quant risk-parity`: equal risk contribution, risk budgeting, HRP or inverse-volatility weights
/// from a covariance file or a returns file.
struct RiskParityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk-parity",
        abstract: "Risk-parity weights (ERC / risk budgeting, HRP or inverse volatility) from a covariance or returns CSV; JSON on stdout.",
        discussion: """
            Prints {"assets":[...],"weights":[...],"riskContributions":[...],"method":"...","converged":bool,\
            "iterations":n,"maxRelativeError":x,"fallback":null or "reason"}. See Docs/CLI.md.
            """
    )

    enum Method: String, CaseIterable, ExpressibleByArgument {
        case erc, hrp, inverseVolatility = "inverse-volatility"
    }

    @Option(help: "Covariance square-matrix CSV: header ',<asset>,...', rows in header order.")
    var covariance: String?

    @Option(help: "Returns CSV (header 'date,<asset>,...'); the covariance is estimated with --estimator.")
    var returns: String?

    @Option(help: "Covariance estimator for --returns: \(CovarianceCommand.Method.allCases.map(\.rawValue).joined(separator: ", ")) (default ledoit-wolf).")
    var estimator: CovarianceCommand.Method?

    @Option(name: .customLong("half-life"), help: "Half-life in observations for --estimator ewm.")
    var halfLife: Double?

    @Option(help: "erc (default; risk budgeting with --budgets), hrp or inverse-volatility.")
    var method: Method = .erc

    @Option(help: "Budgets CSV: 'asset,budget' rows (optional header), one per asset, summing to 1.")
    var budgets: String?

    @Option(name: .customLong("min-weight"), help: "Smallest weight of every asset (erc only; solves the bounded problem).")
    var minWeight: Double?

    @Option(name: .customLong("max-weight"), help: "Largest weight of every asset (erc only; solves the bounded problem).")
    var maxWeight: Double?

    func validate() throws {
        guard (covariance == nil) != (returns == nil) else {
            throw ValidationError("give exactly one of --covariance FILE or --returns FILE")
        }
        if covariance != nil && estimator != nil { throw ValidationError("--estimator applies to --returns only") }
        if (estimator ?? .ledoitWolf) == .ewm {
            guard let halfLife, halfLife > 0, halfLife.isFinite else { throw ValidationError("--estimator ewm requires a positive --half-life") }
        } else if halfLife != nil {
            throw ValidationError("--half-life applies to --estimator ewm only")
        }
        if method != .erc && (budgets != nil || minWeight != nil || maxWeight != nil) {
            throw ValidationError("--budgets, --min-weight and --max-weight apply to --method erc only")
        }
        for (name, value) in [("--min-weight", minWeight), ("--max-weight", maxWeight)] {
            if let value, !(value.isFinite && value >= 0 && value <= 1) {
                throw ValidationError("\(name) must be a number in [0, 1]")
            }
        }
    }

    @Option(help: "Output: json (default) or csv (an 'asset,weight' weights file, as quant portfolio-risk and quant report read).")
    var format: CovarianceCommand.Format = .json

    func run() throws {
        do {
            print(try report(), terminator: format == .json ? "\n" : "")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The JSON document.
    func report() throws -> String {
        let (assets, matrix) = try input()
        let budgetVector = try budgets.map { try Self.readBudgets($0, assets: assets) }
        let result: RiskParityResult
        switch method {
        case .hrp:
            result = try HierarchicalRiskParity().solve(covariance: matrix, assets: assets)
        case .inverseVolatility:
            result = try RiskBudgeting.inverseVolatility(covariance: matrix, assets: assets)
        case .erc:
            if minWeight != nil || maxWeight != nil {
                let bounds = WeightBounds(count: assets.count, minimum: minWeight ?? 0, maximum: maxWeight ?? 1)
                result = try BoundedRiskBudgeting().solve(covariance: matrix, budgets: budgetVector, bounds: bounds, assets: assets)
            } else {
                result = try RiskBudgeting().solve(covariance: matrix, budgets: budgetVector, assets: assets)
            }
        }
        if format == .csv {
            return "asset,weight\n" + zip(assets, result.weights).map { "\($0.code),\($1)\n" }.joined()
        }
        let d = result.diagnostics
        return JSONText.object([
            ("assets", JSONText.array(assets.map { JSONText.string($0.code) })),
            ("weights", JSONText.array(result.weights.map { JSONText.number($0) })),
            ("riskContributions", JSONText.array(result.riskContributions.map { JSONText.number($0) })),
            ("method", JSONText.string(d.method.rawValue)),
            ("converged", d.converged ? "true" : "false"),
            ("iterations", "\(d.iterations)"),
            ("maxRelativeError", JSONText.number(d.maxRelativeError)),
            ("fallback", d.fallbackReason.map { JSONText.string($0) } ?? "null"),
        ])
    }

    private func input() throws -> (assets: [Symbol], matrix: Matrix) {
        if let covariance { return try RiskMetricsFiles.readSquareMatrix(covariance) }
        let panel = try PanelFile.read(path: returns ?? "")
        let estimate = try (estimator ?? .ledoitWolf).estimator(halfLife: halfLife).estimate(from: panel)
        return (estimate.assets, estimate.matrix)
    }

    /// Reads `asset,budget` rows (an `asset,budget` header is optional) and orders them like `assets`.
    static func readBudgets(_ path: String, assets: [Symbol]) throws -> [Double] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RiskMetricsFiles.FileError(file: path, line: nil, column: nil, message: "cannot read the file")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var byAsset = [String: Double]()
        for (k, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if byAsset.isEmpty && cells.count == 2 && cells[0].lowercased() == "asset" && cells[1].lowercased() == "budget" { continue }
            guard cells.count == 2 else {
                throw RiskMetricsFiles.FileError(file: path, line: k + 1, column: nil, message: "expected 'asset,budget', got \(cells.count) fields")
            }
            guard let value = Double(cells[1]), value.isFinite else {
                throw RiskMetricsFiles.FileError(file: path, line: k + 1, column: 2, message: "'\(cells[1])' is not a finite number")
            }
            guard byAsset.updateValue(value, forKey: cells[0]) == nil else {
                throw RiskMetricsFiles.FileError(file: path, line: k + 1, column: 1, message: "duplicate asset '\(cells[0])'")
            }
            guard assets.contains(Symbol(cells[0])) else {
                throw RiskMetricsFiles.FileError(file: path, line: k + 1, column: 1, message: "asset '\(cells[0])' is not in the covariance")
            }
        }
        return try assets.map { asset in
            guard let b = byAsset[asset.code] else {
                throw RiskMetricsFiles.FileError(file: path, line: nil, column: nil, message: "no budget for asset '\(asset.code)'")
            }
            return b
        }
    }
}
