public import QuantCore

/// How a ``KISRealtimeManager`` spends the session's registrations on its watch list.
///
/// **Policy.** KIS counts every registration (trades, order books, market-operation notices,
/// execution notices) against one cap per session (41). The manager gets
/// `registrationLimit − reservedRegistrations` slots (the reserve is for registrations made
/// outside the manager, such as execution notices) and fills them in this order, stopping when
/// they run out:
///
/// 1. trades (H0STCNT0) of the holdings, in watch-list order;
/// 2. the market-operation feed (H0STMKO0), when
///    ``KISRealtimeManagerConfiguration/marketOperationSymbol`` is set (real server only);
/// 3. order books (H0STASP0) of the holdings that ask for one;
/// 4. trades of the candidates, in watch-list order;
/// 5. order books of the candidates that ask for one.
///
/// Every watched symbol without a trade registration is in ``polled`` and gets its price from
/// REST polling. The plan is a pure function of the watch list, so it only changes when the
/// list does (no subscribe/unsubscribe churn, which KIS may punish).
public struct KISSlotAllocation: Sendable, Hashable {
    /// Symbols with a trade registration, in priority order.
    public var streamed: [Symbol]
    /// Symbols with an order-book registration, in priority order.
    public var orderBooks: [Symbol]
    /// The symbol whose market-operation feed is registered, if any.
    public var marketOperation: Symbol?
    /// Watched symbols without a trade registration, in priority order: they are polled.
    public var polled: [Symbol]
    /// The slots the plan could use.
    public var slots: Int

    /// The registrations of the plan, in the order they were allocated.
    public var subscriptions: [KISSubscription]

    /// The empty plan.
    public init(slots: Int = 0) {
        self.streamed = []
        self.orderBooks = []
        self.marketOperation = nil
        self.polled = []
        self.slots = slots
        self.subscriptions = []
    }

    /// Plans the registrations of `watchList` within `slots`.
    ///
    /// - Complexity: O(n) in the watch-list length.
    public static func allocate(_ watchList: KISWatchList, slots: Int, marketOperationSymbol: Symbol? = nil) -> Self {
        var plan = Self(slots: max(0, slots))
        var left = plan.slots
        func take(_ subscription: KISSubscription) -> Bool {
            guard left > 0 else { return false }
            left -= 1
            plan.subscriptions.append(subscription)
            return true
        }
        let entries = watchList.entries
        for priority in [KISWatchPriority.holding, .candidate] {
            let group = entries.filter { $0.priority == priority }
            for entry in group where take(.trades(entry.symbol)) { plan.streamed.append(entry.symbol) }
            if priority == .holding, let symbol = marketOperationSymbol, take(.marketOperation(symbol)) {
                plan.marketOperation = symbol
            }
            let streamed = Set(plan.streamed)
            for entry in group where entry.wantsOrderBook && streamed.contains(entry.symbol) && take(.orderBook(entry.symbol)) {
                plan.orderBooks.append(entry.symbol)
            }
        }
        let streamed = Set(plan.streamed)
        plan.polled = entries.map(\.symbol).filter { !streamed.contains($0) }
        return plan
    }
}
