import Foundation
@testable import KISStream
import QuantCore
import Testing

@Suite("Client building blocks")
struct ClientUnitTests {
    static func tick(_ symbol: String, volume: Int) throws -> KISTradeTick {
        let decoder = KISFrameDecoder()
        let text = SampleFrames.frame("H0STCNT0", [SampleFrames.tradeFields(symbol: symbol, volume: String(volume))])
        guard case .data(_, let records, _) = decoder.decode(text), case .trade(let t) = records.first else {
            throw KISDecodingError(detail: "sample did not decode")
        }
        return t
    }

    static func notice(_ order: String) throws -> KISExecutionNotice {
        let key = try KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        let decoder = KISFrameDecoder(cipherKeys: [.executionNotice: key])
        let text = "1|H0STCNI0|001|" + (try key.encrypt(SampleFrames.notice26(order: order).joined(separator: "^")))
        guard case .data(_, let records, _) = decoder.decode(text), case .executionNotice(let n) = records.first else {
            throw KISDecodingError(detail: "sample did not decode")
        }
        return n
    }

    @Test func slowConsumerBufferIsBoundedAndKeepsNotices() async throws {
        let buffer = KISEventBuffer(capacity: 16)
        let a = try Self.tick("005930", volume: 1)
        let b = try Self.tick("000660", volume: 1)
        for i in 0..<50_000 {
            var t = i % 2 == 0 ? a : b
            t.volume = i
            buffer.push(.trade(t))
            if i % 10_000 == 0 { buffer.push(.executionNotice(try Self.notice(String(1_000_000 + i)))) }
        }
        #expect(buffer.pendingCount <= 16 + 5)
        #expect(buffer.conflatedCount >= 50_000 - 16)
        buffer.finish()
        var notices: [String] = []
        var latest: [String: Int] = [:]
        let stream = KISEventStream(buffer: buffer)
        for await event in stream {
            switch event {
            case .executionNotice(let n): notices.append(n.orderNumber)
            case .trade(let t): latest[t.symbol.code] = max(latest[t.symbol.code] ?? -1, t.volume)
            default: break
            }
        }
        let expected: [String] = ["1000000", "1010000", "1020000", "1030000", "1040000"]
        #expect(notices == expected)
        // Conflation keeps the newest value per symbol.
        #expect(latest["005930"] == 49_998)
        #expect(latest["000660"] == 49_999)
    }

    @Test func consumerWaitsAndIsCancellable() async throws {
        let buffer = KISEventBuffer(capacity: 16)
        let stream = KISEventStream(buffer: buffer)
        let waiter = Task { () -> Int in
            var n = 0
            for await _ in stream { n += 1 }
            return n
        }
        try await Task.sleep(for: .milliseconds(50))
        buffer.push(.state(.connected))
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        #expect(await waiter.value == 1)
    }

    @Test func concurrentConsumersShareEventsWithoutLosingAny() async throws {
        let buffer = KISEventBuffer(capacity: 1024)
        let stream = KISEventStream(buffer: buffer)
        let consumers = (0..<3).map { _ in
            Task { () -> Int in
                var n = 0
                for await _ in stream { n += 1 }
                return n
            }
        }
        for _ in 0..<300 {
            buffer.push(.state(.connected))
            await Task.yield()
        }
        buffer.finish()
        var total = 0
        for consumer in consumers { total += await consumer.value }
        #expect(total == 300)
    }

    @Test func backoffGrowsWithJitterUpToTheCap() {
        let policy = KISBackoffPolicy(initial: .seconds(1), multiplier: 2, cap: .seconds(60), jitter: 0.2)
        var rng = SystemRandomNumberGenerator()
        for attempt in 1...12 {
            let expected = min(60, pow(2, Double(attempt - 1)))
            let d = KISBackoffPolicy.seconds(policy.delay(attempt: attempt, using: &rng))
            #expect(d <= expected + 0.001 && d >= expected * 0.8 - 0.001, "attempt \(attempt): \(d)")
        }
    }

    func next(_ book: inout KISSubscriptionBook) -> (KISSubscriptionBook.Operation, KISSubscription)? {
        book.nextRequest(now: .now)
    }

    @Test func bookReleasesBeforeRegisteringAndRespectsTheCap() throws {
        var book = KISSubscriptionBook(limit: 2)
        let a = KISSubscription.trades("000001"), b = KISSubscription.trades("000002"), c = KISSubscription.trades("000003")
        try book.add(a)
        try book.add(b)
        #expect(throws: KISStreamError.self) { try book.add(c) }
        #expect(next(&book)?.1 == a)
        #expect(next(&book)?.1 == b)
        #expect(next(&book) == nil)
        book.confirmSubscribed(a)
        book.confirmSubscribed(b)
        book.remove(a)
        try book.add(c)
        // c must wait until a's release is confirmed: the server would refuse a third registration.
        let release = try #require(next(&book))
        #expect(release.0 == .unsubscribe && release.1 == a)
        #expect(next(&book) == nil)
        book.confirmReleased(a)
        #expect(next(&book)?.1 == c)
        book.resetSession()
        #expect(next(&book)?.1 == b)
        #expect(next(&book)?.1 == c)
        #expect(next(&book) == nil)
    }

    @Test func requestTextMatchesTheProtocol() throws {
        let text = KISSubscriptionRequest.text(.subscribe, .trades("005930"), approvalKey: "AK")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let header = try #require(json["header"] as? [String: String])
        #expect(header == ["approval_key": "AK", "custtype": "P", "tr_type": "1", "content-type": "utf-8"])
        let input = try #require((json["body"] as? [String: Any])?["input"] as? [String: String])
        #expect(input == ["tr_id": "H0STCNT0", "tr_key": "005930"])
        #expect(KISSubscriptionRequest.parse(KISSubscriptionRequest.text(.unsubscribe, .orderBook("000660"), approvalKey: "AK"))?.operation == .unsubscribe)
    }

    @Test func secretsAreRedacted() {
        let credentials = KISCredentials(appKey: "APPKEY123", appSecret: "SECRET456", htsID: "htsuser")
        #expect(!"\(credentials)".contains("APPKEY") && !String(reflecting: credentials).contains("SECRET"))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("APPKEY") && !dumped.contains("SECRET") && !dumped.contains("htsuser"))
        #expect(!"\(KISSubscription.executionNotices(htsID: "htsuser", paper: true))".contains("htsuser"))
    }
}
