import ArgumentParser
import Covariance
import Foundation
import LinearAlgebra
import QuantCore

/// `quant covariance`: a covariance estimate of a returns (or prices) file, as JSON or a square CSV.
struct CovarianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "covariance",
        abstract: "Estimate the covariance matrix of a returns (or prices) CSV file.",
        discussion: """
            Prints {"assets":[...], "matrix":[[...]], "shrinkage": number or null, "method": "..."} \
            in the units of the input (per period) unless --annualize is given. See Docs/CLI.md.
            """
    )

    enum Method: String, CaseIterable, ExpressibleByArgument {
        case sample, ledoitWolf = "ledoit-wolf", oas, ewm, nonlinear, denoised

        /// The Covariance estimator this method names, with its command-line defaults
        /// (`ddof` 1 for sample; `halfLife` is required for ewm and validated by the caller).
        func estimator(ddof: Int? = nil, halfLife: Double? = nil, missing policy: MissingDataPolicy = .dropIncompleteRows) -> any CovarianceEstimator {
            switch self {
            case .sample: return SampleCovariance(ddof: ddof ?? 1, missing: policy)
            case .ledoitWolf: return LedoitWolf(missing: policy)
            case .oas: return OracleApproximatingShrinkage(missing: policy)
            case .ewm: return ExponentiallyWeightedCovariance(halfLife: halfLife ?? 0, missing: policy)
            case .nonlinear: return NonlinearShrinkage(missing: policy)
            case .denoised: return DenoisedCovariance(missing: policy)
            }
        }
    }

    enum Missing: String, CaseIterable, ExpressibleByArgument {
        case dropRows = "drop-rows", pairwise
    }

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case json, csv
    }

    @Option(help: "Returns CSV: header `date,<asset>,...`, one row per date, simple returns as decimals.")
    var returns: String?

    @Option(help: "Prices CSV in the same layout, converted to simple returns (instead of --returns).")
    var prices: String?

    @Option(help: "The estimator: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: Method

    @Option(name: .customLong("half-life"), help: "Half-life in observations (trading days); required for ewm.")
    var halfLife: Double?

    @Option(help: "Missing values: drop-rows (default) or pairwise (sample and ewm only; then nearest-PSD repair).")
    var missing: Missing = .dropRows

    @Option(help: "Delta degrees of freedom for sample (default 1, unbiased; 0 for maximum likelihood).")
    var ddof: Int?

    @Flag(help: "Multiply the matrix by --periods-per-year.")
    var annualize = false

    @Option(name: .customLong("periods-per-year"), help: "Periods per year for --annualize.")
    var periodsPerYear: Double = 252

    @Option(help: "Output: json (default) or csv (the square-matrix file).")
    var format: Format = .json

    func validate() throws {
        guard (returns == nil) != (prices == nil) else {
            throw ValidationError("give exactly one of --returns FILE or --prices FILE")
        }
        if method == .ewm {
            guard let halfLife else { throw ValidationError("--method ewm requires --half-life DAYS") }
            guard halfLife > 0, halfLife.isFinite else { throw ValidationError("--half-life must be a positive number of days") }
        } else if halfLife != nil {
            throw ValidationError("--half-life applies to --method ewm only")
        }
        if missing == .pairwise && method != .sample && method != .ewm {
            throw ValidationError("--missing pairwise is allowed for sample and ewm only")
        }
        if let ddof {
            guard method == .sample else { throw ValidationError("--ddof applies to --method sample only") }
            guard ddof >= 0 else { throw ValidationError("--ddof must be non-negative") }
        }
        guard periodsPerYear > 0, periodsPerYear.isFinite else { throw ValidationError("--periods-per-year must be positive") }
    }

    func run() throws {
        do {
            let panel: Panel
            if let returns {
                panel = try PanelFile.read(path: returns)
            } else {
                panel = try PanelFile.read(path: prices!).simpleReturns()
            }
            var estimate = try estimator().estimate(from: panel)
            if missing == .pairwise {
                estimate = try NearestPositiveSemidefinite().repair(estimate)
            }
            if annualize { estimate = estimate.annualized(periodsPerYear: periodsPerYear) }
            if let bad = estimate.matrix.firstNonFiniteElement {
                throw CovarianceError(.nonFinite, asset: estimate.assets[bad.row],
                                      detail: "the estimate is not finite against \(estimate.assets[bad.column]); check for constant or extreme returns")
            }
            print(format == .json ? Self.json(estimate) : Self.csv(estimate), terminator: "")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func estimator() -> any CovarianceEstimator {
        method.estimator(ddof: ddof, halfLife: halfLife, missing: missing == .pairwise ? .pairwise : .dropIncompleteRows)
    }

    /// `{"assets":[...],"matrix":[[...]],"shrinkage":x|null,"method":"..."}` with shortest round-trip numbers.
    static func json(_ estimate: CovarianceEstimate) -> String {
        var out = "{\"assets\":["
        out += estimate.assets.map { JSONText.string($0.code) }.joined(separator: ",")
        out += "],\"matrix\":["
        let p = estimate.assets.count
        for i in 0..<p {
            if i > 0 { out += "," }
            out += "["
            for j in 0..<p {
                if j > 0 { out += "," }
                out += "\(estimate.matrix[i, j])"
            }
            out += "]"
        }
        out += "],\"shrinkage\":" + (estimate.shrinkage.map { "\($0)" } ?? "null")
        out += ",\"method\":" + JSONText.string(estimate.method) + "}\n"
        return out
    }

    /// The square-matrix file: header `,<asset>,...`, then one row per asset starting with its name.
    static func csv(_ estimate: CovarianceEstimate) -> String {
        let p = estimate.assets.count
        var out = "," + estimate.assets.map(\.code).joined(separator: ",") + "\n"
        for i in 0..<p {
            out += estimate.assets[i].code
            for j in 0..<p { out += ",\(estimate.matrix[i, j])" }
            out += "\n"
        }
        return out
    }
}
