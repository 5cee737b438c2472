import QuantTestSupport
import Alerts
import Foundation
import Testing

/// Delivery against a local HTTP stand-in for the Telegram Bot API.
@Suite("Telegram delivery", .serialized)
struct TelegramDeliveryTests {
    func records(_ log: URL) throws -> [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    func notifier(port: Int) -> TelegramNotifier {
        TelegramNotifier(configuration: TelegramConfiguration(apiBase: URL(string: "http://127.0.0.1:\(port)")!, token: Secret("123:TOKEN-abc"),
                                                              chatID: "-1001", timeout: 10, maximumRetries: 3, maximumRetryAfter: 5))
    }

    @Test func honoursRetryAfterThenDelivers() async throws {
        let log = try TestServer.temporaryDirectory("tg").appendingPathComponent("log.jsonl")
        let server = try TestServer(script: "telegram_server.py", arguments: ["--log", log.path, "--plan", "429:1,500"])
        defer { server.stop() }
        let start = Date()
        let alert = Alert(level: .critical, subject: "Drawdown <15%> & rising", body: "MDD -15.2%", attachments: [
            AlertAttachment(fileName: "report.html", contentType: "text/html", data: Data(repeating: 65, count: 2048)),
        ])
        try await notifier(port: server.port).send(alert)
        #expect(Date().timeIntervalSince(start) >= 1, "waited for retry_after")
        let calls = try records(log)
        #expect(calls.map { $0["status"] as? Int } == [429, 500, 200, 200])
        #expect(calls.allSatisfy { $0["token"] as? String == "123:TOKEN-abc" })
        let message = try #require(calls[2]["body"] as? [String: Any])
        #expect(message["parse_mode"] as? String == "HTML")
        #expect(message["chat_id"] as? String == "-1001")
        #expect((message["text"] as? String)?.hasPrefix("<b>🚨 Drawdown &lt;15%&gt; &amp; rising</b>") == true)
        #expect(calls[3]["method"] as? String == "sendDocument")
        #expect((calls[3]["contentType"] as? String)?.hasPrefix("multipart/form-data") == true)
        #expect((calls[3]["bytes"] as? Int ?? 0) > 2048)
    }

    @Test func longMessagesAreSplit() async throws {
        let log = try TestServer.temporaryDirectory("tg").appendingPathComponent("log.jsonl")
        let server = try TestServer(script: "telegram_server.py", arguments: ["--log", log.path])
        defer { server.stop() }
        let body = (0..<400).map { "줄 \($0): 삼성전자 71,200원 +1.2%" }.joined(separator: "\n")
        try await notifier(port: server.port).send(Alert(level: .info, subject: "Holdings", body: body))
        let texts = try records(log).compactMap { ($0["body"] as? [String: Any])?["text"] as? String }
        #expect(texts.count >= 2)
        #expect(texts.allSatisfy { $0.utf16.count <= 4096 })
        #expect(texts.joined(separator: "\n").hasSuffix("줄 399: 삼성전자 71,200원 +1.2%"))
    }

    @Test func badRequestIsAPermanentRejectionWithoutTheToken() async throws {
        let log = try TestServer.temporaryDirectory("tg").appendingPathComponent("log.jsonl")
        let server = try TestServer(script: "telegram_server.py", arguments: ["--log", log.path, "--plan", "400"])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) { try await notifier(port: server.port).send(Alert(level: .info, subject: "x", body: "y")) }
        #expect(error?.reason == .rejected)
        #expect(error?.isTransient == false)
        #expect(error.map { !"\($0)".contains("TOKEN-abc") } == true)
    }

    @Test func persistentRateLimitIsTransientWithRetryAfter() async throws {
        let log = try TestServer.temporaryDirectory("tg").appendingPathComponent("log.jsonl")
        let server = try TestServer(script: "telegram_server.py", arguments: ["--log", log.path, "--plan", "429:120"])
        defer { server.stop() }
        let error = await #expect(throws: AlertError.self) { try await notifier(port: server.port).send(Alert(level: .info, subject: "x", body: "y")) }
        #expect(error?.reason == .rateLimited)
        #expect(error?.isTransient == true)
        #expect(error?.retryAfter == 120)
    }
}
