import ArgumentParser
import Foundation
import QuantCore
import RiskMetrics

/// `quant portfolio-risk`: volatility, risk contributions, diversification ratio and effective
/// number of bets of a weighted portfolio.
struct PortfolioRiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio-risk",
        abstract: "Portfolio volatility and absolute risk contributions from weights and a covariance; JSON on stdout.",
        discussion: "Every key and its formula is documented in Docs/CLI.md under 'quant portfolio-risk'."
    )

    @Option(name: .customLong("weights"), help: "Weights CSV: 'asset,weight' rows (optional header), one per covariance asset.")
    var weightsFile: String

    @Option(name: .customLong("covariance"), help: "Covariance square-matrix CSV: header ',<asset>,...', rows in header order.")
    var covarianceFile: String

    func run() throws {
        do {
            print(try report())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The JSON document.
    func report() throws -> String {
        let (assets, covariance) = try RiskMetricsFiles.readSquareMatrix(covarianceFile)
        let given = try RiskMetricsFiles.readWeights(weightsFile)
        var byAsset = [Symbol: Double]()
        for (asset, weight) in given { byAsset[asset] = weight }
        for (asset, _) in given where !assets.contains(asset) {
            throw RiskMetricsError(.labelMismatch, asset: asset, detail: "weighted asset is not in the covariance file \(covarianceFile)")
        }
        let weights = try assets.map { asset -> Double in
            guard let w = byAsset[asset] else {
                throw RiskMetricsError(.labelMismatch, asset: asset, detail: "covariance asset has no weight in \(weightsFile)")
            }
            return w
        }
        let s = try PortfolioStructure(weights: weights, covariance: covariance, assets: assets)
        return JSONText.object([
            ("volatility", JSONText.number(s.volatility)),
            ("riskContributions", JSONText.object(assets.indices.map { (assets[$0].code, JSONText.number(s.riskContributions[$0])) })),
            ("diversificationRatio", JSONText.number(s.diversificationRatio)),
            ("effectiveNumberOfBets", JSONText.number(s.effectiveNumberOfBets)),
        ])
    }
}
