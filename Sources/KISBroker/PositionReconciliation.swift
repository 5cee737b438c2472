public import QuantCore

/// The broker's holdings and cash against the store's, compared at the start of a live day.
public struct PositionReconciliation: Sendable, Hashable {
    /// One symbol whose share counts differ.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// The symbol.
        public let symbol: Symbol
        /// Shares in the store.
        public let store: Int
        /// Shares at the broker.
        public let broker: Int
        /// `005930: store 10, broker 12`.
        public var description: String { "\(symbol.code): store \(store), broker \(broker)" }
    }

    /// Symbols whose share counts differ, in symbol order.
    public let differences: [Difference]
    /// Cash in the store, won.
    public let storeCash: Double
    /// Cash at the broker (orderable deposit), won.
    public let brokerCash: Double
    /// Whether the store's account was replaced by the broker's.
    public let adopted: Bool

    /// Compares two sets of holdings.
    public init(store: [Symbol: Int], storeCash: Double, broker: [Symbol: Int], brokerCash: Double, adopted: Bool) {
        differences = Set(store.keys).union(broker.keys).sorted().compactMap { symbol in
            let s = store[symbol] ?? 0, b = broker[symbol] ?? 0
            return s == b ? nil : Difference(symbol: symbol, store: s, broker: b)
        }
        self.storeCash = storeCash
        self.brokerCash = brokerCash
        self.adopted = adopted
    }

    /// Whether the share counts agree (cash may differ by the settlement of the last days' trades).
    public var positionsAgree: Bool { differences.isEmpty }

    /// One line for logs and alerts.
    public var summary: String {
        let cash = "cash store \(Int(storeCash)) won, broker \(Int(brokerCash)) won"
        guard !positionsAgree else { return "positions agree; \(cash)" }
        return "positions differ (\(differences.map(\.description).joined(separator: "; "))); \(cash)"
            + (adopted ? "; the broker's account was adopted" : "")
    }
}
