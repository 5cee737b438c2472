import CLinearAlgebra

/// The safeguard of the fast coordinate moves: Newton steps on each coordinate's quadratic and
/// Anderson mixing make the error sequence non-monotone, so neither is judged sweep by sweep;
/// a run whose error rises a hundredfold above its best, or sets no new best in
/// ``patience`` sweeps, continues with exact moves (each sweep then lowers the objective) and
/// a fresh mixing history.
///
/// The rule itself is CLinearAlgebra's `qk_progress_guard`, which the small-order sweep loop
/// (`qk_ccd_run`) applies in C; this is its Swift face, sharing the state.
struct ProgressGuard {
    /// Sweeps without a new best error before the switch.
    static let patience = Int(QK_PROGRESS_PATIENCE)
    /// The rule's state, handed to `qk_ccd_run` as it is.
    var state = qk_progress_guard_make()
    /// Whether the run has switched to exact moves.
    var exactMoves: Bool { state.exactMoves != 0 }

    /// Records a sweep's error; returns `true` when this sweep makes the switch.
    mutating func record(_ error: Double) -> Bool {
        qk_progress_guard_record(&state, error) != 0
    }
}
