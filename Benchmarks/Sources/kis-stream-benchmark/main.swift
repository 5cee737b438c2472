// KISStream benchmarks: frame decoding throughput (one core) and end-to-end latency from the
// simulator's send to the consumer over loopback. Prints one JSON line per measurement.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KISSimulator
import KISStream
import QuantCore

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func tradeRecord(_ i: Int) -> String {
    let price = 71_000 + (i % 50) * 100
    return [
        "005930", "093001", "\(price)", "2", "500", "0.71", "70950.25", "70500", "71200", "70400",
        "71100", "71000", "\(i % 500 + 1)", "\(1_234_567 + i)", "87654321000", "3000", "3500", "500", "116.67", "400000",
        "466667", "1", "53.85", "87.50", "090000", "2", "500", "091500", "5", "-200",
        "090230", "2", "600", "20261203", "20", "N", "1200", "3400", "250000", "310000",
        "0.02", "1100000", "112.23", "0", "", "70000",
    ].joined(separator: "^")
}

func bookRecord(_ i: Int) -> String {
    var f = ["000660", "093002", "0"]
    f += (0..<10).map { String(71_100 + 100 * $0 + i % 7) }
    f += (0..<10).map { String(71_000 - 100 * $0) }
    f += (0..<10).map { String(100 * ($0 + 1) + i % 11) }
    f += (0..<10).map { String(110 * ($0 + 1)) }
    f += ["5500", "6050", "0", "0", "", "", "", "", "", "", "2345678", "-10", "25", "0", "0", "0"]
    return f.joined(separator: "^")
}

/// CLOCK_MONOTONIC in nanoseconds: the clock Python's `time.monotonic_ns()` reads on Linux, so
/// send stamps compare across the two processes.
func monotonicNanoseconds() -> Int {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return t.tv_sec * 1_000_000_000 + t.tv_nsec
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

/// Median records per second over `runs` passes of decoding `frames`.
func decodeRate(_ name: String, frames: [String], recordsPerFrame: Int, runs: Int = 7) {
    let decoder = KISFrameDecoder()
    var rates: [Double] = []
    for _ in 0..<runs {
        let clock = ContinuousClock()
        var decoded = 0
        let elapsed = clock.measure {
            for frame in frames {
                if case .data(_, let records, _) = decoder.decode(frame) { decoded += records.count }
            }
        }
        precondition(decoded == frames.count * recordsPerFrame, "benchmark frames must decode")
        rates.append(Double(decoded) / seconds(elapsed))
    }
    rates.sort()
    print(#"{"benchmark":"decode","tr":"\#(name)","recordsPerFrame":\#(recordsPerFrame),"recordsPerSecondMedian":\#(Int(rates[runs / 2])),"min":\#(Int(rates[0])),"max":\#(Int(rates[runs - 1]))}"#)
}

let arguments = CommandLine.arguments
let decodeOnly = arguments.contains("--decode-only")
let latencyOnly = arguments.contains("--latency-only")
let memoryOnly = arguments.contains("--memory-only")
let runsDecode = !latencyOnly && !memoryOnly
let scale = decodeOnly ? 10 : 1
if runsDecode {
let tradeFrames1 = (0..<100_000 / scale).map { "0|H0STCNT0|001|" + tradeRecord($0) }
let tradeFrames4 = (0..<25_000 / scale).map { i in "0|H0STCNT0|004|" + (0..<4).map { tradeRecord(i * 4 + $0) }.joined(separator: "^") }
let bookFrames = (0..<50_000 / scale).map { "0|H0STASP0|001|" + bookRecord($0) }
decodeRate("H0STCNT0", frames: tradeFrames1, recordsPerFrame: 1)
decodeRate("H0STCNT0", frames: tradeFrames4, recordsPerFrame: 4)
decodeRate("H0STASP0", frames: bookFrames, recordsPerFrame: 1)
}

/// End-to-end: the simulator sends trade frames at `rate` per second for `count` frames, each
/// carrying its send instant (CLOCK_MONOTONIC ns) in an appended field; the consumer measures.
func latency(rate: Int, count: Int) async throws {
    let simulator = KISSimulator(configuration: KISSimulatorConfiguration(tickInterval: .seconds(3600), pingPongInterval: .seconds(3600)))
    let endpoints = try await simulator.start()
    var configuration = KISStreamConfiguration(webSocketURL: endpoints.webSocketURL, restBaseURL: endpoints.restBaseURL)
    configuration.bufferCapacity = 1 << 20
    let client = KISRealtimeClient(credentials: KISCredentials(appKey: "bench", appSecret: "bench"), configuration: configuration)
    try await client.subscribe(.trades("005930"))
    let runner = Task { await client.run() }
    let consumer = Task { () -> [Double] in
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for await event in client.events {
            guard case .trade(let tick) = event, let sent = tick.extraFields.first.flatMap({ Int($0) }) else { continue }
            samples.append(Double(monotonicNanoseconds() - sent))
            if samples.count == count { break }
        }
        return samples
    }
    while await client.registeredSubscriptions.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
    let achieved = try await sendPaced(count: count, rate: rate, through: simulator)
    var samples = await consumer.value
    samples.sort()
    func pct(_ p: Double) -> Double { samples.isEmpty ? .nan : samples[min(samples.count - 1, Int(Double(samples.count) * p))] / 1000 }
    print(#"{"benchmark":"latency","targetRate":\#(rate),"achievedRate":\#(Int(achieved)),"messages":\#(samples.count),"p50us":\#(Int(pct(0.5))),"p99us":\#(Int(pct(0.99))),"p999us":\#(Int(pct(0.999))),"maxus":\#(Int(pct(1.0)))}"#)
    runner.cancel()
    _ = await runner.value
    await simulator.stop()
}

/// Resident set size in MiB, from /proc/self/statm (Linux); 0 elsewhere.
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let pages = text.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
    return pages * 4096 / 1_048_576
}

/// A slow consumer under a fast feed: resident memory sampled every second must plateau.
func memoryPlateau(seconds: Int) async throws {
    let simulator = KISSimulator(configuration: KISSimulatorConfiguration(
        tickInterval: .milliseconds(1), multiRecordProbability: 1, pingPongInterval: .seconds(3600)))
    let endpoints = try await simulator.start()
    let configuration = KISStreamConfiguration(webSocketURL: endpoints.webSocketURL, restBaseURL: endpoints.restBaseURL)
    let client = KISRealtimeClient(credentials: KISCredentials(appKey: "bench", appSecret: "bench"), configuration: configuration)
    try await client.subscribe((0..<20).map { KISSubscription.trades(Symbol(String(100_000 + $0))) })
    let runner = Task { await client.run() }
    let consumer = Task {
        for await _ in client.events { try? await Task.sleep(for: .milliseconds(1)) }  // far slower than the feed
    }
    var samples: [Int] = []
    for _ in 0..<seconds {
        try await Task.sleep(for: .seconds(1))
        samples.append(Int(residentMiB().rounded()))
    }
    let stats = await client.statistics
    print(#"{"benchmark":"memory","seconds":\#(seconds),"recordsDelivered":\#(stats.recordsDelivered),"conflated":\#(client.events.conflatedCount),"residentMiBPerSecond":\#(samples)}"#)
    runner.cancel()
    _ = await runner.value
    consumer.cancel()
    await simulator.stop()
}

/// The same latency measurement with the Python `websockets` peer as the consumer (same
/// simulator, frames and pacing; Scripts/kis_latency_peer.py). Prints its JSON line.
func pythonLatency(rate: Int, count: Int) async throws {
    let simulator = KISSimulator(configuration: KISSimulatorConfiguration(tickInterval: .seconds(3600), pingPongInterval: .seconds(3600)))
    let endpoints = try await simulator.start()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", scripts.appendingPathComponent("kis_latency_peer.py").path, endpoints.webSocketURL,
                         endpoints.restBaseURL, String(count), String(rate)]
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch {
        print(#"{"benchmark":"latency-python","skipped":"python3 not runnable"}"#)
        await simulator.stop()
        return
    }
    let lines = LineReader(output.fileHandleForReading)
    guard lines.next() == "READY" else {
        print(#"{"benchmark":"latency-python","skipped":"peer did not subscribe (is websockets installed?)"}"#)
        process.terminate()
        await simulator.stop()
        return
    }
    let achieved = try await sendPaced(count: count, rate: rate, through: simulator)
    let result = lines.next() ?? #"{"benchmark":"latency-python","error":"no result"}"#
    process.waitUntilExit()
    print(result.replacingOccurrences(of: #""targetRate""#, with: #""achievedRate":\#(Int(achieved)),"targetRate""#))
    await simulator.stop()
}

/// Reads a pipe line by line (blocking; the benchmark has nothing else to do meanwhile).
final class LineReader {
    let handle: FileHandle
    var buffer = Data()
    init(_ handle: FileHandle) { self.handle = handle }
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}

/// A counter shared by the consumer task and the reporter.
final class ReceivedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// Ten million messages (`--messages N`) through the simulator, the client and a consumer
/// that keeps up: resident memory sampled every tenth of the run must plateau. Also records how
/// many sent messages the client had not yet delivered at each sample (the in-flight backlog).
func memoryOverMessages(_ total: Int, window: Int?) async throws {
    let simulator = KISSimulator(configuration: KISSimulatorConfiguration(tickInterval: .seconds(3600), pingPongInterval: .seconds(3600)))
    let endpoints = try await simulator.start()
    let configuration = KISStreamConfiguration(webSocketURL: endpoints.webSocketURL, restBaseURL: endpoints.restBaseURL)
    let client = KISRealtimeClient(credentials: KISCredentials(appKey: "bench", appSecret: "bench"), configuration: configuration)
    try await client.subscribe(.trades("005930"))
    let runner = Task { await client.run() }
    let received = ReceivedCounter()
    let consumer = Task {
        var volume = 0
        for await event in client.events {
            guard case .trade(let tick) = event else { continue }
            volume &+= tick.volume
            received.add()
        }
        blackHole(volume)
    }
    while await client.registeredSubscriptions.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
    let frame = "0|H0STCNT0|001|" + tradeRecord(7)
    var samples: [Int] = [Int(residentMiB().rounded())]
    var backlog: [Int] = []
    let start = ContinuousClock.now
    let step = max(1, total / 10)
    for i in 1...total {
        await simulator.broadcast(frame)
        // Closed loop (--window N): keep at most N messages in flight between the simulator's
        // send and the client's delivery; open loop without it.
        if let window, i % 1_000 == 0 {
            while i - (await client.statistics.recordsDelivered) > window { try await Task.sleep(for: .microseconds(200)) }
        }
        if i % step == 0 {
            samples.append(Int(residentMiB().rounded()))
            backlog.append(i - (await client.statistics.recordsDelivered))
        }
    }
    // Wait until the client has delivered every record (or 60 s pass).
    let deadline = ContinuousClock.now + .seconds(60)
    while await client.statistics.recordsDelivered < total && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
    }
    let elapsed = seconds(ContinuousClock.now - start)
    try await Task.sleep(for: .milliseconds(200))
    samples.append(Int(residentMiB().rounded()))
    let stats = await client.statistics
    print(#"{"benchmark":"memory-10M","messages":\#(total),"window":\#(window.map(String.init) ?? "null"),"delivered":\#(stats.recordsDelivered),"consumed":\#(received.value),"conflated":\#(stats.conflated),"seconds":\#(Int(elapsed)),"messagesPerSecond":\#(Int(Double(total) / elapsed)),"residentMiBPerTenth":\#(samples),"sentNotYetDeliveredPerTenth":\#(backlog)}"#)
    consumer.cancel()
    runner.cancel()
    _ = await runner.value
    await simulator.stop()
}

let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Scripts")

// The Python peer decodes the same frames in the same run (skipped when python3 is missing).
if runsDecode {
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", scripts.appendingPathComponent("kis_decode_peer.py").path] + (decodeOnly ? ["--decode-only"] : [])
    if (try? python.run()) != nil { python.waitUntilExit() }
}
if decodeOnly { exit(0) }
if !latencyOnly {
    if !arguments.contains("--skip-slow-consumer") { try await memoryPlateau(seconds: 20) }
    func option(_ name: String) -> Int? {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
        return Int(arguments[i + 1])
    }
    try await memoryOverMessages(option("--messages") ?? 10_000_000, window: option("--window"))
}
if !memoryOnly {
    for (rate, count) in [(10_000, 50_000), (100_000, 200_000)] {
        try await latency(rate: rate, count: count)
        try await pythonLatency(rate: rate, count: count)
    }
}

/// Broadcasts `count` H0STCNT0 frames at `rate` per second, each stamped with its send instant
/// (an extra trailing field, CLOCK_MONOTONIC nanoseconds); returns the rate achieved.
func sendPaced(count: Int, rate: Int, through simulator: KISSimulator) async throws -> Double {
    let base = tradeRecord(0)
    let interval = 1.0 / Double(rate)
    let start = ContinuousClock.now
    for i in 0..<count {
        let due = start + .nanoseconds(Int64(Double(i) * interval * 1e9))
        let wait = due - ContinuousClock.now
        if wait > .microseconds(50) { try await Task.sleep(for: wait) }
        await simulator.broadcast("0|H0STCNT0|001|" + base + "^\(monotonicNanoseconds())")
    }
    return Double(count) / seconds(ContinuousClock.now - start)
}
