import Foundation
import KISREST
import KISSimulator
import QuantCore
import Testing

@Suite("KIS REST errors carry no secret", .timeLimit(.minutes(2)))
struct RESTSecrecyTests {
    static let secrets = [
        RESTHarness.credentials.appKey, RESTHarness.credentials.appSecret, RESTHarness.account.number, "SIMTOKEN", "Bearer",
    ]

    static func expectClean(_ error: any Error, sourceLocation: SourceLocation = #_sourceLocation) {
        let texts = [String(describing: error), String(reflecting: error), "\(error)", (error as? KISRESTError)?.detail ?? ""]
        var dumped = ""
        dump(error, to: &dumped)
        for text in texts + [dumped] {
            for secret in secrets {
                #expect(!text.contains(secret), "\(secret.prefix(4))… leaked", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func errorsOfEveryKindAreFreeOfCredentialsAndTokens() async throws {
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(restRequestsPerSecond: 1),
            client: {
                $0.ordersEnabled = true
                $0.requestsPerSecond = 10
                $0.rateLimitRetries = 0
                $0.usesHashKey = false
            }
        ) { h in
            var collected: [any Error] = []
            // A token was issued and used: the client holds it while the errors below happen.
            _ = try await h.client.currentPrice(of: "005930")
            do { _ = try await h.client.currentPrice(of: "005930") } catch { collected.append(error) }  // EGW00201
            try await Task.sleep(for: .milliseconds(1_100))
            do {
                _ = try await h.client.cancelOrder(KISOrderReceipt(orderNumber: "0000099999", branch: "91252"))
            } catch { collected.append(error) }  // APBK0918
            var disabled = h.client.configuration
            disabled.ordersEnabled = false
            let plain = KISRESTClient(credentials: RESTHarness.credentials, configuration: disabled)
            do { _ = try await plain.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: 1)) } catch {
                collected.append(error)
            }
            #expect(collected.count == 3)
            let reasons = collected.compactMap { ($0 as? KISRESTError)?.reason }
            #expect(reasons == [.rateLimited, .rejected, .ordersDisabled])
            for error in collected { Self.expectClean(error) }
        }
    }

    @Test func refusedCredentialsProduceCleanErrors() async throws {
        try await RESTHarness.with(simulator: KISSimulatorConfiguration(acceptedAppKeys: ["SOMEONE-ELSE"])) { h in
            let token = await #expect(throws: KISRESTError.self) { _ = try await h.client.currentPrice(of: "005930") }
            #expect(token?.reason == .tokenRequestFailed)
            #expect(token?.messageCode == "EGW00103")
            #expect(token?.httpStatus == 403)
            if let token { Self.expectClean(token) }
            let approval = await #expect(throws: KISRESTError.self) {
                _ = try await h.client.issueApprovalKey(for: RESTHarness.credentials)
            }
            #expect(approval?.reason == .approvalKeyRequestFailed)
            if let approval { Self.expectClean(approval) }
            let transport = await #expect(throws: KISRESTError.self) {
                _ = try await KISApprovalKeyClient(restBaseURL: "http://127.0.0.1:9", timeout: .seconds(1))
                    .issueApprovalKey(for: RESTHarness.credentials)
            }
            #expect(transport?.reason == .transport)
            if let transport { Self.expectClean(transport) }
        }
    }

    @Test func credentialsAndAccountsDescribeThemselvesRedacted() {
        var dumped = ""
        dump(RESTHarness.credentials, to: &dumped)
        dump(RESTHarness.account, to: &dumped)
        let texts = [
            String(describing: RESTHarness.credentials), String(reflecting: RESTHarness.credentials),
            String(describing: RESTHarness.account), dumped,
        ]
        for text in texts {
            for secret in Self.secrets { #expect(!text.contains(secret)) }
        }
    }

    @Test func approvalKeyIsIssuedThroughTheClient() async throws {
        try await RESTHarness.with { h in
            let key = try await h.client.issueApprovalKey(for: RESTHarness.credentials)
            #expect(key.count == 36)
            #expect(await h.simulator.statistics.approvalKeysIssued == 1)
        }
    }
}
