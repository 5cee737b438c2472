import Foundation
@testable import KISStream
import QuantCore
import Testing

@Suite("Frame decoding")
struct FrameDecoderTests {
    let decoder = KISFrameDecoder()

    func records(_ text: String, decoder: KISFrameDecoder? = nil) -> (records: [KISRecord], failures: [KISDecodingError])? {
        if case .data(_, let records, let failures) = (decoder ?? self.decoder).decode(text) { return (records, failures) }
        return nil
    }

    @Test func tradeTickDecodesEveryField() throws {
        let text = "0|H0STCNT0|001|" + SampleFrames.tradeFields().joined(separator: "^")
        let result = try #require(records(text))
        #expect(result.failures.isEmpty)
        guard case .trade(let t) = try #require(result.records.first) else { Issue.record("not a trade"); return }
        #expect(t.symbol == "005930")
        #expect(t.timeOfDay == KSTTimeOfDay(hour: 9, minute: 30, second: 1))
        #expect(t.price == 71000 && t.changeSign == .up && t.change == 500 && t.changeRate == 0.71)
        #expect(t.volumeWeightedAveragePrice == 70950.25)
        #expect(t.open == 70500 && t.high == 71200 && t.low == 70400)
        #expect(t.bestAsk == 71100 && t.bestBid == 71000)
        #expect(t.volume == 15 && t.accumulatedVolume == 1_234_567 && t.accumulatedValue == 87_654_321_000)
        #expect(t.sellTradeCount == 3000 && t.buyTradeCount == 3500 && t.netBuyTradeCount == 500)
        #expect(t.tradeStrength == 116.67 && t.totalSellQuantity == 400_000 && t.totalBuyQuantity == 466_667)
        #expect(t.aggressor == .buy && t.buyRatio == 53.85 && t.volumeRateVersusPreviousDay == 87.5)
        #expect(t.openTime == KSTTimeOfDay(hour: 9, minute: 0, second: 0))
        #expect(t.changeSignVersusOpen == .up && t.changeVersusOpen == 500)
        #expect(t.highTime == KSTTimeOfDay(hour: 9, minute: 15, second: 0))
        #expect(t.changeSignVersusHigh == .down && t.changeVersusHigh == -200)
        #expect(t.lowTime == KSTTimeOfDay(hour: 9, minute: 2, second: 30))
        #expect(t.changeSignVersusLow == .up && t.changeVersusLow == 600)
        #expect(t.businessDate == TradingDate(year: 2026, month: 12, day: 3))
        #expect(t.marketOperationClass.session == .regular && t.marketOperationClass.tradeKind == .normal)
        #expect(t.isHalted == false)
        #expect(t.bestAskQuantity == 1200 && t.bestBidQuantity == 3400)
        #expect(t.totalAskQuantity == 250_000 && t.totalBidQuantity == 310_000)
        #expect(t.turnoverRate == 0.02 && t.previousDaySameTimeVolume == 1_100_000 && t.previousDaySameTimeVolumeRate == 112.23)
        #expect(t.hourClass == .regular && t.arbitraryEndCode == nil && t.volatilityInterruptionReferencePrice == 70000)
        #expect(t.extraFields.isEmpty)
        // 09:30:01 KST on 2026-12-03 is 00:30:01 UTC.
        #expect(t.time == Date(timeIntervalSince1970: 1_796_257_801))
    }

    @Test func multiRecordFrameYieldsEveryRecord() throws {
        let recs = (0..<4).map { (i: Int) -> [String] in
            let price = 71000 + i * 100
            return SampleFrames.tradeFields(price: String(price), volume: String(i + 1))
        }
        let result = try #require(records(SampleFrames.frame("H0STCNT0", recs)))
        #expect(result.records.count == 4)
        let prices = result.records.compactMap { if case .trade(let t) = $0 { t.price } else { nil } }
        #expect(prices == [71000, 71100, 71200, 71300])
    }

    @Test func extraTrailingFieldsAreKeptPerRecord() throws {
        let recs = (0..<3).map { (i: Int) -> [String] in SampleFrames.tradeFields(volume: String(i + 1)) + ["2", "X\(i)"] }  // 48 wide
        let result = try #require(records(SampleFrames.frame("H0STCNT0", recs)))
        #expect(result.failures.isEmpty)
        let trades = result.records.compactMap { if case .trade(let t) = $0 { t } else { nil } }
        #expect(trades.map(\.volume) == [1, 2, 3])
        #expect(trades.map(\.extraFields) == [["2", "X0"], ["2", "X1"], ["2", "X2"]])
    }

    @Test func orderBookDecodesTenLevelsAndExtras() throws {
        let fields = SampleFrames.orderBookFields() + ["71050", "300", "1"]  // 62-field layout
        let result = try #require(records(SampleFrames.frame("H0STASP0", [fields, SampleFrames.orderBookFields() + ["0", "0", "0"]])))
        #expect(result.records.count == 2)
        guard case .orderBook(let b) = result.records[0] else { Issue.record("not a book"); return }
        #expect(b.symbol == "000660" && b.timeOfDay == KSTTimeOfDay(hour: 9, minute: 30, second: 2) && b.hourClass == .regular)
        #expect(b.asks.map(\.price) == (0..<10).map { 71100 + 100 * $0 })
        #expect(b.asks.map(\.quantity) == (1...10).map { 100 * $0 })
        #expect(b.bids.map(\.price) == (0..<10).map { 71000 - 100 * $0 })
        #expect(b.bids.map(\.quantity) == (1...10).map { 110 * $0 })
        #expect(b.totalAskQuantity == 5500 && b.totalBidQuantity == 6050)
        #expect(b.afterHoursTotalAskQuantity == 0 && b.expectedPrice == 0 && b.expectedChangeSign == .other(""))
        #expect(b.accumulatedVolume == 2_345_678 && b.totalAskQuantityChange == -10 && b.totalBidQuantityChange == 25)
        #expect(b.dealClassCode == "0")
        #expect(b.extraFields == ["71050", "300", "1"])
    }

    @Test func orderBookAuctionAndAfterHoursFields() throws {
        var f = SampleFrames.orderBookFields()
        f[2] = "B"
        f[45...52] = ["700", "800", "71050", "1500", "1600", "50", "2", "0.07"]
        f[56] = "-5"
        f[57] = "6"
        f[58] = ""
        guard case .orderBook(let b) = try #require(records(SampleFrames.frame("H0STASP0", [f]))?.records.first) else {
            Issue.record("not a book"); return
        }
        #expect(b.hourClass == .preOpenExpected)
        #expect(b.afterHoursTotalAskQuantity == 700 && b.afterHoursTotalBidQuantity == 800)
        #expect(b.expectedPrice == 71050 && b.expectedQuantity == 1500 && b.expectedVolume == 1600)
        #expect(b.expectedChange == 50 && b.expectedChangeSign == .up && b.expectedChangeRate == 0.07)
        #expect(b.afterHoursTotalAskQuantityChange == -5 && b.afterHoursTotalBidQuantityChange == 6)
        #expect(b.dealClassCode == nil && b.extraFields.isEmpty)
    }

    @Test func marketOperationAcceptsTheTenFieldExample() throws {
        let result = try #require(records(SampleFrames.frame("H0STMKO0", [SampleFrames.marketOperation10])))
        guard case .marketOperation(let m) = try #require(result.records.first) else { Issue.record("wrong record"); return }
        #expect(m.symbol == "396300" && m.isHalted == false && m.haltReason == nil)
        #expect(m.operation == .other("") && m.expectedOperation == .other("311"))
        #expect(m.issueStatusCode == "55" && !m.isVolatilityInterruption && m.exchangeCode == nil)
        let full = ["005930", "Y", "VI발동", "112", "121", "", "", "55", "Y", "N", "1"]
        guard case .marketOperation(let v) = try #require(records(SampleFrames.frame("H0STMKO0", [full]))?.records.first) else {
            Issue.record("wrong record"); return
        }
        #expect(v.isHalted && v.haltReason == "VI발동" && v.operation == .open && v.expectedOperation == .closingAuctionStart)
        #expect(v.isVolatilityInterruption && v.exchangeCode == "1")
    }

    @Test func encryptedNoticesDecodeInBothLayouts() throws {
        let key = try KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        let decoder = KISFrameDecoder(cipherKeys: [.executionNotice: key])
        // Encrypted with the same primitive; `aesMatchesAKnownAnswer` pins it to an external vector.
        let payload26 = try key.encrypt(SampleFrames.notice26().joined(separator: "^"))
        let r26 = try #require(records("1|H0STCNI0|001|" + payload26, decoder: decoder))
        guard case .executionNotice(let n) = try #require(r26.records.first) else { Issue.record("not a notice"); return }
        #expect(n.layout == .current26 && n.orderNumber == "0000012345" && n.side == .buy && n.kind == .fill)
        #expect(n.symbol == "005930" && n.quantity == 10 && n.price == 71000 && n.acceptance == .confirmed)
        #expect(n.timeOfDay == KSTTimeOfDay(hour: 10, minute: 5, second: 12) && n.orderQuantity == 20)
        #expect(n.stopPrice == 0 && n.exchange == .krx && n.showsPopup == false && n.creditClass == "10")
        #expect(n.stockName == "삼성전자" && n.orderPrice == 71000 && n.customerID == "myhtsid")
        #expect(!n.description.contains("myhtsid") && !n.description.contains("5012345601") && !n.description.contains("홍길동"))

        let payload23 = try key.encrypt(SampleFrames.notice23().joined(separator: "^"))
        let r23 = try #require(records("1|H0STCNI0|001|" + payload23, decoder: decoder))
        guard case .executionNotice(let o) = try #require(r23.records.first) else { Issue.record("not a notice"); return }
        #expect(o.layout == .legacy23 && o.orderNumber == "0000054321" && o.side == .sell && o.kind == .acknowledgement)
        #expect(o.orderKind == "01" && o.stockName == "SK하이닉스" && o.creditClass == "10" && o.orderPrice == 0 && o.exchange == nil)
        #expect(o.originalOrderNumber == nil && o.correction == .normal && o.condition == .none && o.acceptance == .received)
        #expect(o.stopPrice == nil && o.showsPopup == nil && o.creditLoanDate == nil && o.accountName == "홍길동")
        #expect(n.originalOrderNumber == "0000000000" && n.branch == "01234" && n.accountNumber == "5012345601")
        #expect(n.orderKind == "00" && n.isRejected == false && n.creditLoanDate == nil && n.extraFields.isEmpty)
    }

    @Test func aesMatchesAKnownAnswer() throws {
        // KnownAnswer was computed with Python's `cryptography`.
        let key = try KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        #expect(try key.decrypt(base64: KnownAnswer.ciphertext) == KnownAnswer.plaintext)
        #expect(try key.encrypt(KnownAnswer.plaintext) == KnownAnswer.ciphertext)
    }

    @Test func sessionKeyFallbackIsConfigurable() throws {
        let key = try KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        let text = "1|H0STCNI9|001|" + (try key.encrypt(SampleFrames.notice26().joined(separator: "^")))
        // The only key so far came with the H0STCNT0 ack; H0STCNI9's own ack has not arrived.
        guard case .data(_, let records, _) = KISFrameDecoder(cipherKeys: [.tradeTick: key]).decode(text) else {
            Issue.record("fallback should decrypt"); return
        }
        #expect(records.count == 1)
        guard case .malformed = KISFrameDecoder(cipherKeys: [.tradeTick: key], usesSessionKeyFallback: false).decode(text) else {
            Issue.record("without fallback it is a diagnostic"); return
        }
    }

    @Test func encryptedFrameWithoutKeyIsADiagnostic() {
        guard case .malformed(let error) = decoder.decode("1|H0STCNI0|001|AAAA") else { Issue.record("expected malformed"); return }
        #expect(error.transactionID == .executionNotice)
        let key = try? KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        let wrong = KISFrameDecoder(cipherKeys: [.executionNotice: key!])
        guard case .malformed = wrong.decode("1|H0STCNI0|001|bm90IGNpcGhlcnRleHQ=") else { Issue.record("expected malformed"); return }
    }

    @Test func controlRepliesAndPingPong() throws {
        let ack = #"{"header":{"tr_id":"H0STCNI0","tr_key":"myhtsid","encrypt":"Y"},"body":{"rt_cd":"0","msg_cd":"OPSP0000","msg1":"SUBSCRIBE SUCCESS","output":{"iv":"ca513e8bf725c575","key":"abcdefghijklmnopqrstuvwxyzabcdef"}}}"#
        guard case .control(let reply) = decoder.decode(ack) else { Issue.record("not control"); return }
        #expect(reply.transactionID == .executionNotice && reply.code == .subscribeSuccess && reply.isEncrypted)
        #expect(reply.cipherKey?.iv == "ca513e8bf725c575" && reply.resultCode == "0")
        #expect(!reply.description.contains("myhtsid") && !reply.description.contains("abcdefghij"))

        let inUse = #"{"header":{"tr_id":"(null)","tr_key":"","encrypt":"N"},"body":{"rt_cd":"9","msg_cd":"OPSP8996","msg1":"ALREADY IN USE appkey"}}"#
        guard case .control(let r2) = decoder.decode(inUse) else { Issue.record("not control"); return }
        #expect(r2.transactionID == nil && r2.transactionKey == nil && r2.code == .appKeyInUse && r2.resultCode == "9")

        guard case .pingPong = decoder.decode(#"{"header":{"tr_id":"PINGPONG","datetime":"20241011121818"}}"#) else {
            Issue.record("not pingpong"); return
        }
        #expect(KISControlCode("OPSP9993").isRequestParsingError && !KISControlCode.invalidApproval.isRequestParsingError)
    }

    @Test(arguments: [
        "", "2|H0STCNT0|001|x", "0|H0STCNT0|abc|x", "0|H0STCNT0|001", "0||001|x", "{not json", "[1,2]",
        #"{"header":{"tr_id":"H0STCNT0"}}"#, "0|H0STCNT0|002|" + SampleFrames.tradeFields().joined(separator: "^"),
        "0|H0STCNT0|001|005930^093001^71000",
    ])
    func malformedFramesAreDiagnostics(_ text: String) {
        guard case .malformed = decoder.decode(text) else { Issue.record("expected malformed for \(text.prefix(30))"); return }
    }

    @Test func badFieldFailsOnlyItsRecord() throws {
        var bad = SampleFrames.tradeFields()
        bad[2] = "7x000"
        let result = try #require(records(SampleFrames.frame("H0STCNT0", [SampleFrames.tradeFields(), bad])))
        #expect(result.records.count == 1)
        #expect(result.failures.count == 1 && result.failures[0].field == "STCK_PRPR" && result.failures[0].record == 1)
    }

    @Test func noticeErrorsNeverQuoteValues() throws {
        let key = try KISCipherKey(key: "abcdefghijklmnopqrstuvwxyzabcdef", iv: "ca513e8bf725c575")
        var fields = SampleFrames.notice26()
        fields[9] = "myhtsid-leak"
        let decoder = KISFrameDecoder(cipherKeys: [.executionNotice: key])
        let result = try #require(records("1|H0STCNI0|001|" + (try key.encrypt(fields.joined(separator: "^"))), decoder: decoder))
        #expect(result.failures.count == 1)
        #expect(!result.failures[0].description.contains("myhtsid"))
    }

    @Test func fastNumberParsingAgreesWithTheStandardLibrary() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let whole = Int.random(in: -9_999_999...9_999_999, using: &rng)
            let places = Int.random(in: 0...6, using: &rng)
            let fraction = places == 0 ? "" : "." + String(Int.random(in: 0..<Int(pow(10.0, Double(places))), using: &rng))
            let text = "\(whole)\(fraction)"
            #expect(KISFieldReader.parseDecimal(Substring(text)) == Double(text), "\(text)")
            #expect(KISFieldReader.parseInteger(Substring(String(whole))) == whole)
        }
        #expect(KISFieldReader.parseInteger("+100") == 100 && KISFieldReader.parseInteger("71000.00") == 71000)
        #expect(KISFieldReader.parseInteger("-") == nil && KISFieldReader.parseInteger("1.5") == nil && KISFieldReader.parseInteger("12-3") == nil)
        #expect(KISFieldReader.parseDecimal("1.2.3") == nil && KISFieldReader.parseDecimal("-") == nil)
    }

    @Test func unknownTransactionIsReported() {
        guard case .unknownTransaction(let tr) = decoder.decode("0|HDFSCNT0|001|a^b") else { Issue.record("expected unknown"); return }
        #expect(tr == "HDFSCNT0")
    }
}
