/// Counters of one ``KISRealtimeClient`` since it was created.
public struct KISStreamStatistics: Sendable, Hashable {
    /// WebSocket sessions opened.
    public var sessionsOpened = 0
    /// Text frames received.
    public var framesReceived = 0
    /// Records delivered to the event stream (before any conflation).
    public var recordsDelivered = 0
    /// PINGPONG frames echoed.
    public var pingPongsAnswered = 0
    /// Diagnostics counted, per kind.
    public var diagnostics: [KISDiagnostic.Kind: Int] = [:]
    /// Execution notices suppressed as duplicates: replays on a later session of a notice
    /// already delivered, and late originals of fills already recovered over REST.
    public var duplicateNoticesSuppressed = 0
    /// Order-fill inquiries completed for notice recovery (the first is the baseline).
    public var noticeRecoveries = 0
    /// Execution notices recovered through the order-fill inquiry (see ``KISExecutionNotice/isRecovered``).
    public var noticesRecovered = 0
    /// Market-data events conflated because the consumer was slow.
    public var conflated = 0

    /// Creates zeroed counters.
    public init() {}
}
