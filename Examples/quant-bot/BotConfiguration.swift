import Alerts
import Configuration
import Execution
import Foundation
import QuantCore
import SystemPackage

/// quant-bot's configuration: one JSON file, with any key overridable by an environment
/// variable (`store.path` by `STORE_PATH`), read through swift-configuration. Every problem is
/// collected and reported at once. Docs/Bot.md lists every key.
struct BotConfiguration: Sendable {
    /// The strategies the bot can run.
    enum StrategyName: String, CaseIterable, Sendable {
        case dualMomentumRiskParity = "dual-momentum-risk-parity"
        case dualMomentumEqual = "dual-momentum-equal"
        /// Top N stocks by the three-factor score (value, momentum, quality); needs fundamentals.
        case threeFactor = "three-factor"
        /// Top N stocks by a blend of the three-factor score and a model retrained in the strategy.
        case mlFactor = "ml-factor"
        /// Top N stocks by 12-1 momentum with an absolute filter.
        case momentum = "momentum"

        var isDualMomentum: Bool { self == .dualMomentumRiskParity || self == .dualMomentumEqual }
        var needsFundamentals: Bool { self == .threeFactor || self == .mlFactor }
    }

    /// How a stock strategy weights its picks.
    enum WeightingName: String, CaseIterable, Sendable {
        case riskParity = "risk-parity"
        case equal = "equal"
    }

    /// The model an `ml-factor` strategy retrains.
    enum ModelName: String, CaseIterable, Sendable {
        case gradientBoosting = "gradient-boosting"
        case ridge = "ridge"
        case randomForest = "random-forest"
    }

    var pricesFile: String
    var volumesFile: String?
    var fundamentalsFile: String?
    var securitiesFile: String?
    var marketCapsFile: String?
    var benchmarkFile: String?
    var weighting: WeightingName
    var topN: Int
    var model: ModelName
    var retrainEveryMonths: Int
    var trainingMonths: Int
    var predictionWeight: Double
    var minimumPrice: Double
    var minimumTradedValue: Double
    var storePath: String
    var strategy: StrategyName
    var risky: [Symbol]
    var safe: Symbol
    var lookback: Int
    var topCount: Int
    var covarianceLookback: Int
    var initialCash: Double
    var cashBuffer: Double
    var maximumOrderValue: Double
    var maximumTurnover: Double
    var etfs: Set<Symbol>
    var costs: TradingCosts

    /// Every problem found in a configuration, reported together.
    struct Problems: Error, CustomStringConvertible {
        let file: String
        let problems: [String]
        var description: String {
            "configuration \(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Keys whose values are secrets: a file holding any of them must be readable by its owner only.
    static let secretKeys: [ConfigKey] = ["kis.appSecret", "kis.appKey", "smtp.password", "telegram.token"]

    /// Loads and validates `path`, with `environment` overriding file values.
    static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> BotConfiguration {
        let file: FileProvider<JSONSnapshot>
        do { file = try await FileProvider<JSONSnapshot>(filePath: FilePath(path)) } catch {
            throw Problems(file: path, problems: ["cannot read the file as JSON: \(error)"])
        }
        let config = ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: environment), file])
        let fileOnly = ConfigReader(provider: file)
        var problems: [String] = []
        if secretKeys.contains(where: { fileOnly.string(forKey: $0, isSecret: true) != nil }) {
            do { try CredentialFilePolicy.check(path) } catch { problems.append("\(error)") }
        }

        func required(_ key: ConfigKey) -> String {
            guard let value = config.string(forKey: key), !value.isEmpty else { problems.append("\(key) is required"); return "" }
            return value
        }
        func number(_ key: ConfigKey, default value: Double, _ valid: (Double) -> Bool, _ rule: String) -> Double {
            let x = config.double(forKey: key, default: value)
            if !valid(x) { problems.append("\(key) = \(x): \(rule)") }
            return x
        }
        func integer(_ key: ConfigKey, default value: Int, minimum: Int) -> Int {
            let x = config.int(forKey: key, default: value)
            if x < minimum { problems.append("\(key) = \(x): must be at least \(minimum)") }
            return x
        }

        func choice<T: RawRepresentable & CaseIterable>(_ key: ConfigKey, default value: T) -> T where T.RawValue == String {
            let text = config.string(forKey: key, default: value.rawValue)
            guard let parsed = T(rawValue: text) else {
                problems.append("\(key) = \(text): must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                return value
            }
            return parsed
        }
        func optionalFile(_ key: ConfigKey) -> String? {
            guard let path = config.string(forKey: key), !path.isEmpty else { return nil }
            if !FileManager.default.isReadableFile(atPath: path) { problems.append("\(key): cannot read \(path)") }
            return path
        }

        let prices = required("data.prices")
        if !prices.isEmpty && !FileManager.default.isReadableFile(atPath: prices) { problems.append("data.prices: cannot read \(prices)") }
        let volumes = optionalFile("data.volumes"), fundamentals = optionalFile("data.fundamentals")
        let securities = optionalFile("data.securities"), marketCaps = optionalFile("data.marketCaps"), benchmark = optionalFile("data.benchmark")
        let store = required("store.path")
        let strategyText = config.string(forKey: "strategy.name", default: StrategyName.dualMomentumRiskParity.rawValue)
        let strategy = StrategyName(rawValue: strategyText)
        if strategy == nil {
            problems.append("strategy.name = \(strategyText): must be one of \(StrategyName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let risky = (config.stringArray(forKey: "strategy.risky") ?? []).map { Symbol($0) }
        var safe = config.string(forKey: "strategy.safe") ?? ""
        if strategy?.isDualMomentum ?? false {
            if risky.isEmpty { problems.append("strategy.risky is required: the risky assets to rank (e.g. [\"069500\", \"360750\"])") }
            safe = required("strategy.safe")
        }
        if strategy?.needsFundamentals ?? false && fundamentals == nil {
            problems.append("data.fundamentals is required by strategy.name = \(strategyText) (the value and quality factors read it)")
        }
        let weighting: WeightingName = choice("strategy.weighting", default: .riskParity)
        let model: ModelName = choice("strategy.model", default: .gradientBoosting)
        let predictionWeight = number("strategy.predictionWeight", default: 0.5, { $0 >= 0 && $0 <= 1 }, "must be in [0, 1]")
        let minimumPrice = number("strategy.minimumPrice", default: 1_000, { $0 >= 0 && $0.isFinite }, "must be a non-negative price in won")
        let minimumTradedValue = number("strategy.minimumTradedValue", default: 0, { $0 >= 0 && $0.isFinite }, "must be a non-negative amount of won")
        let broker = config.string(forKey: "broker.mode", default: "paper")
        if broker != "paper" { problems.append("broker.mode = \(broker): only \"paper\" is available; the live KIS adapter is not built yet") }
        let costs = TradingCosts(
            commissionRate: number("execution.commission", default: TradingCosts.krx.commissionRate, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            sellTaxRate: number("execution.sellTax", default: TradingCosts.krx.sellTaxRate, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            slippage: number("execution.slippage", default: TradingCosts.krx.slippage, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"))
        let configuration = BotConfiguration(
            pricesFile: prices, volumesFile: volumes, fundamentalsFile: fundamentals, securitiesFile: securities,
            marketCapsFile: marketCaps, benchmarkFile: benchmark, weighting: weighting,
            topN: integer("strategy.topN", default: 20, minimum: 1), model: model,
            retrainEveryMonths: integer("strategy.retrainEveryMonths", default: 3, minimum: 1),
            trainingMonths: integer("strategy.trainingMonths", default: 36, minimum: 2),
            predictionWeight: predictionWeight, minimumPrice: minimumPrice, minimumTradedValue: minimumTradedValue,
            storePath: store, strategy: strategy ?? .dualMomentumRiskParity, risky: risky, safe: Symbol(safe),
            lookback: integer("strategy.lookback", default: 252, minimum: 1),
            topCount: integer("strategy.topCount", default: 1, minimum: 1),
            covarianceLookback: integer("strategy.covarianceLookback", default: 126, minimum: 2),
            initialCash: number("execution.initialCash", default: 100_000_000, { $0 > 0 && $0.isFinite }, "must be a positive amount of won"),
            cashBuffer: number("execution.cashBuffer", default: 0.005, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            maximumOrderValue: number("execution.maxOrderValue", default: .infinity, { $0 > 0 }, "must be positive"),
            maximumTurnover: number("execution.maxTurnover", default: 1, { $0 > 0 && $0 <= 1 }, "must be in (0, 1]"),
            etfs: Set((config.stringArray(forKey: "execution.etfs") ?? []).map { Symbol($0) }),
            costs: costs)
        guard problems.isEmpty else { throw Problems(file: path, problems: problems) }
        return configuration
    }
}
