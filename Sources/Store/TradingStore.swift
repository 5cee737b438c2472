public import Execution
public import Foundation
import GRDB
public import QuantCore
public import StrategyKit

/// The bot's state in one SQLite file: runs, targets, orders, fills, positions and cash,
/// recorded ticks and minute bars.
///
/// Every method is one transaction, so a process killed at any point leaves the file as it
/// was before or after that call, never in between; ``recordExecution(_:account:on:)`` writes
/// fills, order statuses, positions and cash together. Runs are keyed by market date and
/// orders by date, symbol and side, so repeating a day (after a crash, or by mistake) finds
/// what is already there instead of creating duplicates. The schema is versioned and migrated
/// on open.
///
/// ```swift
/// let store = try TradingStore(path: "/var/lib/quant-bot/quant.sqlite")
/// let run = try store.beginRun(on: today, strategy: "dual momentum + risk parity")
/// if run.status == .started {
///     try store.recordTargets(target, on: today)
///     _ = try store.recordOrders(verdict.accepted, rejected: verdict.rejected, on: today)
/// }
/// ```
public final class TradingStore: Sendable {
    /// The database file's path.
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// - Throws: ``StoreError`` (`.cannotOpen`) naming the path and SQLite's message.
    public init(path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try StoreSchema.migrator.migrate(queue)
        } catch {
            throw StoreError(.cannotOpen, detail: "cannot open \(path): \(error)")
        }
    }

    /// The schema migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    // MARK: - Runs

    /// The run of `date`, if one began.
    public func run(on date: TradingDate) throws -> RunRecord? {
        try read { db in try Self.run(db, date) }
    }

    /// Begins the run of `date`, or returns the run already recorded for it.
    @discardableResult
    public func beginRun(on date: TradingDate, strategy: String, at now: Date = Date()) throws -> RunRecord {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO run (date, strategy, status, startedAt) VALUES (?, ?, 'started', ?)",
                           arguments: [date.description, strategy, now.timeIntervalSince1970])
            guard let run = try Self.run(db, date) else { throw StoreError(.database, date: date, detail: "the run was not recorded") }
            return run
        }
    }

    /// Marks the run of `date` completed with its JSON summary.
    ///
    /// - Throws: ``StoreError`` (`.unknownRun`) when the date has no run.
    public func completeRun(on date: TradingDate, summary: String, at now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET status = 'completed', completedAt = ?, summary = ? WHERE date = ?",
                           arguments: [now.timeIntervalSince1970, summary, date.description])
            guard db.changesCount == 1 else { throw StoreError(.unknownRun, date: date, detail: "no run to complete") }
        }
    }

    /// Every run, oldest first.
    public func runs() throws -> [RunRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY date").compactMap(Self.runRecord) }
    }

    // MARK: - Targets and orders

    /// Stores the target weights of `date`'s run, replacing any stored before.
    ///
    /// - Throws: ``StoreError``: `.unknownRun`, or `.conflict` when the run has already executed.
    public func recordTargets(_ weights: PortfolioWeights, on date: TradingDate) throws {
        try write { db in
            let run = try Self.requireRun(db, date)
            guard run.status == .started || run.status == .ordered else {
                throw StoreError(.conflict, date: date, detail: "the run is \(run.status.rawValue); its targets are final")
            }
            try db.execute(sql: "DELETE FROM target WHERE runDate = ?", arguments: [date.description])
            for (symbol, weight) in zip(weights.symbols, weights.weights) {
                try db.execute(sql: "INSERT INTO target (runDate, symbol, weight) VALUES (?, ?, ?)", arguments: [date.description, symbol.code, weight])
            }
        }
    }

    /// The stored targets of `date`.
    public func targets(on date: TradingDate) throws -> PortfolioWeights {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT symbol, weight FROM target WHERE runDate = ? ORDER BY rowid", arguments: [date.description])
            do {
                return try PortfolioWeights(symbols: rows.map { Symbol($0["symbol"] as String) }, weights: rows.map { $0["weight"] as Double })
            } catch {
                throw StoreError(.database, date: date, detail: "stored targets are invalid: \(error)")
            }
        }
    }

    /// Stores `date`'s orders (accepted ones as planned, rejected ones with their reason) and
    /// returns every order stored for the date. An order whose date, symbol and side are
    /// already stored is kept as it was: repeating a day never duplicates an order.
    ///
    /// - Throws: ``StoreError`` (`.unknownRun`).
    public func recordOrders(_ accepted: [Order], rejected: [PreTradeCheck.Rejection] = [], on date: TradingDate) throws -> [StoredOrder] {
        try write { db in
            let run = try Self.requireRun(db, date)
            let entries = accepted.map { ($0, StoredOrder.Status.planned, String?.none) } + rejected.map { ($0.order, .rejected, Optional($0.reason)) }
            for (order, status, note) in entries {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO "order" (clientID, runDate, symbol, side, quantity, limitPrice, kind, reason, status, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [StoredOrder.clientID(for: order, on: date), date.description, order.symbol.code, order.side.rawValue,
                                     order.quantity, order.limitPrice, order.kind.rawValue, order.reason, status.rawValue, note])
            }
            if run.status == .started {
                try db.execute(sql: "UPDATE run SET status = 'ordered' WHERE date = ?", arguments: [date.description])
            }
            return try Self.orders(db, date)
        }
    }

    /// The orders stored for `date`, in the order they were stored.
    public func orders(on date: TradingDate) throws -> [StoredOrder] {
        try read { db in try Self.orders(db, date) }
    }

    // MARK: - Execution and the account

    /// Stores an execution in one transaction: each fill, each order's outcome, and the
    /// account's positions and cash after it; the run becomes `executed`.
    ///
    /// - Throws: ``StoreError``: `.unknownRun`; `.unknownOrder` when a fill or non-fill names
    ///   an order not stored for the date (nothing is written then).
    public func recordExecution(_ report: PaperAccount.ExecutionReport, account: PaperAccount, on date: TradingDate) throws {
        try write { db in
            _ = try Self.requireRun(db, date)
            for fill in report.fills {
                let id = StoredOrder.clientID(for: fill.order, on: date)
                try Self.requireOrder(db, id, date)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO fill (clientID, date, price, quantity, commission, tax) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, fill.date.description, fill.price, fill.order.quantity, fill.commission, fill.tax])
                try db.execute(sql: "UPDATE \"order\" SET status = 'filled', note = NULL WHERE clientID = ?", arguments: [id])
            }
            for miss in report.unfilled {
                let id = StoredOrder.clientID(for: miss.order, on: date)
                try Self.requireOrder(db, id, date)
                try db.execute(sql: "UPDATE \"order\" SET status = 'unfilled', note = ? WHERE clientID = ?", arguments: [miss.reason, id])
            }
            try Self.writeAccount(db, account, asOf: date)
            try db.execute(sql: "UPDATE run SET status = 'executed' WHERE date = ? AND status != 'completed'", arguments: [date.description])
        }
    }

    /// Stores the account (cash and positions) as of `date`, replacing the stored one.
    public func saveAccount(_ account: PaperAccount, asOf date: TradingDate) throws {
        try write { db in try Self.writeAccount(db, account, asOf: date) }
    }

    /// The stored account, or `nil` before the first ``saveAccount(_:asOf:)``.
    public func account() throws -> (account: PaperAccount, asOf: TradingDate)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT cash, asOf FROM account WHERE id = 1") else { return nil }
            var positions: [Symbol: Int] = [:]
            for p in try Row.fetchAll(db, sql: "SELECT symbol, shares FROM position") { positions[Symbol(p["symbol"] as String)] = p["shares"] }
            guard let asOf = try? TradingDate(parsing: row["asOf"] as String) else {
                throw StoreError(.database, detail: "the stored account date '\(row["asOf"] as String)' is not a date")
            }
            return (PaperAccount(cash: row["cash"], positions: positions), asOf)
        }
    }

    // MARK: - Broker orders (live trading)

    /// Records what became of an order sent to a broker: `submitting` before the request goes out,
    /// then `accepted` with the broker's order number, or `refused` with the reason. Written
    /// before and after each request, so that a process killed in between finds out on restart
    /// that the order may have reached the broker (and looks for it) instead of sending it twice.
    public func recordBrokerOrder(clientID: String, state: BrokerOrderRecord.State, orderNumber: String? = nil, branch: String? = nil,
                                  detail: String? = nil, at now: Date = Date()) throws {
        try write { db in
            guard try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "order" WHERE clientID = ?"#, arguments: [clientID]) == 1 else {
                throw StoreError(.unknownOrder, detail: "no order \(clientID)")
            }
            try db.execute(
                sql: """
                    INSERT INTO brokerOrder (clientID, state, orderNumber, branch, detail, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(clientID) DO UPDATE SET state = excluded.state, orderNumber = COALESCE(excluded.orderNumber, orderNumber),
                        branch = COALESCE(excluded.branch, branch), detail = excluded.detail, updatedAt = excluded.updatedAt
                    """,
                arguments: [clientID, state.rawValue, orderNumber, branch, detail, now.timeIntervalSince1970])
        }
    }

    /// The broker records of the orders of `date`, by client ID.
    public func brokerOrders(on date: TradingDate) throws -> [String: BrokerOrderRecord] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT b.clientID, b.state, b.orderNumber, b.branch, b.detail FROM brokerOrder b
                JOIN "order" o ON o.clientID = b.clientID WHERE o.runDate = ?
                """, arguments: [date.description])
            var out: [String: BrokerOrderRecord] = [:]
            for row in rows {
                guard let state = BrokerOrderRecord.State(rawValue: row["state"]) else { continue }
                out[row["clientID"]] = BrokerOrderRecord(clientID: row["clientID"], state: state, orderNumber: row["orderNumber"],
                                                         branch: row["branch"], detail: row["detail"])
            }
            return out
        }
    }

    // MARK: - Positions' history

    /// The quantity-weighted mean fill price of every buy of each symbol still held, in won: the
    /// reference for a stop-loss. (Fills of all buys count, also of shares sold since.)
    public func averageBuyPrices() throws -> [Symbol: Double] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.symbol AS symbol, SUM(f.price * f.quantity) / SUM(f.quantity) AS price
                FROM fill f JOIN "order" o ON o.clientID = f.clientID
                WHERE o.side = 'buy' AND o.symbol IN (SELECT symbol FROM position)
                GROUP BY o.symbol
                """)
            return Dictionary(uniqueKeysWithValues: rows.map { (Symbol($0["symbol"] as String), $0["price"] as Double) })
        }
    }

    /// The equity (won) at the end of each completed run, oldest first, from the runs' summaries.
    public func equityHistory() throws -> [(date: TradingDate, equity: Double)] {
        try runs().compactMap { run in
            guard run.status == .completed, let summary = run.summary,
                  let object = try? JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any],
                  let equity = (object["equity"] as? NSNumber)?.doubleValue else { return nil }
            return (run.date, equity)
        }
    }

    // MARK: - Realtime recording

    /// Appends trade ticks: `(symbol, time, price in won, volume)`.
    public func recordTicks(_ ticks: [(symbol: Symbol, time: Date, price: Int, volume: Int)]) throws {
        try write { db in
            for t in ticks {
                try db.execute(sql: "INSERT INTO tick (symbol, time, price, volume) VALUES (?, ?, ?, ?)",
                               arguments: [t.symbol.code, t.time.timeIntervalSince1970, t.price, t.volume])
            }
        }
    }

    /// The number of ticks stored for `symbol`.
    public func tickCount(of symbol: Symbol) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tick WHERE symbol = ?", arguments: [symbol.code]) ?? 0 }
    }

    /// Writes one-minute bars: `(symbol, minute start, open, high, low, close in won, volume)`.
    /// A bar for a (symbol, minute) already stored is replaced, so a bar published again after a
    /// restart (or a later, fuller version of the same minute) leaves one row.
    public func recordMinuteBars(
        _ bars: [(symbol: Symbol, minute: Date, open: Int, high: Int, low: Int, close: Int, volume: Int)]
    ) throws {
        try write { db in
            for b in bars {
                try db.execute(
                    sql: """
                        INSERT INTO minuteBar (symbol, minute, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(symbol, minute) DO UPDATE SET
                            open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
                        """,
                    arguments: [b.symbol.code, b.minute.timeIntervalSince1970, b.open, b.high, b.low, b.close, b.volume])
            }
        }
    }

    /// The stored one-minute bars of `symbol`, oldest first:
    /// `(minute start, open, high, low, close, volume)`.
    public func minuteBars(of symbol: Symbol) throws -> [(minute: Date, open: Int, high: Int, low: Int, close: Int, volume: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT minute, open, high, low, close, volume FROM minuteBar WHERE symbol = ? ORDER BY minute",
                             arguments: [symbol.code]).map { row in
                (Date(timeIntervalSince1970: row["minute"]), row["open"], row["high"], row["low"], row["close"], row["volume"])
            }
        }
    }

    // MARK: - Internals

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, detail: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, detail: "\(error)")
        }
    }

    private static func run(_ db: Database, _ date: TradingDate) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM run WHERE date = ?", arguments: [date.description]).flatMap(runRecord)
    }

    private static func requireRun(_ db: Database, _ date: TradingDate) throws -> RunRecord {
        guard let run = try run(db, date) else { throw StoreError(.unknownRun, date: date, detail: "no run began on this date") }
        return run
    }

    private static func requireOrder(_ db: Database, _ id: String, _ date: TradingDate) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"order\" WHERE clientID = ?", arguments: [id]) == 1 else {
            throw StoreError(.unknownOrder, date: date, detail: "order \(id) is not stored")
        }
    }

    private static func runRecord(_ row: Row) -> RunRecord? {
        guard let date = try? TradingDate(parsing: row["date"] as String), let status = RunStatus(rawValue: row["status"]) else { return nil }
        let completed: Double? = row["completedAt"]
        return RunRecord(date: date, strategy: row["strategy"], status: status, startedAt: Date(timeIntervalSince1970: row["startedAt"]),
                         completedAt: completed.map { Date(timeIntervalSince1970: $0) }, summary: row["summary"])
    }

    private static func orders(_ db: Database, _ date: TradingDate) throws -> [StoredOrder] {
        try Row.fetchAll(db, sql: "SELECT * FROM \"order\" WHERE runDate = ? ORDER BY rowid", arguments: [date.description]).compactMap { row in
            guard let side = Order.Side(rawValue: row["side"]), let kind = InstrumentKind(rawValue: row["kind"]),
                  let status = StoredOrder.Status(rawValue: row["status"]) else { return nil }
            let order = Order(symbol: Symbol(row["symbol"] as String), side: side, quantity: row["quantity"], limitPrice: row["limitPrice"],
                              kind: kind, reason: row["reason"])
            return StoredOrder(order: order, clientID: row["clientID"], status: status, note: row["note"])
        }
    }

    private static func writeAccount(_ db: Database, _ account: PaperAccount, asOf date: TradingDate) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO account (id, cash, asOf) VALUES (1, ?, ?)", arguments: [account.cash, date.description])
        try db.execute(sql: "DELETE FROM position")
        for (symbol, shares) in account.positions.sorted(by: { $0.key < $1.key }) where shares > 0 {
            try db.execute(sql: "INSERT INTO position (symbol, shares) VALUES (?, ?)", arguments: [symbol.code, shares])
        }
    }
}
