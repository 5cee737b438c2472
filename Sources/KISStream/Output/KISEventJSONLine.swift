import Foundation
public import QuantCore

extension KISStreamEvent {
    /// The event as one line of JSON, the format `quant stream` and `quant-bot stream` print
    /// (keys in a fixed order; every key is listed in Docs/CLI.md), or `nil` for events that
    /// have no line (a successful subscription reply, which the `subscribed` state reports).
    ///
    /// Prices and volumes are integers (won, shares); times are ISO 8601 with the `+09:00`
    /// offset. Order books and execution notices carry only a time of day, so they are dated
    /// with `today`, evaluated only for those events.
    ///
    /// ```swift
    /// for await event in client.events {
    ///     if let line = event.jsonLine(today: KSTTimeOfDay.now().date) { print(line) }
    /// }
    /// ```
    public func jsonLine(today: @autoclosure () -> TradingDate) -> String? {
        var line = JSONLineBuilder()
        switch self {
        case .trade(let t):
            line.add("type", "trade")
            line.add("symbol", t.symbol.code)
            line.add("price", t.price)
            line.add("volume", t.volume)
            line.add("accumulatedVolume", t.accumulatedVolume)
            line.add("time", KSTTimeOfDay.iso8601(t.businessDate, t.timeOfDay))
            line.add("change", t.change)
            line.add("changeRate", t.changeRate)
        case .orderBook(let b):
            line.add("type", "orderBook")
            line.add("symbol", b.symbol.code)
            line.add("time", KSTTimeOfDay.iso8601(today(), b.timeOfDay))
            line.addRaw("asks", "[" + b.asks.map { "[\($0.price),\($0.quantity)]" }.joined(separator: ",") + "]")
            line.addRaw("bids", "[" + b.bids.map { "[\($0.price),\($0.quantity)]" }.joined(separator: ",") + "]")
            line.add("totalAskQuantity", b.totalAskQuantity)
            line.add("totalBidQuantity", b.totalBidQuantity)
        case .executionNotice(let n):
            line.add("type", "notice")
            line.add("orderNumber", n.orderNumber)
            line.add("originalOrderNumber", n.originalOrderNumber)
            line.add("symbol", n.symbol.code)
            line.add("kind", { switch n.kind { case .fill: "fill"; case .acknowledgement: "acknowledgement"; case .other(let c): c } }())
            line.add("side", { switch n.side { case .buy: "buy"; case .sell: "sell"; case .other(let c): c } }())
            line.add("quantity", n.quantity)
            line.add("price", n.price)
            line.add("orderQuantity", n.orderQuantity)
            line.add("rejected", n.isRejected)
            line.add("time", KSTTimeOfDay.iso8601(today(), n.timeOfDay))
        case .marketOperation(let m):
            line.add("type", "marketOperation")
            line.add("symbol", m.symbol.code)
            line.add("halted", m.isHalted)
            line.add("volatilityInterruption", m.isVolatilityInterruption)
        case .state(let state):
            line.add("type", "state")
            switch state {
            case .connecting(let attempt):
                line.add("state", "connecting")
                line.add("attempt", attempt)
            case .connected:
                line.add("state", "connected")
            case .subscribed(let active, let limit):
                line.add("state", "subscribed")
                line.add("active", active)
                line.add("limit", limit)
            case .disconnected(let reason):
                line.add("state", "disconnected")
                line.add("reason", "\(reason)")
            case .backingOff(let until, let attempt):
                line.add("state", "backingOff")
                line.add("until", ISO8601DateFormatter().string(from: until))
                line.add("attempt", attempt)
            case .stopped:
                line.add("state", "stopped")
            }
        case .diagnostic(let d):
            line.add("type", "diagnostic")
            line.add("kind", d.kind.rawValue)
            line.add("trID", d.transactionID?.rawValue)
            line.add("detail", d.detail)
            line.add("count", d.count)
        case .error(let e):
            line.add("type", "diagnostic")
            line.add("kind", "error")
            line.add("reason", e.reason.description)
            line.add("detail", e.description)
        case .subscription(let s, .refused(let code, let message)):
            line.add("type", "diagnostic")
            line.add("kind", "subscriptionRefused")
            line.add("subscription", s.description)
            line.add("detail", "\(code.rawValue) \(message)")
        case .subscription:
            return nil
        }
        return line.text
    }
}

/// Builds one JSON object with keys in insertion order.
struct JSONLineBuilder {
    private var parts: [String] = []

    /// `s` as a JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    mutating func add(_ key: String, _ value: String?) { parts.append("\(Self.quote(key)):\(value.map(Self.quote) ?? "null")") }
    mutating func add(_ key: String, _ value: Int) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Double) { parts.append("\(Self.quote(key)):\(value.isFinite ? "\(value)" : "null")") }
    mutating func add(_ key: String, _ value: Bool) { parts.append("\(Self.quote(key)):\(value)") }
    mutating func addRaw(_ key: String, _ json: String) { parts.append("\(Self.quote(key)):\(json)") }

    var text: String { "{" + parts.joined(separator: ",") + "}" }
}
