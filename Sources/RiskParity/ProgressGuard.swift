/// The safeguard of the fast coordinate moves: Newton steps on each coordinate's quadratic and
/// Anderson mixing make the error sequence non-monotone, so neither is judged sweep by sweep;
/// a run whose error rises a hundredfold above its best, or sets no new best in
/// ``patience`` sweeps, continues with exact moves (each sweep then lowers the objective) and
/// a fresh mixing history.
struct ProgressGuard {
    /// Sweeps without a new best error before the switch.
    static let patience = 25
    /// Whether the run has switched to exact moves.
    private(set) var exactMoves = false
    private var best = Double.infinity
    private var sinceBest = 0

    /// Records a sweep's error; returns `true` when this sweep makes the switch.
    mutating func record(_ error: Double) -> Bool {
        if error < best {
            best = error
            sinceBest = 0
        } else {
            sinceBest += 1
        }
        guard !exactMoves, error > 100 * best || sinceBest >= Self.patience else { return false }
        exactMoves = true
        return true
    }
}
