/// The desired subscriptions and what the current session has registered (pure state, internal).
///
/// The client reconciles the server toward ``desired``: releases first (they free slots),
/// then registrations in the order they were requested. A new session starts with nothing
/// registered, so a reconnect re-sends exactly the desired set.
struct KISSubscriptionBook {
    enum Operation: Equatable { case subscribe, unsubscribe }

    let limit: Int
    private(set) var desired: [KISSubscription] = []
    private(set) var registered: Set<KISSubscription> = []
    private(set) var inFlight: [KISSubscription: Operation] = [:]
    private var retryNotBefore: [KISSubscription: ContinuousClock.Instant] = [:]

    init(limit: Int) { self.limit = limit }

    /// Adds to the desired set; refuses one that would exceed the cap before anything is sent.
    mutating func add(_ subscription: KISSubscription) throws(KISStreamError) {
        if desired.contains(subscription) { return }
        guard desired.count < limit else {
            throw KISStreamError(
                reason: .subscriptionLimitExceeded, subscription: subscription,
                detail: "would be registration \(desired.count + 1) of at most \(limit); unsubscribe something first")
        }
        desired.append(subscription)
    }

    /// Removes from the desired set (released from the server if registered).
    mutating func remove(_ subscription: KISSubscription) {
        desired.removeAll { $0 == subscription }
        retryNotBefore[subscription] = nil
    }

    /// A new session: nothing is registered or in flight.
    mutating func resetSession() {
        registered = []
        inFlight = [:]
        retryNotBefore = [:]
    }

    /// The next request to send, if any, marking it in flight.
    mutating func nextRequest(now: ContinuousClock.Instant) -> (Operation, KISSubscription)? {
        let wanted = Set(desired)
        if let stale = registered.first(where: { !wanted.contains($0) && inFlight[$0] == nil }) {
            inFlight[stale] = .unsubscribe
            return (.unsubscribe, stale)
        }
        let occupied = registered.count + inFlight.values.filter { $0 == .subscribe }.count
        guard occupied < limit else { return nil }
        for subscription in desired where !registered.contains(subscription) && inFlight[subscription] == nil {
            if let notBefore = retryNotBefore[subscription], notBefore > now { continue }
            retryNotBefore[subscription] = nil
            inFlight[subscription] = .subscribe
            return (.subscribe, subscription)
        }
        return nil
    }

    /// The server confirmed a registration (`OPSP0000`/`OPSP0002`).
    mutating func confirmSubscribed(_ subscription: KISSubscription) {
        inFlight[subscription] = nil
        registered.insert(subscription)
    }

    /// The server confirmed a release (`OPSP0001`/`OPSP0003`).
    mutating func confirmReleased(_ subscription: KISSubscription) {
        inFlight[subscription] = nil
        registered.remove(subscription)
    }

    /// The server refused a registration for good: it leaves the desired set.
    mutating func refuse(_ subscription: KISSubscription) {
        inFlight[subscription] = nil
        registered.remove(subscription)
        desired.removeAll { $0 == subscription }
    }

    /// A transient refusal: send again after `notBefore`.
    mutating func retryLater(_ subscription: KISSubscription, notBefore: ContinuousClock.Instant) {
        inFlight[subscription] = nil
        retryNotBefore[subscription] = notBefore
    }

    /// The in-flight request a reply with this TR and key answers, if any.
    func match(transactionID: KISTransactionID?, key: String?) -> KISSubscription? {
        guard let transactionID else { return nil }
        if let key {
            let candidate = KISSubscription(transactionID: transactionID, key: key)
            if inFlight[candidate] != nil || registered.contains(candidate) || desired.contains(candidate) { return candidate }
        }
        // Notice acks may blank the key: match the only in-flight request of that TR.
        let sameTR = inFlight.keys.filter { $0.transactionID == transactionID }
        return sameTR.count == 1 ? sameTR.first : nil
    }
}
