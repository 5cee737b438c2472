import ArgumentParser
import RiskMetrics

/// The statistics conventions `quant metrics` and `quant report` share: the annual risk-free
/// rate, the VaR/CVaR confidence level and the periods per year (empyrical defaults).
struct ConventionOptions: ParsableArguments {
    @Option(name: .customLong("risk-free"), help: "Annual risk-free rate as a decimal; per period (1+rf)^(1/P)-1.")
    var riskFree: Double = 0

    @Option(name: .customLong("confidence"), help: "VaR/CVaR confidence level, strictly between 0 and 1.")
    var confidence: Double = 0.95

    @Option(name: .customLong("periods-per-year"), help: "Return periods per year P used to annualise.")
    var periodsPerYear: Double = 252

    func validate() throws {
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be strictly between 0 and 1") }
        guard periodsPerYear.isFinite, periodsPerYear > 0 else { throw ValidationError("--periods-per-year must be positive") }
        guard riskFree.isFinite, riskFree > -1 else { throw ValidationError("--risk-free must be a finite annual rate above -1") }
    }

    /// The conventions for RiskMetrics (ddof 1, population moments, as empyrical).
    var conventions: PerformanceConventions {
        PerformanceConventions(periodsPerYear: periodsPerYear, annualRiskFreeRate: riskFree)
    }
}
