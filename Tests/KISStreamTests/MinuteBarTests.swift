import Foundation
@testable import KISStream
import QuantCore
import Testing

@Suite("One-minute bars")
struct MinuteBarTests {
    static func tick(_ symbol: String, _ time: String, price: Int, volume: Int, accumulated: Int) throws -> KISTradeTick {
        let text = SampleFrames.frame("H0STCNT0", [SampleFrames.tradeFields(
            symbol: symbol, time: time, price: String(price), volume: String(volume), accumulated: String(accumulated))])
        guard case .data(_, let records, _) = KISFrameDecoder().decode(text), case .trade(let t) = records.first else {
            throw KISDecodingError(detail: "sample did not decode")
        }
        return t
    }

    @Test func barsCloseOnTheMinuteAndSumTheTicksOwnVolume() throws {
        var bars = KISMinuteBarAggregator()
        #expect(bars.add(try Self.tick("005930", "090001", price: 71000, volume: 10, accumulated: 1000)).isEmpty)
        #expect(bars.add(try Self.tick("005930", "090030", price: 71500, volume: 5, accumulated: 1005)).isEmpty)
        // A dropped tick: cumulative volume jumps by 20 although this tick traded 3.
        #expect(bars.add(try Self.tick("005930", "090059", price: 70900, volume: 3, accumulated: 1025)).isEmpty)
        #expect(bars.add(try Self.tick("000660", "090010", price: 180000, volume: 1, accumulated: 50)).isEmpty)
        let closed = bars.add(try Self.tick("005930", "090100", price: 71100, volume: 7, accumulated: 1032))
        #expect(closed.count == 1)
        let bar = try #require(closed.first)
        #expect(bar.symbol == "005930" && bar.start == KSTTimeOfDay(hour: 9, minute: 0, second: 0))
        #expect(bar.date == TradingDate(year: 2026, month: 12, day: 3))
        #expect(bar.open == 71000 && bar.high == 71500 && bar.low == 70900 && bar.close == 70900)
        // Volume is the ticks' own (10 + 5 + 3); the cumulative 1025 shows 20 shares went unseen.
        #expect(bar.volume == 10 + 5 + 3 && bar.accumulatedVolume == 1025 && bar.tradeCount == 3)
        // A late tick from the closed minute is ignored and counted.
        #expect(bars.add(try Self.tick("005930", "090058", price: 1, volume: 1, accumulated: 1033)).isEmpty)
        #expect(bars.lateTicks == 1)
        let rest = bars.flush()
        #expect(rest.map(\.symbol) == ["000660", "005930"])
        #expect(rest.last?.volume == 7 && rest.last?.start == KSTTimeOfDay(hour: 9, minute: 1, second: 0))
    }

    @Test func quoteCacheKeepsTheLatestAndFindsStaleSymbols() throws {
        var cache = KISQuoteCache()
        let start = Date(timeIntervalSince1970: 1_796_256_000)
        cache.record(try Self.tick("005930", "090001", price: 71000, volume: 1, accumulated: 1), receivedAt: start)
        cache.record(try Self.tick("005930", "090002", price: 71100, volume: 1, accumulated: 2), receivedAt: start + 1)
        cache.record(try Self.tick("000660", "090002", price: 180_000, volume: 1, accumulated: 2), receivedAt: start)
        #expect(cache.lastPrice(of: "005930") == 71100)
        #expect(cache["005930"]?.source == .stream)
        let stale = cache.staleSymbols(among: ["005930", "000660", "035420"], maximumAge: .seconds(30), now: start + 31)
        #expect(stale == ["000660", "035420"])
        // A poll refreshes the price and the quote's age, not the stream's.
        cache.record(KISPolledQuote(symbol: "000660", price: 181_000, accumulatedVolume: 9, time: nil), receivedAt: start + 31)
        #expect(cache["000660"]?.source == .poll && cache.lastPrice(of: "000660") == 181_000)
        #expect(cache.lastStreamed("000660") == start)
        #expect(cache.staleSymbols(among: ["000660"], maximumAge: .seconds(30), now: start + 32).isEmpty)
    }
}
