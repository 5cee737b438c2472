import ArgumentParser

/// `quant-bot`: the Korean-equity trading bot assembled from QuantKit's modules.
@main
struct QuantBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quant-bot",
        abstract: "The QuantKit trading bot: daily pipeline, backtests and reports on KRX data.",
        subcommands: [DemoCommand.self, RunCommand.self, BacktestCommand.self, DaemonCommand.self, StreamCommand.self]
    )
}
