public import Execution
public import Foundation
public import KISREST
public import QuantCore
public import Store

/// Executes a day's planned orders at KIS, the live counterpart of the paper account.
///
/// A live day runs in four steps, each safe to repeat after a crash:
/// 1. ``reconcile(store:on:adoptBroker:)`` compares the broker's holdings with the store's at the
///    start of the day; a difference stops the day unless the broker's account is adopted.
/// 2. The daily pipeline plans and checks orders without filling them (Pipeline's
///    `DailyRun.Configuration.fillsOrdersOnPaper = false`).
/// 3. ``execute(on:store:)`` sends them (sells first, to free cash), checking the
///    ``KillSwitch`` before each; every order is written to the store as `submitting` before its
///    request and `accepted` (with the broker's order number) or `refused` after, so a process
///    killed in between looks the order up at the broker on restart instead of sending it again.
///    It then polls the daily order-fill inquiry until everything filled or
///    ``Settings/fillTimeout`` passed, cancels what is left, and records the fills and the
///    broker's account in one transaction.
/// 4. The pipeline completes the day.
///
/// Orders reach KIS only when the REST client was created with `ordersEnabled` (KISREST refuses
/// otherwise, sending nothing).
///
/// ```swift
/// let client = KISRESTClient(credentials: credentials, configuration: .init(environment: .paper, account: account, ordersEnabled: true))
/// let broker = KISLiveBroker(client: client, settings: .init(killSwitch: KillSwitch(path: "/var/lib/quant-bot/KILL")))
/// _ = try await broker.reconcile(store: store, on: today, adoptBroker: false)
/// let report = try await broker.execute(on: today, store: store)
/// ```
public struct KISLiveBroker: Sendable {
    /// How the broker sends and waits.
    public struct Settings: Sendable {
        /// The emergency stop, checked before every order.
        public var killSwitch: KillSwitch
        /// How long to wait for fills before cancelling what is left.
        public var fillTimeout: Duration
        /// How often to ask for fills meanwhile.
        public var pollInterval: Duration
        /// Commission and sell tax recorded with each fill (KIS reports amounts, not fees).
        public var costs: TradingCosts

        /// Creates settings.
        public init(killSwitch: KillSwitch, fillTimeout: Duration = .seconds(120), pollInterval: Duration = .seconds(2),
                    costs: TradingCosts = .krx) {
            self.killSwitch = killSwitch
            self.fillTimeout = fillTimeout
            self.pollInterval = pollInterval
            self.costs = costs
        }
    }

    /// The KIS REST client (with `ordersEnabled` for orders to be sent).
    public let client: KISRESTClient
    /// The settings.
    public let settings: Settings

    /// Creates a broker.
    public init(client: KISRESTClient, settings: Settings) {
        self.client = client
        self.settings = settings
    }

    /// Compares the broker's holdings and cash with the store's account.
    ///
    /// - Parameter adoptBroker: Replace the store's account by the broker's when the share counts
    ///   differ (the broker is the truth of what is held). A store without an account always
    ///   starts from the broker's.
    /// - Throws: ``KISBrokerError`` `.positionsDiffer` (naming every difference) when they differ
    ///   and `adoptBroker` is false, `.brokerFailed` when the balance inquiry fails.
    public func reconcile(store: TradingStore, on date: TradingDate, adoptBroker: Bool) async throws -> PositionReconciliation {
        let balance: KISBalance
        do { balance = try await client.balance() } catch {
            throw KISBrokerError(.brokerFailed, detail: "balance inquiry: \(error)")
        }
        var held: [Symbol: Int] = [:]
        for h in balance.holdings where h.quantity > 0 { held[h.symbol, default: 0] += h.quantity }
        let stored = try store.account()?.account
        let agree = PositionReconciliation(store: stored?.positions ?? [:], storeCash: stored?.cash ?? 0, broker: held,
                                           brokerCash: Double(balance.cash), adopted: false)
        guard !agree.positionsAgree || stored == nil else { return agree }
        // A store without an account starts from the broker's; otherwise adopting needs consent.
        guard adoptBroker || stored == nil else { throw KISBrokerError(.positionsDiffer, detail: agree.summary) }
        try store.saveAccount(PaperAccount(cash: Double(balance.cash), positions: held), asOf: date)
        return PositionReconciliation(store: stored?.positions ?? [:], storeCash: stored?.cash ?? 0, broker: held,
                                      brokerCash: Double(balance.cash), adopted: true)
    }

    /// Sends the planned orders of `date`, waits for fills, cancels the rest and records the
    /// execution (fills, unfilled orders with their reasons, the broker's account afterwards).
    ///
    /// - Returns: The execution as recorded.
    /// - Throws: ``KISBrokerError`` `.killSwitchEngaged` when the switch is on before the first
    ///   order (nothing sent, nothing recorded: the run stays `ordered`), `.brokerFailed` when
    ///   the fill or balance inquiries fail; `StoreError`.
    @discardableResult
    public func execute(on date: TradingDate, store: TradingStore) async throws -> PaperAccount.ExecutionReport {
        let planned = try store.orders(on: date).filter { $0.status == .planned }.map(\.order)
            .sorted { ($0.side == .sell ? 0 : 1, $0.symbol) < ($1.side == .sell ? 0 : 1, $1.symbol) }
        if settings.killSwitch.isEngaged {
            throw KISBrokerError(.killSwitchEngaged, detail: "\(settings.killSwitch.path) exists\(settings.killSwitch.reason.map { " (\($0))" } ?? ""): \(planned.count) orders not sent")
        }
        var records = try store.brokerOrders(on: date)
        var unfilled: [PaperAccount.Unfilled] = []
        var brokerOrders: [String: KISOrderFill] = [:]
        if records.values.contains(where: { $0.state == .submitting }) {
            brokerOrders = try await inquireFills()
        }
        for order in planned {
            let id = StoredOrder.clientID(for: order, on: date)
            if let record = records[id] {
                switch record.state {
                case .accepted: continue
                case .refused:
                    unfilled.append(.init(order: order, reason: record.detail ?? "refused by the broker"))
                    continue
                case .submitting:
                    // A previous process may have sent it: adopt a matching broker order of today.
                    if let match = brokerOrders.values.first(where: { Self.matches($0, order) }) {
                        try store.recordBrokerOrder(clientID: id, state: .accepted, orderNumber: match.orderNumber, branch: match.branch)
                        records[id] = BrokerOrderRecord(clientID: id, state: .accepted, orderNumber: match.orderNumber, branch: match.branch, detail: nil)
                        continue
                    }
                }
            }
            if settings.killSwitch.isEngaged {
                let reason = "kill switch engaged (\(settings.killSwitch.path)) before sending"
                try store.recordBrokerOrder(clientID: id, state: .refused, detail: reason)
                unfilled.append(.init(order: order, reason: reason))
                continue
            }
            try store.recordBrokerOrder(clientID: id, state: .submitting)
            do {
                let receipt = try await client.placeOrder(KISOrderRequest(side: order.side == .buy ? .buy : .sell, symbol: order.symbol,
                                                                          quantity: order.quantity, price: order.limitPrice))
                try store.recordBrokerOrder(clientID: id, state: .accepted, orderNumber: receipt.orderNumber, branch: receipt.branch)
                records[id] = BrokerOrderRecord(clientID: id, state: .accepted, orderNumber: receipt.orderNumber, branch: receipt.branch, detail: nil)
            } catch {
                let reason = "refused by KIS: \(error)"
                try store.recordBrokerOrder(clientID: id, state: .refused, detail: reason)
                unfilled.append(.init(order: order, reason: reason))
            }
        }

        // Wait for the accepted orders to fill, then cancel what is left.
        let accepted = planned.compactMap { order -> (Order, BrokerOrderRecord)? in
            guard let r = records[StoredOrder.clientID(for: order, on: date)], r.state == .accepted, r.orderNumber != nil else { return nil }
            return (order, r)
        }
        let deadline = ContinuousClock.now + settings.fillTimeout
        while true {
            brokerOrders = try await inquireFills()
            let open = accepted.filter { (brokerOrders[$0.1.orderNumber!]?.remainingQuantity ?? 1) > 0 }
            if open.isEmpty || ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: settings.pollInterval)
        }
        var cancelled: Set<String> = []
        for (_, record) in accepted where (brokerOrders[record.orderNumber!]?.remainingQuantity ?? 1) > 0 {
            if (try? await client.cancelOrder(KISOrderReceipt(orderNumber: record.orderNumber!, branch: record.branch ?? ""))) != nil {
                cancelled.insert(record.orderNumber!)
            }
        }
        if !cancelled.isEmpty { brokerOrders = try await inquireFills() }

        var fills: [PaperAccount.Fill] = []
        for (order, record) in accepted {
            let state = brokerOrders[record.orderNumber!]
            let quantity = state?.filledQuantity ?? 0
            if quantity > 0, let state {
                let filled = Order(symbol: order.symbol, side: order.side, quantity: quantity, limitPrice: order.limitPrice, kind: order.kind,
                                   reason: order.reason)
                let value = Double(state.filledAmount > 0 ? state.filledAmount : Int(state.averagePrice * Double(quantity)))
                let price = value / Double(quantity)
                fills.append(PaperAccount.Fill(order: filled, date: date, price: price, commission: value * settings.costs.commissionRate,
                                               tax: order.side == .sell ? value * settings.costs.sellTaxRate : 0))
                if quantity < order.quantity {
                    unfilled.append(.init(order: order, reason: "\(quantity) of \(order.quantity) filled; the rest cancelled"))
                }
            } else {
                let why = cancelled.contains(record.orderNumber!) ? "not filled within \(settings.fillTimeout); cancelled" : "not filled"
                unfilled.append(.init(order: order, reason: "order \(record.orderNumber!) \(why)"))
            }
        }
        let balance: KISBalance
        do { balance = try await client.balance() } catch {
            throw KISBrokerError(.brokerFailed, detail: "balance inquiry after the orders: \(error)")
        }
        var held: [Symbol: Int] = [:]
        for h in balance.holdings where h.quantity > 0 { held[h.symbol, default: 0] += h.quantity }
        let report = PaperAccount.ExecutionReport(fills: fills, unfilled: unfilled.filter { u in !fills.contains { $0.order.symbol == u.order.symbol && $0.order.side == u.order.side } })
        try store.recordExecution(report, account: PaperAccount(cash: Double(balance.cash), positions: held), on: date)
        return PaperAccount.ExecutionReport(fills: fills, unfilled: unfilled)
    }

    /// Today's broker orders by order number.
    private func inquireFills() async throws -> [String: KISOrderFill] {
        do {
            let fills = try await client.orderFills(.today)
            return Dictionary(fills.map { ($0.orderNumber, $0) }, uniquingKeysWith: { a, _ in a })
        } catch {
            throw KISBrokerError(.brokerFailed, detail: "order-fill inquiry: \(error)")
        }
    }

    /// Whether a broker order of today is `order` (same symbol, side, quantity and price).
    static func matches(_ fill: KISOrderFill, _ order: Order) -> Bool {
        fill.symbol == order.symbol && (fill.side == .buy) == (order.side == .buy) && fill.orderQuantity == order.quantity
            && fill.orderPrice == order.limitPrice
    }
}
