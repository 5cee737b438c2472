import Foundation
import QuantCore
import QuantTestSupport
import RiskMetrics
import Testing

/// `Fixtures/risk_metrics.json`, written by `scripts/fixtures/risk_metrics.py` from
/// empyrical(-reloaded) 0.7.1, quantstats 0.0.86, numpy and scipy.
struct RiskMetricsFixture: Decodable, Sendable {
    struct Expected: Decodable, Sendable {
        let totalReturn, cagr, volatility: Double
        let sharpe, sortino, calmar, omega, tailRatio: Double?
        let maxDrawdown, varHistorical, cvarHistorical, skewness, kurtosis: Double
        let skewnessQuantstats, kurtosisQuantstats, hitRate, ulcerIndex, varGaussian, best, worst: Double
        let sharpeQuantstats: Double?
        let cvarGaussian, varCornishFisher: Double
        let drawdowns: [Double]
        let monthly: [[Double]]
        let yearly: [[Double]]
        let rollingWindow: Int
        let rollingVolatility: [Double]
        let rollingSharpe: [Double?]
        let rollingSortino: [Double?]
        let rollingDrawdown: [Double]
        let rollingMaxDrawdown: [Double]
        let peakIndex, troughIndex, recoveryIndex: Int?
        let longestDuration: Int
    }

    struct BenchmarkExpected: Decodable, Sendable {
        let observations: Int
        let beta, alpha, correlation, trackingError, informationRatio, informationRatioQuantstats, upCapture, downCapture: Double
        let rollingBeta: [Double?]
    }

    struct SeriesCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let dates: [String]
        let returns: [Double?]
        let periodsPerYear: Double
        let riskFree: Double
        let confidence: Double
        let observations: Int
        let missing: Int
        let expected: Expected
        let benchmarkDates: [String]?
        let benchmark: [Double?]?
        let benchmarkExpected: BenchmarkExpected?

        var testDescription: String { name }

        var tradingDates: [TradingDate] { dates.map { try! TradingDate(parsing: $0) } }

        /// The series with its missing values dropped.
        func series() throws -> ReturnSeries {
            try ReturnSeries.droppingMissing(returns.map { $0 ?? .nan }, dates: tradingDates, asset: Symbol(name))
        }

        func benchmarkSeries() throws -> ReturnSeries? {
            guard let benchmark, let benchmarkDates else { return nil }
            return try ReturnSeries.droppingMissing(benchmark.map { $0 ?? .nan }, dates: benchmarkDates.map { try TradingDate(parsing: $0) }, asset: "benchmark")
        }

        var conventions: PerformanceConventions {
            PerformanceConventions(periodsPerYear: periodsPerYear, annualRiskFreeRate: riskFree)
        }
    }

    struct VaRExpected: Decodable, Sendable {
        let confidence, valueAtRisk, conditionalValueAtRisk: Double
        let marginalVaR, componentVaR, componentCVaR: [Double]
    }

    struct RegressionExpected: Decodable, Sendable {
        let intercept: Double
        let betas: [Double]
        let rSquared, adjustedRSquared, residualVolatility: Double
    }

    struct PortfolioCase: Decodable, Sendable, CustomTestStringConvertible {
        let assets: [String]
        let weights: [Double]
        let covariance: [[Double]]
        let expectedReturns: [Double]
        let volatility: Double
        let riskContributions, fractions: [Double]
        let diversificationRatio, effectiveNumberOfBets, herfindahl: Double
        let var95, var99: VaRExpected
        let factorScores: [[Double]]
        let factorExposures: [Double]
        let factorReturns: [[Double]]
        let portfolioReturns: [Double]
        let regression: RegressionExpected

        var testDescription: String { "\(assets.count) assets" }
        var symbols: [Symbol] { assets.map { Symbol($0) } }
    }

    let series: [SeriesCase]
    let portfolios: [PortfolioCase]

    static let shared: RiskMetricsFixture? = try? Fixture.load(RiskMetricsFixture.self, named: "risk_metrics", in: .module)
    static var seriesCases: [SeriesCase] { shared?.series ?? [] }
    static var portfolioCases: [PortfolioCase] { shared?.portfolios ?? [] }
}

/// The tolerance every reference comparison uses.
let referenceTolerance = 1e-10
