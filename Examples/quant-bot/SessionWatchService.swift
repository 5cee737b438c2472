import Alerts
import Execution
import Foundation
import KISStream
import Logging
import Pipeline
import QuantCore
import ServiceLifecycle
import Store

/// The daemon's realtime side: during each trading session (the calendar's hours, KST) KISStream's
/// realtime manager streams the account's holdings from KIS (polling the REST current price of
/// any it cannot stream, or whose stream went quiet); the ticks and one-minute bars go into the
/// store, and alerts go through the outbox: a holding at its stop-loss, the account at its
/// drawdown limit, the stream down (and restored). Without KIS credentials it logs so once and
/// stays idle.
struct SessionWatchService: Service {
    let runner: BotRunner
    let calendar: TradingCalendar
    let logger: Logger

    func run() async throws {
        guard let kis = runner.settings.kis else {
            logger.notice("realtime off: no KIS app key configured (kis.appKey or KIS_APP_KEY)")
            try? await gracefulShutdown()
            return
        }
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard let session = try nextSession(after: Date()) else {
                    logger.warning("realtime: the calendar has no further session; streaming stops")
                    return
                }
                if session.openInstant > Date() {
                    logger.info("realtime: waiting for the session", metadata: ["date": "\(session.date)", "opens": "\(session.open) KST"])
                    try await SystemSchedulerClock().sleep(until: session.openInstant)
                }
                try await watch(session, kis: kis)
            }
        }
    }

    /// The session in progress or the next one.
    private func nextSession(after instant: Date) throws -> TradingSession? {
        var day = KST.tradingDate(of: instant)
        for _ in 0..<370 {
            guard calendar.covers(day) else { return nil }
            if let session = try calendar.session(on: day), session.closeInstant > instant { return session }
            day = day.adding(days: 1)
        }
        return nil
    }

    /// Streams the holdings until the session closes.
    private func watch(_ session: TradingSession, kis: BotConfiguration.KISAccess) async throws {
        let store = runner.store
        guard let account = try store.account()?.account, !account.positions.isEmpty else {
            logger.info("realtime: no holdings to watch this session", metadata: ["date": "\(session.date)"])
            try await SystemSchedulerClock().sleep(until: session.closeInstant)
            return
        }
        let settings = runner.settings
        let data = try? runner.loadData()
        let symbols = account.positions.keys.sorted().prefix(40)
        var references: [Symbol: Double] = [:]
        if let prices = data?.prices, let last = prices.dates.indices.last {
            for s in symbols { if let j = prices.index(of: s), prices[last, j].isFinite { references[s] = prices[last, j] } }
        }
        let peak = (try store.equityHistory().map(\.equity).max()) ?? 0
        let watch = PositionWatch(positions: account.positions, cash: account.cash, averageCosts: try store.averageBuyPrices(),
                                  referencePrices: references, peakEquity: peak,
                                  thresholds: .init(stopLoss: settings.stopLoss, drawdownLimit: settings.drawdownLimit,
                                                    streamDown: settings.streamDownSeconds))
        // The manager streams the holdings, polls the current price over REST for any it cannot
        // stream or whose stream went quiet, aggregates minute bars and follows the session.
        let manager = kis.realtimeManager(KISRealtimeManagerConfiguration(
            stalenessThreshold: .milliseconds(Int(settings.streamDownSeconds * 1000)), calendar: calendar))
        await manager.setWatchList(KISWatchList(holdings: Array(symbols)))
        let events = manager.subscribe(KISRealtimeSubscriberOptions(includesTrades: true, includesOrderBooks: false))
        let recorder = SessionRecorder(store: store, watch: watch, outbox: alertOutbox(), names: data?.names ?? [:], logger: logger)
        await recorder.start(at: Date())
        logger.info("realtime: streaming", metadata: ["date": "\(session.date)", "symbols": "\(symbols.map(\.code).joined(separator: ","))"])

        let running = Task { await manager.run() }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await recorder.tick(at: Date())
            }
        }
        let closer = Task {
            try? await SystemSchedulerClock().sleep(until: session.closeInstant)
            running.cancel()
        }
        // The consumer is not a child task: a shutdown cancels the manager, which publishes its
        // open bars and ends the stream, and the consumer records all of it before finishing.
        let consumer = Task {
            for await event in events { await recorder.handle(event) }
        }
        await withTaskCancellationHandler {
            _ = await running.value
        } onCancel: {
            running.cancel()
        }
        await consumer.value
        closer.cancel()
        ticker.cancel()
        await recorder.finish()
        let statistics = await manager.statistics
        logger.info("realtime: session ended", metadata: [
            "date": "\(session.date)", "trades": "\(statistics.trades)", "polls": "\(statistics.polls)", "bars": "\(statistics.bars)",
        ])
    }

    private func alertOutbox() -> AlertOutbox? {
        let notifiers = BotAlerts.notifiers(runner.settings)
        guard !notifiers.isEmpty else { return nil }
        return AlertOutbox(store: StoreOutbox(runner.store), notifiers: notifiers,
                           policy: AlertOutbox.RetryPolicy(initialDelay: runner.settings.alertRetryDelay))
    }
}

/// One session's state: the watch, the bar aggregator and the ticks not yet written.
actor SessionRecorder {
    private let store: TradingStore
    private var watch: PositionWatch
    private let outbox: AlertOutbox?
    private let names: [Symbol: String]
    private let logger: Logger
    private var ticks: [(symbol: Symbol, time: Date, price: Int, volume: Int)] = []
    private var closedBars: [KISMinuteBar] = []
    private var lastWrite = Date()

    init(store: TradingStore, watch: PositionWatch, outbox: AlertOutbox?, names: [Symbol: String], logger: Logger) {
        self.store = store
        self.watch = watch
        self.outbox = outbox
        self.names = names
        self.logger = logger
    }

    func start(at now: Date) { watch.start(at: now) }

    func handle(_ event: KISRealtimeEvent) async {
        let now = Date()
        switch event {
        case .trade(let tick):
            ticks.append((tick.symbol, tick.timeOfDay.date(on: tick.businessDate), tick.price, tick.volume))
        case .quote(let quote):
            await raise(watch.price(of: quote.symbol, quote.price, at: now, fromStream: quote.source == .stream))
        case .bar(let bar):
            closedBars.append(bar)
        case .health(let health):
            if case .up = health {
                await raise(watch.stream(isUp: true, at: now))
            } else {
                logger.warning("realtime: stream \(health)")
                await raise(watch.stream(isUp: false, at: now))
            }
        case .session(let change):
            logger.info("realtime: market session", metadata: ["session": "\(change.session)"])
        case .pollFailed(let symbol, let reason):
            logger.warning("realtime: poll failed", metadata: ["symbol": "\(symbol)", "reason": "\(reason)"])
        case .dropped(let trades, let bars):
            logger.warning("realtime: recorder fell behind", metadata: ["trades": "\(trades)", "bars": "\(bars)"])
        case .orderBook, .allocation:
            break
        }
    }

    /// Once a second: the silence check, and the buffered ticks and bars written every 5 s.
    func tick(at now: Date) async {
        await raise(watch.check(at: now))
        if now.timeIntervalSince(lastWrite) >= 5 { write(); lastWrite = now }
    }

    func finish() async {
        write()
        if let outbox { _ = try? await outbox.flush() }
    }

    private func write() {
        do {
            if !ticks.isEmpty { try store.recordTicks(ticks); ticks.removeAll(keepingCapacity: true) }
            if !closedBars.isEmpty {
                try store.recordMinuteBars(closedBars.map { ($0.symbol, $0.start.date(on: $0.date), $0.open, $0.high, $0.low, $0.close, $0.volume) })
                closedBars.removeAll()
            }
        } catch {
            logger.error("realtime: cannot record ticks", metadata: ["error": "\(error)"])
        }
    }

    private func raise(_ alarms: [PositionWatch.Alarm]) async {
        for alarm in alarms {
            let alert = Self.alert(for: alarm, names: names, at: Date())
            logger.warning("alarm", metadata: ["subject": "\(alert.subject)"])
            guard let outbox else { continue }
            do {
                _ = try await outbox.submit(alert)
                let report = try await outbox.flush()
                if !report.failures.isEmpty { logger.warning("alert delivery failed", metadata: ["failures": "\(report.failures)"]) }
            } catch {
                logger.error("alert outbox failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The alert for an alarm (amounts in won, times in KST).
    static func alert(for alarm: PositionWatch.Alarm, names: [Symbol: String], at now: Date) -> Alert {
        let day = KST.tradingDate(of: now)
        func won(_ x: Double) -> String { "\(Int(x.rounded()).formatted())원" }
        func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        switch alarm {
        case let .stopLoss(symbol, price, cost, loss):
            let name = names[symbol].map { " \($0)" } ?? ""
            return Alert(level: .warning, subject: "손절 경보 \(symbol.code)\(name): \(won(Double(price))) (-\(percent(loss)))",
                         body: "\(symbol.code)\(name) trades at \(won(Double(price))), \(percent(loss)) below its average buy price \(won(cost)).",
                         deduplicationKey: "stop-loss/\(symbol.code)/\(day)")
        case let .drawdownLimit(equity, peak, drawdown):
            return Alert(level: .critical, subject: "낙폭 한도 초과: -\(percent(drawdown))",
                         body: "Equity at live prices is \(won(equity)), \(percent(drawdown)) below its peak \(won(peak)).",
                         deduplicationKey: "drawdown/\(day)")
        case let .streamDown(lastData, silent):
            let since = lastData.map { "since \(KST.localTime(of: $0)) KST" } ?? "since the session opened"
            return Alert(level: .warning, subject: "KIS 실시간 시세 중단 (\(Int(silent)) s)",
                         body: "No price from the KIS stream \(since); the last prices are stale.",
                         deduplicationKey: "stream-down/\(day)/\(Int(now.timeIntervalSince1970) / 60)")
        case let .streamRestored(down):
            return Alert(level: .info, subject: "KIS 실시간 시세 복구", body: "Prices arrive again after \(Int(down)) s without data.",
                         deduplicationKey: "stream-restored/\(day)/\(Int(now.timeIntervalSince1970) / 60)")
        }
    }
}
