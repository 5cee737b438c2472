public import Foundation
public import QuantCore

/// A one-minute OHLCV bar of one stock, on a KST minute.
public struct KISMinuteBar: Sendable, Hashable {
    /// The stock.
    public var symbol: Symbol
    /// The business date.
    public var date: TradingDate
    /// The bar's first second (`HH:MM:00` KST); it covers `start ..< start + 60 s`.
    public var start: KSTTimeOfDay
    /// First trade price in the minute, won.
    public var open: Int
    /// Highest trade price, won.
    public var high: Int
    /// Lowest trade price, won.
    public var low: Int
    /// Last trade price, won.
    public var close: Int
    /// Shares traded in the minute: the sum of the ticks' own volumes (`CNTG_VOL`).
    public var volume: Int
    /// The cumulative volume (`ACML_VOL`) at the bar's last tick. When it rose by more than
    /// ``volume`` since the previous bar, the feed dropped ticks.
    public var accumulatedVolume: Int
    /// Trades seen in the minute.
    public var tradeCount: Int

    /// The bar's first instant.
    public var startTime: Date { start.date(on: date) }

    /// Creates a bar.
    public init(
        symbol: Symbol, date: TradingDate, start: KSTTimeOfDay, open: Int, high: Int, low: Int, close: Int, volume: Int,
        accumulatedVolume: Int, tradeCount: Int
    ) {
        self.symbol = symbol
        self.date = date
        self.start = start
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.accumulatedVolume = accumulatedVolume
        self.tradeCount = tradeCount
    }
}

/// Builds one-minute bars from trade ticks (pure value; feed it ticks in arrival order).
///
/// A bar is keyed by the tick's business date and the KST minute of its trade time. It closes
/// when a tick of a later minute arrives for the same stock (``add(_:)``), when the clock passes
/// the end of its minute (``close(endedBy:)``) or on ``flush()``. A tick of a minute that has
/// already closed is ignored and counted in ``lateTicks``.
///
/// ```swift
/// var bars = KISMinuteBarAggregator()
/// for await event in client.events {
///     if case .trade(let tick) = event { for bar in bars.add(tick) { print(bar) } }
/// }
/// ```
public struct KISMinuteBarAggregator: Sendable {
    private struct Minute: Comparable {
        let day: Int
        let second: Int
        static func < (a: Self, b: Self) -> Bool { (a.day, a.second) < (b.day, b.second) }
    }

    private var open: [Symbol: KISMinuteBar] = [:]
    private var closedThrough: [Symbol: Minute] = [:]
    /// Ticks of a minute already closed for their stock, ignored.
    public private(set) var lateTicks = 0

    /// Creates an empty aggregator.
    public init() {}

    /// The bars still open, by stock.
    public var openBars: [Symbol: KISMinuteBar] { open }

    /// Adds a tick; returns the bar it closed, if it started a new minute of its stock.
    public mutating func add(_ tick: KISTradeTick) -> [KISMinuteBar] {
        let second = tick.timeOfDay.secondsSinceMidnight / 60 * 60
        let minute = Minute(day: tick.businessDate.daysSinceEpoch, second: second)
        if let closed = closedThrough[tick.symbol], minute <= closed {
            lateTicks += 1
            return []
        }
        if var bar = open[tick.symbol] {
            let current = Minute(day: bar.date.daysSinceEpoch, second: bar.start.secondsSinceMidnight)
            if minute == current {
                bar.high = max(bar.high, tick.price)
                bar.low = min(bar.low, tick.price)
                bar.close = tick.price
                bar.volume += tick.volume
                bar.accumulatedVolume = max(bar.accumulatedVolume, tick.accumulatedVolume)
                bar.tradeCount += 1
                open[tick.symbol] = bar
                return []
            }
            // A later minute (earlier ones were caught as late above, since the open bar's
            // minute is after everything closed).
            if minute < current {
                lateTicks += 1
                return []
            }
            closedThrough[tick.symbol] = current
            start(tick, minute)
            return [bar]
        }
        start(tick, minute)
        return []
    }

    /// Closes the open bars whose minute ended at or before `instant` (KST), oldest first.
    public mutating func close(endedBy instant: Date) -> [KISMinuteBar] {
        let date = KSTTimeOfDay.kstDate(of: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + KSTTimeOfDay.utcOffset
        let now = Minute(day: date.daysSinceEpoch, second: seconds - date.daysSinceEpoch * 86_400)
        var closed: [KISMinuteBar] = []
        for (symbol, bar) in open {
            let end = Minute(day: bar.date.daysSinceEpoch, second: bar.start.secondsSinceMidnight + 60)
            if end <= now {
                closed.append(bar)
                closedThrough[symbol] = Minute(day: bar.date.daysSinceEpoch, second: bar.start.secondsSinceMidnight)
                open[symbol] = nil
            }
        }
        return closed.sorted { ($0.date, $0.start, $0.symbol) < ($1.date, $1.start, $1.symbol) }
    }

    /// Closes and returns every open bar (for example at the end of the session), by symbol.
    public mutating func flush() -> [KISMinuteBar] {
        let bars = open.values.sorted { $0.symbol < $1.symbol }
        for bar in bars {
            closedThrough[bar.symbol] = Minute(day: bar.date.daysSinceEpoch, second: bar.start.secondsSinceMidnight)
        }
        open = [:]
        return bars
    }

    private mutating func start(_ tick: KISTradeTick, _ minute: Minute) {
        open[tick.symbol] = KISMinuteBar(
            symbol: tick.symbol, date: tick.businessDate, start: KSTTimeOfDay(secondsSinceMidnight: minute.second),
            open: tick.price, high: tick.price, low: tick.price, close: tick.price, volume: tick.volume,
            accumulatedVolume: tick.accumulatedVolume, tradeCount: 1)
    }
}
