import Foundation
import Pipeline
import QuantCore
import Testing

@Suite("Position watch (stop-loss, drawdown limit, stream down)")
struct PositionWatchTests {
    let t0 = Date(timeIntervalSince1970: 1_764_720_000)

    /// The stop-loss alarms as (symbol, price, loss rounded to 1e-9).
    func stops(_ alarms: [PositionWatch.Alarm]) -> [String] {
        alarms.compactMap { if case let .stopLoss(s, p, _, loss) = $0 { "\(s) \(p) \((loss * 1e9).rounded() / 1e9)" } else { nil } }
    }

    /// The drawdown alarms as (equity, peak, drawdown rounded to 1e-9).
    func drawdowns(_ alarms: [PositionWatch.Alarm]) -> [String] {
        alarms.compactMap { if case let .drawdownLimit(e, p, d) = $0 { "\(e) \(p) \((d * 1e9).rounded() / 1e9)" } else { nil } }
    }

    func watch(peak: Double = 10_000_000) -> PositionWatch {
        // 100 shares of 005930 bought at 70,000 (7,000,000 won) and 10 of 000660 at 180,000; cash 1,200,000.
        PositionWatch(positions: ["005930": 100, "000660": 10], cash: 1_200_000,
                      averageCosts: ["005930": 70_000, "000660": 180_000],
                      referencePrices: ["005930": 70_000, "000660": 180_000], peakEquity: peak,
                      thresholds: .init(stopLoss: 0.10, drawdownLimit: 0.15, streamDown: 60))
    }

    @Test func aStopLossFiresOnceAtTheLevelAndReArmsAfterARecovery() {
        var w = watch()
        #expect(w.price(of: "005930", 63_100, at: t0).isEmpty, "63,100 is above 70,000 x 0.9 = 63,000")
        #expect(stops(w.price(of: "005930", 63_000, at: t0)) == ["005930 63000 0.1"])
        #expect(w.price(of: "005930", 62_000, at: t0).isEmpty, "raised once while below")
        #expect(w.price(of: "005930", 64_000, at: t0).isEmpty)
        #expect(w.price(of: "005930", 62_500, at: t0).count == 1, "re-armed by the recovery")
        #expect(w.price(of: "999999", 1, at: t0).isEmpty, "a symbol not held raises nothing")
    }

    @Test func theDrawdownLimitUsesLivePricesAndThePeak() {
        var w = watch(peak: 10_000_000)
        // Equity = 1,200,000 + 100 x p1 + 10 x p2. At the reference prices: 10,000,000 (the peak).
        #expect(w.equity == 10_000_000)
        // 000660 falls to 100,000: equity 9,200,000, drawdown 8%.
        #expect(stops(w.price(of: "000660", 100_000, at: t0)) == ["000660 100000 0.444444444"])
        // 005930 to 64,000: equity 8,600,000, drawdown 14%: not yet.
        #expect(w.price(of: "005930", 64_000, at: t0).isEmpty)
        // 005930 to 63,500: equity 8,550,000, drawdown 14.5%; at 63,000 (stop-loss too) 8,500,000: 15% exactly.
        #expect(w.price(of: "005930", 63_500, at: t0).isEmpty)
        let alarms = w.price(of: "005930", 63_000, at: t0)
        #expect(drawdowns(alarms) == ["8500000.0 10000000.0 0.15"])
        #expect(stops(alarms) == ["005930 63000 0.1"])
        #expect(w.price(of: "005930", 62_900, at: t0).isEmpty, "once")
    }

    @Test func aNewPeakRaisesTheBar() {
        var w = watch(peak: 9_000_000)
        _ = w.price(of: "000660", 200_000, at: t0)     // equity 10,200,000: a new peak
        #expect(w.peakEquity == 10_200_000)
        // 000660 at 40,000: equity 1,200,000 + 7,000,000 + 400,000 = 8,600,000, 15.7% below the new peak.
        #expect(drawdowns(w.price(of: "000660", 40_000, at: t0)) == ["8600000.0 10200000.0 0.156862745"])
    }

    @Test func silenceRaisesStreamDownOnceAndThenRestored() {
        var w = watch()
        w.start(at: t0)
        #expect(w.check(at: t0.addingTimeInterval(59)).isEmpty)
        #expect(w.check(at: t0.addingTimeInterval(60)) == [.streamDown(lastData: nil, silentFor: 60)], "no data since the session opened")
        #expect(w.check(at: t0.addingTimeInterval(200)).isEmpty, "once per silence")
        #expect(w.price(of: "005930", 70_000, at: t0.addingTimeInterval(230)) == [.streamRestored(downFor: 230)])
        #expect(w.check(at: t0.addingTimeInterval(289)).isEmpty)
        #expect(w.check(at: t0.addingTimeInterval(290)) == [.streamDown(lastData: t0.addingTimeInterval(230), silentFor: 60)])
    }

    @Test func polledPricesMoveTheHoldingsButNotTheStreamState() {
        var w = watch()
        w.start(at: t0)
        #expect(w.stream(isUp: false, at: t0.addingTimeInterval(5)) == [.streamDown(lastData: nil, silentFor: 5)])
        #expect(w.stream(isUp: false, at: t0.addingTimeInterval(6)).isEmpty, "one outage, one alarm")
        // A REST poll during the outage: the stop-loss still works, the stream is still down.
        #expect(stops(w.price(of: "005930", 60_000, at: t0.addingTimeInterval(7), fromStream: false)) == ["005930 60000 0.142857143"])
        #expect(w.check(at: t0.addingTimeInterval(500)).isEmpty, "already down")
        #expect(w.stream(isUp: true, at: t0.addingTimeInterval(20)) == [.streamRestored(downFor: 15)])
        #expect(w.price(of: "005930", 60_100, at: t0.addingTimeInterval(21)).isEmpty, "restored once")
    }
}

