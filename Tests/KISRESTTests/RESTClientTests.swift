import Foundation
import KISREST
import KISSimulator
import QuantCore
import Testing

@Suite("KIS REST client against the simulator over loopback", .timeLimit(.minutes(2)))
struct RESTClientTests {
    @Test func currentPriceDecodesFromTheSimulatedMarket() async throws {
        try await RESTHarness.with { h in
            let quote = try await h.client.currentPrice(of: "005930")
            #expect(quote.symbol == "005930")
            #expect(quote.price == 71_000)
            #expect(quote.referencePrice == 71_000)
            #expect(quote.upperLimit == 92_300 && quote.lowerLimit == 49_700)
            #expect(quote.accumulatedVolume == 0 && quote.change == 0)
            let other = try await h.client.currentPrice(of: "000660")
            #expect(other.price == 180_000)
            let sent = await h.simulator.restRequests.filter { $0.path.hasSuffix("/inquire-price") }
            #expect(sent.count == 2 && sent.allSatisfy { $0.transactionID == "FHKST01010100" })
        }
    }

    @Test func tokenIsIssuedOnceAndCached() async throws {
        try await RESTHarness.with { h in
            for symbol in ["005930", "000660", "035420"] { _ = try await h.client.currentPrice(of: Symbol(symbol)) }
            #expect(await h.simulator.statistics.accessTokensIssued == 1)
            #expect(await h.client.statistics.tokensIssued == 1)
            let expiry = try #require(await h.client.accessTokenExpiry)
            #expect(expiry.timeIntervalSinceNow > 86_000)
        }
    }

    @Test func concurrentFirstCallsShareOneTokenIssue() async throws {
        try await RESTHarness.with { h in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await h.client.currentPrice(of: "005930").price } }
                for try await price in group { #expect(price == 71_000) }
            }
            #expect(await h.simulator.statistics.accessTokensIssued == 1)
        }
    }

    @Test func rejectedTokenIsRenewedAndTheRequestRepeated() async throws {
        try await RESTHarness.with { h in
            _ = try await h.client.currentPrice(of: "005930")
            await h.simulator.expireAccessTokens()
            let quote = try await h.client.currentPrice(of: "005930")
            #expect(quote.price == 71_000)
            let stats = await h.client.statistics
            #expect(stats.tokensIssued == 2 && stats.tokenRejections == 1)
            let codes = await h.simulator.restRequests.map(\.path)
            #expect(codes.filter { $0 == "/oauth2/tokenP" }.count == 2)
        }
    }

    @Test func concurrentRejectionsRenewTheTokenOnce() async throws {
        try await RESTHarness.with { h in
            _ = try await h.client.currentPrice(of: "005930")
            await h.simulator.expireAccessTokens()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await h.client.currentPrice(of: "005930").price } }
                for try await price in group { #expect(price == 71_000) }
            }
            #expect(await h.simulator.statistics.accessTokensIssued == 2)
            #expect((1...6).contains(await h.client.statistics.tokenRejections))
        }
    }

    @Test func tokenIsRenewedBeforeItExpires() async throws {
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(accessTokenLifetime: .seconds(3)),
            client: { $0.tokenRefreshMargin = .milliseconds(2_600) }
        ) { h in
            _ = try await h.client.currentPrice(of: "005930")
            try await Task.sleep(for: .milliseconds(600))
            _ = try await h.client.currentPrice(of: "005930")
            let stats = await h.client.statistics
            #expect(stats.tokensIssued == 2)
            #expect(stats.tokenRejections == 0)
            // The token endpoint's own limit (1 per second) delayed the renewal.
            let issues = await h.simulator.restRequests.filter { $0.path == "/oauth2/tokenP" }.map(\.receivedAt)
            #expect(issues.count == 2)
            if issues.count == 2 { #expect(issues[1] - issues[0] >= .milliseconds(950)) }
        }
    }

    @Test func paperDefaultsStayWithinThePaperLimit() async throws {
        // Paper allows 2 requests per second; the simulator refuses a third with EGW00201.
        try await RESTHarness.with(simulator: KISSimulatorConfiguration(restRequestsPerSecond: 2)) { h in
            var configuration = KISRESTConfiguration(environment: .paper, baseURL: h.endpoints.restBaseURL, account: RESTHarness.account)
            configuration.rateLimitRetries = 0
            let paper = KISRESTClient(credentials: RESTHarness.credentials, configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<5 { group.addTask { _ = try await paper.currentPrice(of: "005930") } }
                try await group.waitForAll()
            }
            #expect(await h.simulator.statistics.restRateLimited == 0)
            #expect(await h.busiestSecond() <= 2)
        }
    }

    @Test func clientPacesRequestsToTheConfiguredLimit() async throws {
        // The simulator enforces 4/s too; a client that overran it would see EGW00201.
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(restRequestsPerSecond: 4),
            client: {
                $0.requestsPerSecond = 4
                $0.rateLimitWindow = .milliseconds(1_200)
            }
        ) { h in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await h.client.currentPrice(of: "005930") } }
                try await group.waitForAll()
            }
            #expect(await h.busiestSecond() <= 4)
            #expect(await h.simulator.statistics.restRateLimited == 0)
            #expect(await h.client.statistics.rateLimitRetries == 0)
            let answered = await h.simulator.restRequests.filter { $0.path.hasPrefix("/uapi/") }.count
            #expect(answered == 10)
        }
    }

    @Test func rateLimitAnswersAreRetriedWithBackoff() async throws {
        // The client believes in 10/s; the simulator allows 2/s and answers EGW00201 beyond.
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(restRequestsPerSecond: 2),
            client: {
                $0.requestsPerSecond = 10
                $0.rateLimitRetries = 10
                $0.rateLimitBackoff = .milliseconds(200)
                $0.rateLimitBackoffCap = .milliseconds(800)
            }
        ) { h in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await h.client.currentPrice(of: "005930").price } }
                for try await price in group { #expect(price == 71_000) }
            }
            let retries = await h.client.statistics.rateLimitRetries
            let refused = await h.simulator.statistics.restRateLimited
            #expect(retries > 0)
            #expect(retries == refused)
        }
    }

    @Test func persistentRateLimitBecomesATypedError() async throws {
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(restRequestsPerSecond: 1),
            client: {
                $0.requestsPerSecond = 10
                $0.rateLimitRetries = 1
                $0.rateLimitBackoff = .milliseconds(20)
            }
        ) { h in
            var errors: [KISRESTError] = []
            await withTaskGroup(of: KISRESTError?.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        do {
                            _ = try await h.client.currentPrice(of: "005930")
                            return nil
                        } catch {
                            return error as? KISRESTError
                        }
                    }
                }
                for await error in group { if let error { errors.append(error) } }
            }
            #expect(!errors.isEmpty)
            for error in errors {
                #expect(error.reason == .rateLimited)
                #expect(error.messageCode == "EGW00201")
                #expect(error.endpoint == "/uapi/domestic-stock/v1/quotations/inquire-price")
            }
        }
    }

    @Test func ordersAreRefusedWithoutTheFlag() async throws {
        try await RESTHarness.with { h in
            let order = KISOrderRequest(side: .buy, symbol: "005930", quantity: 1)
            let error = await #expect(throws: KISRESTError.self) { _ = try await h.client.placeOrder(order) }
            #expect(error?.reason == .ordersDisabled)
            let cancel = await #expect(throws: KISRESTError.self) {
                _ = try await h.client.cancelOrder(KISOrderReceipt(orderNumber: "0000000001", branch: "91252"))
            }
            #expect(cancel?.reason == .ordersDisabled)
            let amend = await #expect(throws: KISRESTError.self) {
                _ = try await h.client.amendOrder(KISOrderReceipt(orderNumber: "0000000001", branch: "91252"), price: 70_000)
            }
            #expect(amend?.reason == .ordersDisabled)
            #expect(await h.simulator.orders.isEmpty)
            #expect(await h.simulator.restRequests.isEmpty)
        }
    }

    @Test func invalidOrdersAreRefusedBeforeSending() async throws {
        try await RESTHarness.with(client: { $0.ordersEnabled = true }) { h in
            let zero = await #expect(throws: KISRESTError.self) {
                _ = try await h.client.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: 0))
            }
            #expect(zero?.reason == .invalidRequest)
            let negative = await #expect(throws: KISRESTError.self) {
                _ = try await h.client.placeOrder(KISOrderRequest(side: .sell, symbol: "005930", quantity: 1, price: -5))
            }
            #expect(negative?.reason == .invalidRequest)
            #expect(await h.simulator.restRequests.isEmpty)
        }
    }

    @Test func quotesWorkWithoutAnAccountButTradingEndpointsNeedOne() async throws {
        try await RESTHarness.with(client: { $0.account = nil }) { h in
            _ = try await h.client.currentPrice(of: "005930")
            let error = await #expect(throws: KISRESTError.self) { _ = try await h.client.balance() }
            #expect(error?.reason == .missingAccount)
        }
    }

    @Test func ordersFillAndTheInquiriesDecodeEveryPage() async throws {
        try await RESTHarness.with(
            simulator: KISSimulatorConfiguration(restPageSize: 2, fillLotSize: 3),
            client: { $0.ordersEnabled = true }
        ) { h in
            var receipts: [KISOrderReceipt] = []
            for quantity in [5, 7, 4] {
                receipts.append(try await h.client.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: quantity)))
            }
            receipts.append(try await h.client.placeOrder(KISOrderRequest(side: .buy, symbol: "000660", quantity: 2, price: 181_000)))
            receipts.append(try await h.client.placeOrder(KISOrderRequest(side: .sell, symbol: "005930", quantity: 6)))
            receipts.append(try await h.client.placeOrder(KISOrderRequest(side: .buy, symbol: "035420", quantity: 1)))
            #expect(Set(receipts.map(\.orderNumber)).count == 6)
            #expect(receipts.allSatisfy { $0.branch == "91252" && $0.acceptedAt != nil })
            #expect(await h.waitOrdersSettled(count: 6))

            // Six orders at two per page: three pages.
            let fills = try await h.client.orderFills(.today)
            #expect(fills.count == 6)
            #expect(Set(fills.map(\.orderNumber)) == Set(receipts.map(\.orderNumber)))
            let prices: [Symbol: Int] = ["005930": 71_000, "000660": 180_000, "035420": 210_000]
            for fill in fills {
                #expect(fill.filledQuantity == fill.orderQuantity && fill.remainingQuantity == 0)
                #expect(fill.orderDate == KST.tradingDate(of: Date()))
                let price = try #require(prices[fill.symbol])
                #expect(fill.averagePrice == Double(price))
                #expect(fill.filledAmount == price * fill.orderQuantity)
            }
            #expect(fills.first { $0.symbol == "000660" }?.orderPrice == 181_000)
            #expect(fills.filter { $0.side == .sell }.count == 1)
            #expect(await h.client.statistics.continuationPages == 2)
            let ccld = await h.simulator.restRequests.filter { $0.path.hasSuffix("/inquire-daily-ccld") }
            #expect(ccld.count == 3 && ccld.allSatisfy { $0.transactionID == "VTTC0081R" })

            let filtered = try await h.client.orderFills(KISOrderFillQuery(side: .sell))
            #expect(filtered.map(\.symbol) == ["005930"])

            // Three holdings at two per page: two pages.
            let balance = try await h.client.balance()
            #expect(await h.client.statistics.continuationPages == 3)
            #expect(balance.holdings.map(\.symbol) == ["000660", "005930", "035420"])
            let samsung = try #require(balance.holdings.first { $0.symbol == "005930" })
            #expect(samsung.quantity == 10 && samsung.averagePrice == 71_000 && samsung.marketValue == 710_000)
            let hynix = try #require(balance.holdings.first { $0.symbol == "000660" })
            #expect(hynix.quantity == 2 && hynix.purchaseAmount == 360_000)
            let spent = 71_000 * 16 + 360_000 + 210_000 - 71_000 * 6
            #expect(balance.cash == 100_000_000 - spent)
            #expect(balance.totalValue == balance.cash + 710_000 + 360_000 + 210_000)
            #expect(balance.profitLoss == 0)
        }
    }

    @Test func ordersCanBeAmendedAndCancelled() async throws {
        try await RESTHarness.with(client: { $0.ordersEnabled = true }) { h in
            let receipt = try await h.client.placeOrder(KISOrderRequest(side: .buy, symbol: "005930", quantity: 3, price: 50_000))
            let amended = try await h.client.amendOrder(receipt, price: 55_000)
            #expect(amended.orderNumber != receipt.orderNumber)
            var open = try await h.client.orderFills(KISOrderFillQuery(fillState: .unfilled))
            #expect(open.count == 1 && open.first?.orderPrice == 55_000 && open.first?.remainingQuantity == 3)
            _ = try await h.client.cancelOrder(receipt)
            open = try await h.client.orderFills(.today)
            #expect(open.first?.isCancelled == true && open.first?.remainingQuantity == 0 && open.first?.filledQuantity == 0)
            let again = await #expect(throws: KISRESTError.self) { _ = try await h.client.cancelOrder(receipt) }
            #expect(again?.reason == .rejected)
            #expect(again?.messageCode == "APBK0918")
            #expect(again?.httpStatus == 500)
            let hashes = await h.simulator.restRequests.filter { $0.path == "/uapi/hashkey" }.count
            #expect(hashes == 4)
        }
    }

    @Test func realAndPaperDefaultsDiffer() {
        let real = KISRESTConfiguration(environment: .real)
        let paper = KISRESTConfiguration(environment: .paper)
        #expect(real.requestsPerSecond == 20 && paper.requestsPerSecond == 2)
        #expect(real.tokenRequestsPerSecond == 1 && paper.tokenRequestsPerSecond == 1)
        #expect(real.baseURL == "https://openapi.koreainvestment.com:9443")
        #expect(paper.baseURL == "https://openapivts.koreainvestment.com:29443")
        #expect(real.transactionIDs.dailyOrderFills == "TTTC0081R" && paper.transactionIDs.dailyOrderFills == "VTTC0081R")
        #expect(real.transactionIDs.cashBuy == "TTTC0012U" && paper.transactionIDs.cashSell == "VTTC0011U")
        #expect(real.transactionIDs.amendOrCancel == "TTTC0013U" && paper.transactionIDs.balance == "VTTC8434R")
        #expect(KISTransactionIDs.legacy(.paper).cashBuy == "VTTC0802U" && KISTransactionIDs.legacy(.real).dailyOrderFills == "TTTC8001R")
        #expect(!real.ordersEnabled)
    }

    @Test func accountParsing() throws {
        let account = try KISAccount(parsing: "12345678-01")
        #expect(account.number == "12345678" && account.productCode == "01")
        #expect(try KISAccount(parsing: "1234567822").productCode == "22")
        #expect(throws: KISRESTError.self) { try KISAccount(parsing: "1234-5678") }
        #expect(!String(describing: account).contains("12345678"))
    }
}
