import Foundation
import KISREST
import KISSimulator

/// A simulator on loopback and a REST client pointed at it.
struct RESTHarness {
    let simulator: KISSimulator
    let endpoints: KISSimulator.Endpoints
    let client: KISRESTClient

    static let credentials = KISCredentials(
        appKey: "PSAPPKEY-7f3a-4d2e-9b1c-REST00000001", appSecret: "SECRETVALUE-Zq81xVw0-very-secret", htsID: "resttester")
    static let account = KISAccount(number: "50123456", productCode: "01")

    /// Runs `body` against a fresh simulator and client (paper environment), always stopping the simulator.
    static func with(
        simulator simulatorConfiguration: KISSimulatorConfiguration = KISSimulatorConfiguration(),
        client adjust: (inout KISRESTConfiguration) -> Void = { _ in },
        credentials: KISCredentials = RESTHarness.credentials,
        _ body: (RESTHarness) async throws -> Void
    ) async throws {
        let simulator = KISSimulator(configuration: simulatorConfiguration)
        let endpoints = try await simulator.start()
        var configuration = KISRESTConfiguration(
            environment: .paper, baseURL: endpoints.restBaseURL, account: account, requestsPerSecond: 20,
            rateLimitBackoff: .milliseconds(50), rateLimitBackoffCap: .milliseconds(400))
        adjust(&configuration)
        let client = KISRESTClient(credentials: credentials, configuration: configuration)
        do {
            try await body(RESTHarness(simulator: simulator, endpoints: endpoints, client: client))
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    /// Waits until every order in the simulator's book is filled or cancelled; false after 10 s.
    func waitOrdersSettled(count: Int) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let orders = await simulator.orders
            if orders.count == count, orders.allSatisfy({ $0.filledQuantity == $0.quantity || $0.isCancelled }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// The most `/uapi/` requests (answered, not rate-limited) the simulator saw within any 1 s.
    func busiestSecond() async -> Int {
        let times = await simulator.restRequests.filter { $0.path.hasPrefix("/uapi/") && !$0.rateLimited }.map(\.receivedAt)
        var best = 0
        for (i, start) in times.enumerated() {
            let count = times[i...].prefix { $0 - start < .seconds(1) }.count
            best = max(best, count)
        }
        return best
    }
}
