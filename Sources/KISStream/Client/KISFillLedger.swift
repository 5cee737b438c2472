import KISREST
import QuantCore

/// What filled quantity of each order the consumer already knows about, for recovering
/// execution notices missed while disconnected (internal).
///
/// KIS's daily order-fill inquiry reports each order's *cumulative* fill, not each
/// execution, so the ledger compares per order (by KST order date and order number without
/// leading zeros; KIS numbers orders afresh each day):
/// the part of `tot_ccld_qty` not yet delivered as notices is emitted once, as one synthesized
/// fill notice. The rules err towards never delivering a fill twice:
/// - The first inquiry (``hasBaseline`` false) only records what already filled (fills from
///   before the client started are not "missed").
/// - A recovered quantity becomes a *credit*: a live notice for that order stamped no later
///   than the inquiry is the late original of a recovered fill and is suppressed. After a
///   baseline inquiry the credit only stops such a notice from being counted twice; the
///   notice is still delivered (it is news to the consumer).
/// - A fill that a credit wrongly absorbs (one that landed between the server's snapshot and
///   the answer) is not lost: the next inquiry finds it above the ledger and emits it.
struct KISFillLedger {
    struct Credit {
        var quantity: Int
        var cutoffSeconds: Int
        var suppresses: Bool
    }

    struct Missing {
        var fill: KISOrderFill
        var quantity: Int
        var price: Int
    }

    private(set) var hasBaseline = false
    private var quantity: [String: Int] = [:]
    private var amount: [String: Int] = [:]
    private var credits: [String: Credit] = [:]

    /// Records a live fill notice; returns false when it must not be delivered.
    mutating func recordLive(orderNumber: String, date: TradingDate, quantity q: Int, price: Int, secondsOfDay: Int) -> Bool {
        let key = Self.key(date, orderNumber)
        if var credit = credits[key], credit.quantity >= q, secondsOfDay <= credit.cutoffSeconds {
            credit.quantity -= q
            credits[key] = credit.quantity > 0 ? credit : nil
            return !credit.suppresses
        }
        quantity[key, default: 0] += q
        amount[key, default: 0] += q * price
        return true
    }

    /// Compares an inquiry with the ledger; returns what to emit (nothing for a baseline).
    mutating func reconcile(_ fills: [KISOrderFill], cutoffSeconds: Int) -> [Missing] {
        let baseline = !hasBaseline
        hasBaseline = true
        var missing: [Missing] = []
        for fill in fills {
            let key = Self.key(fill.orderDate, fill.orderNumber)
            let known = quantity[key] ?? 0
            guard fill.filledQuantity > known else { continue }
            let extra = fill.filledQuantity - known
            let extraAmount = fill.filledAmount - (amount[key] ?? 0)
            let price = extraAmount > 0 ? extraAmount / extra : Int(fill.averagePrice.rounded())
            quantity[key] = fill.filledQuantity
            amount[key] = fill.filledAmount
            var credit = credits[key] ?? Credit(quantity: 0, cutoffSeconds: cutoffSeconds, suppresses: !baseline)
            credit.quantity += extra
            credit.cutoffSeconds = cutoffSeconds
            credit.suppresses = !baseline
            credits[key] = credit
            if !baseline { missing.append(Missing(fill: fill, quantity: extra, price: price)) }
        }
        return missing
    }

    static func key(_ date: TradingDate, _ orderNumber: String) -> String {
        date.compactDescription + "/" + KISOrderFill.normalize(orderNumber)
    }
}
