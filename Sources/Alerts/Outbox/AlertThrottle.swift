public import Foundation

/// De-duplication and throttling of repeated alerts.
///
/// - An alert whose ``Alert/deduplicationKey`` was accepted less than ``duplicateWindow`` ago
///   is suppressed (a stream that flaps raises one alert, not fifty).
/// - At most ``maximumPerHour`` alerts of a level are accepted per rolling hour; critical
///   alerts are never rate-limited, only de-duplicated.
///
/// Suppressions are counted per key so the next accepted alert can say how many were folded.
public struct AlertThrottle: Sendable, Hashable {
    /// Repeats of a key within this many seconds are suppressed.
    public var duplicateWindow: TimeInterval
    /// Accepted info/warning alerts per level per rolling hour.
    public var maximumPerHour: Int
    private var lastAccepted: [String: Date] = [:]
    private var acceptedTimes: [AlertLevel: [Date]] = [:]
    /// Alerts suppressed per key since that key was last accepted.
    public private(set) var suppressedCounts: [String: Int] = [:]

    /// Creates a throttle.
    public init(duplicateWindow: TimeInterval = 600, maximumPerHour: Int = 30) {
        self.duplicateWindow = duplicateWindow
        self.maximumPerHour = maximumPerHour
    }

    /// The decision for one alert.
    public enum Decision: Sendable, Hashable {
        /// Send it; `foldedDuplicates` earlier repeats were suppressed.
        case accept(foldedDuplicates: Int)
        /// Do not send it; the reason says why.
        case suppress(reason: String)
    }

    /// Decides whether `alert` goes out at `now`, and records the decision.
    public mutating func admit(_ alert: Alert, now: Date) -> Decision {
        let key = alert.deduplicationKey
        if let last = lastAccepted[key], now.timeIntervalSince(last) < duplicateWindow {
            suppressedCounts[key, default: 0] += 1
            return .suppress(reason: "duplicate of an alert sent \(Int(now.timeIntervalSince(last))) s ago")
        }
        if alert.level != .critical {
            let recent = (acceptedTimes[alert.level] ?? []).filter { now.timeIntervalSince($0) < 3600 }
            acceptedTimes[alert.level] = recent
            if recent.count >= maximumPerHour {
                suppressedCounts[key, default: 0] += 1
                return .suppress(reason: "more than \(maximumPerHour) \(alert.level.rawValue) alerts in the last hour")
            }
        }
        acceptedTimes[alert.level, default: []].append(now)
        lastAccepted[key] = now
        let folded = suppressedCounts.removeValue(forKey: key) ?? 0
        return .accept(foldedDuplicates: folded)
    }
}
