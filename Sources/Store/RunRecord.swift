public import Execution
public import Foundation
public import QuantCore

/// The stages of one daily run, in order. A run resumes from the stage it reached.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The run began; nothing else is stored yet.
    case started
    /// Targets and orders are stored.
    case ordered
    /// Fills, positions and cash are stored.
    case executed
    /// The run finished; its summary is stored.
    case completed
}

/// One daily run as stored.
public struct RunRecord: Sendable, Hashable {
    /// The market date of the run.
    public let date: TradingDate
    /// The strategy's name.
    public let strategy: String
    /// How far the run got.
    public let status: RunStatus
    /// When the run began.
    public let startedAt: Date
    /// When it completed, if it has.
    public let completedAt: Date?
    /// The JSON summary written at completion.
    public let summary: String?
}

/// An order as stored, with what became of it.
public struct StoredOrder: Sendable, Hashable {
    /// What became of an order.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Planned and passed the checks; not yet executed.
        case planned
        /// Filled in full.
        case filled
        /// Sent to the broker but not filled.
        case unfilled
        /// Stopped by the pre-trade check.
        case rejected
    }

    /// The order.
    public let order: Order
    /// Its identifier, unique per run date, symbol and side: `YYYY-MM-DD/symbol/side`.
    public let clientID: String
    /// What became of it.
    public let status: Status
    /// The rejection or non-fill reason, if any.
    public let note: String?

    /// The identifier an order gets on `date`.
    public static func clientID(for order: Order, on date: TradingDate) -> String {
        "\(date)/\(order.symbol)/\(order.side.rawValue)"
    }
}

/// What became of an order sent to a live broker (see ``TradingStore/recordBrokerOrder(clientID:state:orderNumber:branch:detail:at:)``).
public struct BrokerOrderRecord: Sendable, Hashable {
    /// The order's progress at the broker.
    public enum State: String, Sendable, Hashable {
        /// About to be sent (or sent, with no answer recorded: the process may have died in between).
        case submitting
        /// The broker accepted it under ``BrokerOrderRecord/orderNumber``.
        case accepted
        /// The broker (or the kill switch) refused it; ``BrokerOrderRecord/detail`` says why.
        case refused
    }

    /// The order's client ID (`date/symbol/side`).
    public let clientID: String
    /// The progress.
    public let state: State
    /// The broker's order number, once accepted.
    public let orderNumber: String?
    /// The broker's branch (KIS `KRX_FWDG_ORD_ORGNO`), once accepted.
    public let branch: String?
    /// Why it was refused.
    public let detail: String?

    /// Creates a record.
    public init(clientID: String, state: State, orderNumber: String?, branch: String?, detail: String?) {
        self.clientID = clientID
        self.state = state
        self.orderNumber = orderNumber
        self.branch = branch
        self.detail = detail
    }
}
