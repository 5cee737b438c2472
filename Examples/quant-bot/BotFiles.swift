import Backtest
import Execution
import Foundation
import Pipeline
import QuantCore
import RiskMetrics
import Store
import StrategyKit

/// The bot's output files; every column and key is documented in Docs/Bot.md.
enum BotFiles {
    /// `date,<column>,...`: equity in won per date.
    static func writeBacktest(dates: [TradingDate], columns: [(String, [Double])], to path: String) throws {
        var text = "date," + columns.map(\.0).joined(separator: ",") + "\n"
        for (t, date) in dates.enumerated() {
            text += date.description
            for (_, values) in columns { text += "," + (t < values.count ? String(format: "%.2f", values[t]) : "") }
            text += "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `symbol,name,side,quantity,limit_price,status,note`.
    static func writeOrders(_ orders: [StoredOrder], names: [Symbol: String], to path: String) throws {
        var text = "symbol,name,side,quantity,limit_price,status,note\n"
        for o in orders {
            let fields = [o.order.symbol.code, names[o.order.symbol] ?? "", o.order.side.rawValue, "\(o.order.quantity)",
                          "\(o.order.limitPrice)", o.status.rawValue, o.note ?? ""]
            text += fields.map(csvField).joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The summary document (keys as `quant metrics` names them).
    static func summary(asOf: TradingDate, strategy: String, summary s: PerformanceSummary, versus: BenchmarkComparison?,
                        comparison: [(String, BacktestResult)], outcome: DailyRun.Outcome, timings: StageTimings) -> [String: Any] {
        var metrics: [String: Any] = [
            "observations": s.observations, "totalReturn": s.totalReturn, "cagr": s.cagr, "volatility": s.volatility,
            "sharpe": json(s.sharpe), "sortino": json(s.sortino), "calmar": json(s.calmar), "omega": json(s.omega),
            "maxDrawdown": s.drawdown.maxDrawdown, "ulcerIndex": s.drawdown.ulcerIndex,
            "varHistorical": s.tailRisk.historicalVaR, "cvarHistorical": s.tailRisk.historicalCVaR,
            "varGaussian": s.tailRisk.gaussianVaR, "cvarGaussian": s.tailRisk.gaussianCVaR, "varCornishFisher": json(s.tailRisk.cornishFisherVaR),
            "skewness": json(s.skewness), "kurtosis": json(s.kurtosis), "hitRate": json(s.hitRate), "best": s.best, "worst": s.worst,
            "tailRatio": json(s.tailRatio),
        ]
        if let v = versus {
            metrics["beta"] = json(v.beta); metrics["alpha"] = json(v.alpha); metrics["correlation"] = json(v.correlation)
            metrics["trackingError"] = v.trackingError; metrics["informationRatio"] = json(v.informationRatio)
            metrics["upCapture"] = json(v.upCapture); metrics["downCapture"] = json(v.downCapture)
        }
        var compared: [String: Any] = [:]
        for (name, result) in comparison {
            let stats = try? result.summary()
            compared[name] = [
                "cagr": json(stats?.cagr), "volatility": json(stats?.volatility), "sharpe": json(stats?.sharpe),
                "maxDrawdown": json(stats?.drawdown.maxDrawdown), "finalEquity": result.equity.last ?? 0,
                "trades": result.trades.count, "totalCosts": result.totalCosts, "averageTurnover": result.averageTurnover,
            ] as [String: Any]
        }
        return [
            "asOf": asOf.description,
            "synthetic": true,
            "strategy": strategy,
            "metrics": metrics,
            "backtests": compared,
            "dailyRun": [
                "status": outcome.run.status.rawValue,
                "orders": outcome.orders.count,
                "filled": outcome.orders.filter { $0.status == .filled }.count,
                "equity": outcome.equity,
                "cash": outcome.account.cash,
                "target": Dictionary(uniqueKeysWithValues: zip(outcome.target.symbols.map(\.code), outcome.target.weights)),
            ] as [String: Any],
            "stageTimings": Dictionary(uniqueKeysWithValues: timings.stages.map { ($0.name, $0.seconds) }),
        ]
    }

    static func writeJSON(_ object: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A finite number, or JSON null.
    private static func json(_ x: Double?) -> Any { x.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

    private static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
