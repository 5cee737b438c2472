import Alerts
import Configuration
import Execution
import Foundation
import KISREST
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
        /// A fixed list of assets (`strategy.assets`), weighted by risk parity (or equally).
        case riskParity = "risk-parity"

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
    /// The fixed assets of `risk-parity`.
    var assets: [Symbol]
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
    /// Where `run` writes `report-YYYY-MM-DD.html`.
    var reportDirectory: String
    /// Trading days of the strategy's record (its backtest) shown in the report.
    var reportLookbackDays: Int
    /// A local plotly.min.js to embed (the report then works offline and as an attachment).
    var plotlyJS: String?
    /// The email channel, when configured.
    var email: SMTPConfiguration?
    /// The Telegram channel, when configured.
    var telegram: TelegramConfiguration?
    /// Realtime alert thresholds (fractions): a holding this far below its average buy price,
    /// the account this far below its peak equity; and seconds without data before "stream down".
    var stopLoss: Double
    var drawdownLimit: Double
    var streamDownSeconds: Double
    /// Seconds before the outbox retries a failed delivery (doubling, up to an hour).
    var alertRetryDelay: Double
    /// KIS access for streaming in the daemon, when configured.
    var kis: KISAccess?
    /// Live trading at KIS (`broker.mode: live`); nil for the paper broker.
    var live: LiveTrading?

    /// The live broker's settings.
    struct LiveTrading: Sendable {
        var account: KISAccount
        var killSwitch: String
        var fillTimeout: Double
        var adoptBrokerPositions: Bool
    }

    /// KIS credentials and endpoints (secrets from the environment: `KIS_APP_KEY`, `KIS_APP_SECRET`, `KIS_HTS_ID`).
    struct KISAccess: Sendable {
        var appKey: String
        var appSecret: String
        var htsID: String?
        var paper: Bool
        var webSocketURL: String?
        var restURL: String?
    }

    /// Every problem found in a configuration, reported together.
    struct Problems: Error, CustomStringConvertible {
        let file: String
        let problems: [String]
        var description: String {
            "configuration \(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Keys whose values are secrets: a file holding any of them must be readable by its owner only.
    static let secretKeys: [ConfigKey] = ["kis.appSecret", "kis.appKey", "kis.account", "alerts.email.password", "alerts.telegram.token"]

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
        let assets = (config.stringArray(forKey: "strategy.assets") ?? []).map { Symbol($0) }
        if strategy == .riskParity && assets.count < 2 {
            problems.append("strategy.assets needs at least two symbols for strategy.name = risk-parity (e.g. [\"069500\", \"360750\", \"153130\"])")
        }
        if strategy?.needsFundamentals ?? false && fundamentals == nil {
            problems.append("data.fundamentals is required by strategy.name = \(strategyText) (the value and quality factors read it)")
        }
        let weighting: WeightingName = choice("strategy.weighting", default: .riskParity)
        let model: ModelName = choice("strategy.model", default: .gradientBoosting)
        let predictionWeight = number("strategy.predictionWeight", default: 0.5, { $0 >= 0 && $0 <= 1 }, "must be in [0, 1]")
        let minimumPrice = number("strategy.minimumPrice", default: 1_000, { $0 >= 0 && $0.isFinite }, "must be a non-negative price in won")
        let minimumTradedValue = number("strategy.minimumTradedValue", default: 0, { $0 >= 0 && $0.isFinite }, "must be a non-negative amount of won")
        let brokerMode = config.string(forKey: "broker.mode", default: "paper")
        if brokerMode != "paper" && brokerMode != "live" { problems.append("broker.mode = \(brokerMode): must be paper or live") }
        let costs = TradingCosts(
            commissionRate: number("execution.commission", default: TradingCosts.krx.commissionRate, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            sellTaxRate: number("execution.sellTax", default: TradingCosts.krx.sellTaxRate, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            slippage: number("execution.slippage", default: TradingCosts.krx.slippage, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"))
        // Alerts: email and Telegram channels, secrets from the environment or a 600 file.
        var email: SMTPConfiguration?
        if let host = config.string(forKey: "alerts.email.host"), !host.isEmpty {
            let security: SMTPSecurity = choice("alerts.email.security", default: .startTLS)
            let recipients = config.stringArray(forKey: "alerts.email.to") ?? []
            if recipients.isEmpty { problems.append("alerts.email.to is required with alerts.email.host: the recipients") }
            let password = config.string(forKey: "alerts.email.password", isSecret: true) ?? environment["SMTP_PASSWORD"]
            let candidate = SMTPConfiguration(
                host: host, port: config.int(forKey: "alerts.email.port", default: security == .implicitTLS ? 465 : 587), security: security,
                username: config.string(forKey: "alerts.email.username"), password: password.map { Secret($0) },
                from: config.string(forKey: "alerts.email.from", default: "quant-bot@localhost"), to: recipients)
            do { try candidate.validate(); email = candidate } catch { problems.append("alerts.email: \(error)") }
        }
        var telegram: TelegramConfiguration?
        if let chat = config.string(forKey: "alerts.telegram.chatID"), !chat.isEmpty {
            let token = config.string(forKey: "alerts.telegram.token", isSecret: true) ?? environment["TELEGRAM_BOT_TOKEN"]
            let base = config.string(forKey: "alerts.telegram.apiBase", default: "https://api.telegram.org")
            if token?.isEmpty ?? true { problems.append("alerts.telegram.token (or TELEGRAM_BOT_TOKEN) is required with alerts.telegram.chatID") }
            if let url = URL(string: base), let token, !token.isEmpty {
                telegram = TelegramConfiguration(apiBase: url, token: Secret(token), chatID: chat)
            } else if URL(string: base) == nil {
                problems.append("alerts.telegram.apiBase = \(base): not a URL")
            }
        }
        // KIS: streaming in the daemon when an app key is available.
        var kis: KISAccess?
        let appKey = config.string(forKey: "kis.appKey", isSecret: true) ?? environment["KIS_APP_KEY"]
        let appSecret = config.string(forKey: "kis.appSecret", isSecret: true) ?? environment["KIS_APP_SECRET"]
        if let appKey, !appKey.isEmpty {
            if appSecret?.isEmpty ?? true { problems.append("kis.appSecret (or KIS_APP_SECRET) is required with an app key") }
            let environmentName = config.string(forKey: "kis.environment", default: "real")
            if environmentName != "real" && environmentName != "paper" { problems.append("kis.environment = \(environmentName): must be real or paper") }
            kis = KISAccess(appKey: appKey, appSecret: appSecret ?? "", htsID: config.string(forKey: "kis.htsID") ?? environment["KIS_HTS_ID"],
                            paper: environmentName == "paper", webSocketURL: config.string(forKey: "kis.webSocketURL"),
                            restURL: config.string(forKey: "kis.restURL"))
        }
        let storeDirectory = URL(fileURLWithPath: store).deletingLastPathComponent().path
        var live: LiveTrading?
        if brokerMode == "live" {
            if kis == nil { problems.append("broker.mode = live needs KIS credentials (kis.appKey / KIS_APP_KEY, kis.appSecret / KIS_APP_SECRET)") }
            let accountText = config.string(forKey: "kis.account", isSecret: true) ?? environment["KIS_ACCOUNT"] ?? ""
            let account = try? KISAccount(parsing: accountText)
            if account == nil { problems.append("kis.account (or KIS_ACCOUNT) must be the account number, 8 digits-2 digits, for broker.mode = live") }
            let timeout = number("broker.fillTimeoutSeconds", default: 120, { $0 > 0 && $0 <= 3600 }, "must be in (0, 3600] seconds")
            if let account {
                live = LiveTrading(account: account, killSwitch: config.string(forKey: "broker.killSwitch", default: storeDirectory + "/KILL"),
                                   fillTimeout: timeout, adoptBrokerPositions: config.bool(forKey: "broker.adoptBrokerPositions", default: false))
            }
        }

        let configuration = BotConfiguration(
            pricesFile: prices, volumesFile: volumes, fundamentalsFile: fundamentals, securitiesFile: securities,
            marketCapsFile: marketCaps, benchmarkFile: benchmark, weighting: weighting,
            topN: integer("strategy.topN", default: 20, minimum: 1), model: model,
            retrainEveryMonths: integer("strategy.retrainEveryMonths", default: 3, minimum: 1),
            trainingMonths: integer("strategy.trainingMonths", default: 36, minimum: 2),
            predictionWeight: predictionWeight, minimumPrice: minimumPrice, minimumTradedValue: minimumTradedValue,
            storePath: store, strategy: strategy ?? .dualMomentumRiskParity, risky: risky, assets: assets, safe: Symbol(safe),
            lookback: integer("strategy.lookback", default: 252, minimum: 1),
            topCount: integer("strategy.topCount", default: 1, minimum: 1),
            covarianceLookback: integer("strategy.covarianceLookback", default: 126, minimum: 2),
            initialCash: number("execution.initialCash", default: 100_000_000, { $0 > 0 && $0.isFinite }, "must be a positive amount of won"),
            cashBuffer: number("execution.cashBuffer", default: 0.005, { $0 >= 0 && $0 < 1 }, "must be in [0, 1)"),
            maximumOrderValue: number("execution.maxOrderValue", default: .infinity, { $0 > 0 }, "must be positive"),
            maximumTurnover: number("execution.maxTurnover", default: 1, { $0 > 0 && $0 <= 1 }, "must be in (0, 1]"),
            etfs: Set((config.stringArray(forKey: "execution.etfs") ?? []).map { Symbol($0) }),
            costs: costs,
            reportDirectory: config.string(forKey: "report.directory", default: storeDirectory + "/reports"),
            reportLookbackDays: integer("report.lookbackDays", default: 756, minimum: 21),
            plotlyJS: optionalFile("report.plotlyJS"),
            email: email, telegram: telegram,
            stopLoss: number("alerts.stopLoss", default: 0.10, { $0 > 0 && $0 < 1 }, "must be in (0, 1)"),
            drawdownLimit: number("alerts.drawdownLimit", default: 0.15, { $0 > 0 && $0 < 1 }, "must be in (0, 1)"),
            streamDownSeconds: number("alerts.streamDownSeconds", default: 120, { $0 > 0 && $0.isFinite }, "must be a positive number of seconds"),
            alertRetryDelay: number("alerts.retryDelaySeconds", default: 30, { $0 >= 0 && $0.isFinite }, "must be a non-negative number of seconds"),
            kis: kis, live: live)
        guard problems.isEmpty else { throw Problems(file: path, problems: problems) }
        return configuration
    }
}
