public import Foundation
public import QuantCore

/// The risk checks the daemon runs on live prices during a session: a holding's stop-loss, the
/// account's drawdown limit, and the stream going quiet. Pure logic on an injected clock: feed
/// it prices and the time, and it answers with the alarms to raise, each once until it clears.
///
/// - A **stop-loss** fires when a holding's price is at or below its average buy price times
///   `1 - stopLoss`; it re-arms when the price recovers above that level.
/// - The **drawdown limit** fires when the account's equity at live prices (cash plus every
///   holding at its latest price, the last close where no live price came yet) is at or below
///   its peak equity times `1 - drawdownLimit`; it re-arms above that level.
/// - **Stream down** fires when no streamed price arrived for `streamDown` seconds, or when the
///   stream's owner reports it down (``stream(isUp:at:)``); **stream restored** follows with the
///   next streamed price or an "up" report. Polled prices (a REST fallback) update the holdings'
///   prices but say nothing about the stream.
///
/// ```swift
/// var watch = PositionWatch(positions: ["005930": 100], cash: 1_000_000, averageCosts: ["005930": 71_000],
///                           referencePrices: ["005930": 70_500], peakEquity: 8_300_000,
///                           thresholds: .init(stopLoss: 0.1, drawdownLimit: 0.15, streamDown: 120))
/// let alarms = watch.price(of: "005930", 63_500, at: now)   // [.stopLoss(...)]
/// ```
public struct PositionWatch: Sendable {
    /// When each check fires.
    public struct Thresholds: Sendable, Hashable {
        /// Fractional loss from the average buy price, in `(0, 1)`.
        public var stopLoss: Double
        /// Fractional fall from the peak equity, in `(0, 1)`.
        public var drawdownLimit: Double
        /// Seconds without a price before the stream counts as down.
        public var streamDown: TimeInterval

        /// Creates thresholds.
        public init(stopLoss: Double, drawdownLimit: Double, streamDown: TimeInterval) {
            self.stopLoss = stopLoss
            self.drawdownLimit = drawdownLimit
            self.streamDown = streamDown
        }
    }

    /// Something to alert the operator about.
    public enum Alarm: Sendable, Hashable {
        /// `symbol` trades at `price`, `loss` (a positive fraction) below its average buy price.
        case stopLoss(symbol: Symbol, price: Int, averageCost: Double, loss: Double)
        /// Equity at live prices is `drawdown` (a positive fraction) below its peak.
        case drawdownLimit(equity: Double, peak: Double, drawdown: Double)
        /// No price since `lastData` (`nil`: none this session).
        case streamDown(lastData: Date?, silentFor: TimeInterval)
        /// Prices arrive again after a `streamDown`.
        case streamRestored(downFor: TimeInterval)
    }

    /// Shares held by symbol.
    public let positions: [Symbol: Int]
    /// Cash, won.
    public let cash: Double
    /// Average buy price by symbol, won (a holding without one has no stop-loss).
    public let averageCosts: [Symbol: Double]
    /// The highest equity so far, won.
    public private(set) var peakEquity: Double
    /// The thresholds.
    public let thresholds: Thresholds
    /// The latest price of each holding: live, or the reference (last close) until one arrives.
    public private(set) var prices: [Symbol: Double]

    private var stopped: Set<Symbol> = []
    private var drawdownRaised = false
    private var lastData: Date?
    private var watchingSince: Date?
    private var downSince: Date?

    /// Creates a watch for one session.
    ///
    /// - Parameter referencePrices: The last closes of the holdings (equity before live prices).
    public init(positions: [Symbol: Int], cash: Double, averageCosts: [Symbol: Double], referencePrices: [Symbol: Double],
                peakEquity: Double, thresholds: Thresholds) {
        self.positions = positions
        self.cash = cash
        self.averageCosts = averageCosts
        self.peakEquity = peakEquity
        self.thresholds = thresholds
        self.prices = referencePrices
    }

    /// The equity at the latest prices, won.
    public var equity: Double {
        cash + positions.reduce(0) { $0 + Double($1.value) * (prices[$1.key] ?? 0) }
    }

    /// Starts the silence clock (the session opened, or the stream connected).
    public mutating func start(at now: Date) {
        if watchingSince == nil { watchingSince = now }
    }

    /// A live price, streamed or (with `fromStream: false`) polled; returns the alarms it raises.
    public mutating func price(of symbol: Symbol, _ price: Int, at now: Date, fromStream: Bool = true) -> [Alarm] {
        var alarms: [Alarm] = []
        if fromStream {
            alarms += stream(isUp: true, at: now)
            lastData = now
        }
        if watchingSince == nil { watchingSince = now }
        guard positions[symbol] != nil, price > 0 else { return alarms }
        prices[symbol] = Double(price)
        if let cost = averageCosts[symbol], cost > 0 {
            let level = cost * (1 - thresholds.stopLoss)
            if Double(price) <= level {
                if stopped.insert(symbol).inserted {
                    alarms.append(.stopLoss(symbol: symbol, price: price, averageCost: cost, loss: 1 - Double(price) / cost))
                }
            } else {
                stopped.remove(symbol)
            }
        }
        let value = equity
        if value > peakEquity { peakEquity = value }
        if peakEquity > 0 {
            let drawdown = 1 - value / peakEquity
            if drawdown >= thresholds.drawdownLimit {
                if !drawdownRaised {
                    drawdownRaised = true
                    alarms.append(.drawdownLimit(equity: value, peak: peakEquity, drawdown: drawdown))
                }
            } else {
                drawdownRaised = false
            }
        }
        return alarms
    }

    /// The stream's owner reports it up or down; returns `.streamDown` on the first "down" of an
    /// outage and `.streamRestored` on the first "up" after one.
    public mutating func stream(isUp: Bool, at now: Date) -> [Alarm] {
        if isUp {
            guard let since = downSince else { return [] }
            downSince = nil
            return [.streamRestored(downFor: now.timeIntervalSince(since))]
        }
        guard downSince == nil else { return [] }
        downSince = now
        let reference = lastData ?? watchingSince ?? now
        return [.streamDown(lastData: lastData, silentFor: now.timeIntervalSince(reference))]
    }

    /// The passage of time without a streamed price; returns `.streamDown` once per silence.
    public mutating func check(at now: Date) -> [Alarm] {
        guard downSince == nil, let since = lastData ?? watchingSince else { return [] }
        let silent = now.timeIntervalSince(since)
        guard silent >= thresholds.streamDown else { return [] }
        downSince = since
        return [.streamDown(lastData: lastData, silentFor: silent)]
    }
}
