public import QuantCore

/// A one-minute OHLCV bar of one stock, in KST.
public struct KISMinuteBar: Sendable, Hashable {
    /// The stock.
    public var symbol: Symbol
    /// The business date.
    public var date: TradingDate
    /// The bar's first second (`HH:MM:00` KST).
    public var start: KSTTimeOfDay
    /// First trade price in the minute, won.
    public var open: Int
    /// Highest trade price, won.
    public var high: Int
    /// Lowest trade price, won.
    public var low: Int
    /// Last trade price, won.
    public var close: Int
    /// Shares traded in the minute: the rise of the cumulative volume (`ACML_VOL`), which stays
    /// right when the feed drops ticks; the first bar of a session uses the ticks' own volumes.
    public var volume: Int
    /// Trades seen in the minute.
    public var tradeCount: Int
}

/// Builds one-minute bars from trade ticks (pure value; feed it ticks in arrival order).
///
/// ```swift
/// var bars = KISMinuteBarAggregator()
/// for await event in client.events {
///     if case .trade(let tick) = event { for bar in bars.add(tick) { print(bar) } }
/// }
/// ```
public struct KISMinuteBarAggregator: Sendable {
    struct Open {
        var bar: KISMinuteBar
        var lastAccumulated: Int
    }

    private var open: [Symbol: Open] = [:]
    private var closedAccumulated: [Symbol: (date: TradingDate, volume: Int)] = [:]
    /// Ticks older than the open bar of their stock, ignored.
    public private(set) var lateTicks = 0

    /// Creates an empty aggregator.
    public init() {}

    /// Adds a tick; returns the bar it closed, if it started a new minute.
    public mutating func add(_ tick: KISTradeTick) -> [KISMinuteBar] {
        let minuteStart = KSTTimeOfDay(secondsSinceMidnight: tick.timeOfDay.secondsSinceMidnight / 60 * 60)
        if var current = open[tick.symbol] {
            let sameMinute = current.bar.date == tick.businessDate && current.bar.start == minuteStart
            if sameMinute {
                current.bar.high = max(current.bar.high, tick.price)
                current.bar.low = min(current.bar.low, tick.price)
                current.bar.close = tick.price
                current.bar.tradeCount += 1
                current.bar.volume += volumeDelta(from: current.lastAccumulated, tick)
                current.lastAccumulated = max(current.lastAccumulated, tick.accumulatedVolume)
                open[tick.symbol] = current
                return []
            }
            if (tick.businessDate, minuteStart.secondsSinceMidnight) < (current.bar.date, current.bar.start.secondsSinceMidnight) {
                lateTicks += 1
                return []
            }
            closedAccumulated[tick.symbol] = (current.bar.date, current.lastAccumulated)
            start(tick, minuteStart)
            return [current.bar]
        }
        start(tick, minuteStart)
        return []
    }

    /// Closes and returns every open bar (for example at the end of the session).
    public mutating func flush() -> [KISMinuteBar] {
        let bars = open.values.map(\.bar).sorted { $0.symbol < $1.symbol }
        for (symbol, state) in open { closedAccumulated[symbol] = (state.bar.date, state.lastAccumulated) }
        open = [:]
        return bars
    }

    private mutating func start(_ tick: KISTradeTick, _ minuteStart: KSTTimeOfDay) {
        let previous = closedAccumulated[tick.symbol]
        let volume: Int
        if let previous, previous.date == tick.businessDate, tick.accumulatedVolume >= previous.volume {
            volume = tick.accumulatedVolume - previous.volume
        } else {
            volume = tick.volume
        }
        open[tick.symbol] = Open(
            bar: KISMinuteBar(
                symbol: tick.symbol, date: tick.businessDate, start: minuteStart, open: tick.price, high: tick.price,
                low: tick.price, close: tick.price, volume: volume, tradeCount: 1),
            lastAccumulated: tick.accumulatedVolume)
    }

    private func volumeDelta(from last: Int, _ tick: KISTradeTick) -> Int {
        tick.accumulatedVolume >= last ? tick.accumulatedVolume - last : 0
    }
}
