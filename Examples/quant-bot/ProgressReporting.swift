import Foundation
import QuantCore
import StrategyKit

/// A strategy that reports on stderr how far a long backtest has come: after every decision that
/// crosses another tenth of the period, and after every model training (a decision whose
/// diagnostics carry `trainingRows`), one line. Decisions are the wrapped strategy's, unchanged.
struct ProgressReporting<Wrapped: Strategy>: Strategy {
    typealias State = Wrapped.State
    let wrapped: Wrapped
    let first: TradingDate
    let last: TradingDate
    private let printed = PrintedTenths()

    var name: String { wrapped.name }

    func initialState() -> Wrapped.State { wrapped.initialState() }

    func decide(_ context: StrategyContext, state: inout Wrapped.State) throws -> StrategyDecision {
        let decision = try wrapped.decide(context, state: &state)
        let span = max(1, last.daysSinceEpoch - first.daysSinceEpoch)
        let fraction = Double(context.asOf.daysSinceEpoch - first.daysSinceEpoch) / Double(span)
        if case .number(let rows)? = decision.diagnostics["trainingRows"] {
            FileHandle.standardError.write(Data("  \(context.asOf): model trained on \(Int(rows)) rows\n".utf8))
        }
        if case .text(let reason)? = decision.diagnostics["trainingSkipped"], printed.firstSkip() {
            FileHandle.standardError.write(Data("  \(context.asOf): no model yet (\(reason)); ranking by the three-factor score\n".utf8))
        }
        if printed.cross(Int((fraction * 10).rounded(.down))) {
            FileHandle.standardError.write(Data("  \(context.asOf): \(Int(100 * fraction))% of the period\n".utf8))
        }
        return decision
    }
}

/// The tenths already reported (a strategy is a value; the count lives in this box).
final class PrintedTenths: @unchecked Sendable {
    private let lock = NSLock()
    private var last = -1
    private var skipReported = false

    /// Whether this is the first skipped training (and remembers it).
    func firstSkip() -> Bool {
        lock.withLock {
            defer { skipReported = true }
            return !skipReported
        }
    }

    /// Whether `tenth` is new (and remembers it).
    func cross(_ tenth: Int) -> Bool {
        lock.withLock {
            guard tenth > last else { return false }
            last = tenth
            return true
        }
    }
}
