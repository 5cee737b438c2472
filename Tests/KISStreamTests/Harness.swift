import Foundation
import KISSimulator
import KISStream

/// A simulator on loopback plus a running client and its event log.
struct Harness {
    let simulator: KISSimulator
    let endpoints: KISSimulator.Endpoints
    let client: KISRealtimeClient
    let log: EventLog
    let tasks: [Task<Void, Never>]

    static let credentials = KISCredentials(appKey: "TESTAPPKEY-0000-0000-0000-000000000000", appSecret: "SECRET-xyz", htsID: "tester")

    static func clientConfiguration(_ endpoints: KISSimulator.Endpoints) -> KISStreamConfiguration {
        KISStreamConfiguration(
            webSocketURL: endpoints.webSocketURL, restBaseURL: endpoints.restBaseURL,
            subscribePacing: .milliseconds(2), silenceTimeout: .seconds(5),
            backoff: KISBackoffPolicy(initial: .milliseconds(50), cap: .milliseconds(400)),
            appKeyInUseDelay: .seconds(30), closeTimeout: .milliseconds(300))
    }

    /// Runs `body` against a fresh simulator and client, always stopping both.
    static func with(
        simulator simulatorConfiguration: KISSimulatorConfiguration = KISSimulatorConfiguration(),
        client adjust: (inout KISStreamConfiguration) -> Void = { _ in },
        credentials: KISCredentials = Harness.credentials,
        _ body: (Harness) async throws -> Void
    ) async throws {
        let simulator = KISSimulator(configuration: simulatorConfiguration)
        let endpoints = try await simulator.start()
        var configuration = clientConfiguration(endpoints)
        adjust(&configuration)
        let client = KISRealtimeClient(credentials: credentials, configuration: configuration)
        let (log, consumer) = EventLog.consuming(client.events)
        let runner = Task { await client.run() }
        let harness = Harness(simulator: simulator, endpoints: endpoints, client: client, log: log, tasks: [runner, consumer])
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    func stop() async {
        tasks[0].cancel()
        _ = await tasks[0].value
        tasks[1].cancel()
        await simulator.stop()
    }

    /// Waits until the client reports `count` registrations after event `from`.
    func waitSubscribed(_ count: Int, from: Int = 0) async -> Int? {
        await log.first(from: from) { $0.subscribedCount == count }
    }

    /// The simulator's only session's registrations, as a set, once exactly one session is
    /// left (a closed session is forgotten when the server notices the close) and it holds
    /// `expectedCount` registrations; nil if that does not happen within 10 s.
    func serverRegistrations(count expectedCount: Int) async -> Set<KISSubscription>? {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let all = await simulator.registrations
            if all.count == 1, let only = all.values.first, only.count == expectedCount { return Set(only) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}
