import ArgumentParser

/// `quant`: QuantKit's modules on the command line. CSV in, JSON out.
@main
struct QuantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quant",
        abstract: "QuantKit's modules on the command line: CSV in, JSON out.",
        subcommands: [
            CovarianceCommand.self,
            MetricsCommand.self,
            PortfolioRiskCommand.self,
            RiskParityCommand.self,
            NotifyCommand.self,
            MLCommand.self,
            ReportCommand.self,
            SampleDataCommand.self,
            StreamCommand.self,
            KISSimulatorCommand.self,
        ]
    )
}
