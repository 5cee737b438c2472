import COpenBLAS
import Foundation

/// Wall-clock timing of a piece of work: one warm-up run, then repeated runs until both a
/// minimum count and a minimum total time are reached (or a cap on the count), optionally in
/// several consecutive windows of which the fastest (by median) is reported.
struct Stopwatch {
    /// The timing of one piece of work.
    struct Timing: Sendable, Codable {
        /// Median seconds per run (with ``Stopwatch/windows`` above one, the lowest window median).
        let median: Double
        /// Fastest run, in seconds.
        let best: Double
        /// Timed runs (the warm-up excluded).
        let runs: Int
    }

    /// At least this many timed runs...
    var minimumRuns = 5
    /// ...and at least this much timed work, in seconds...
    var minimumSeconds = 1.0
    /// ...but never more runs than this.
    var maximumRuns = 200
    /// Untimed runs first for at least this long (at least one run): on this shared two-core
    /// machine a microsecond-scale loop was seen to run 30% slower for its first second after
    /// the process had been waiting, so fast solvers are warmed up for a while, not once.
    var warmUpSeconds = 0.0
    /// The timed runs are split into this many consecutive windows, each with its share of the
    /// runs and seconds, and the lowest window median is reported. On this shared machine a
    /// window of a few hundred milliseconds was seen to run 20-30% slow (once a solver took
    /// longer to a looser target than, the next second, to a tighter one, on the same code
    /// path); the lowest window median discards such a window, and the peer script
    /// (`timed(windows=)`) does the same.
    var windows = 1

    /// Times `body`, which must do the same work each call.
    func time(_ body: () throws -> Void) rethrows -> Timing {
        // Warm-up: page faults, lazy initialisation, BLAS thread start, the core's clock.
        let warmUpStart = DispatchTime.now().uptimeNanoseconds
        repeat { try body() } while Double(DispatchTime.now().uptimeNanoseconds - warmUpStart) / 1e9 < warmUpSeconds
        let count = max(1, windows)
        let windowRuns = max(1, (minimumRuns + count - 1) / count), windowCap = max(1, maximumRuns / count)
        let windowSeconds = minimumSeconds / Double(count)
        var medians: [Double] = []
        var best = Double.infinity
        var runs = 0
        for _ in 0..<count {
            var samples: [Double] = []
            var total = 0.0
            while samples.count < windowCap && (samples.count < windowRuns || total < windowSeconds) {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                samples.append(seconds)
                total += seconds
            }
            samples.sort()
            medians.append(samples[samples.count / 2])
            best = min(best, samples[0])
            runs += samples.count
        }
        return Timing(median: medians.min() ?? .nan, best: best, runs: runs)
    }
}

/// Peak resident memory of a piece of work, from Linux's per-process high-water mark.
///
/// Before the work, free heap memory is returned to the system (`malloc_trim(0)` releases the
/// pages of every free chunk, so a recycled chunk faults its pages in again and counts) and
/// the high-water mark is reset (`/proc/self/clear_refs`, value 5); afterwards the new
/// high-water mark minus the resident size at the start is the memory the work touched at its
/// peak. glibc's allocator is left at its defaults, so timings see the same allocator as users.
enum PeakMemory {
    /// Bytes of resident memory the work added at its peak, or `nil` where Linux's counters are unavailable.
    static func measure(_ body: () throws -> Void) rethrows -> Int? {
        malloc_trim(0)
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .ascii)) != nil,
              let before = status("VmRSS") else {
            try body()
            return nil
        }
        try body()
        guard let peak = status("VmHWM") else { return nil }
        return max(0, peak - before)
    }

    /// A `/proc/self/status` field in bytes.
    private static func status(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .ascii) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first.map { $0 * 1024 }
        }
        return nil
    }
}
