public import QuantCore

/// How a ``KISRealtimeManager`` allocates, polls and ages quotes. Every parameter has a default.
public struct KISRealtimeManagerConfiguration: Sendable {
    /// A streamed symbol with no tick for this long is stale: it is polled until ticks resume.
    public var stalenessThreshold: Duration
    /// How often each symbol that needs polling is polled.
    public var pollInterval: Duration
    /// The pause between two REST requests (real time), to stay under the KIS rate limit
    /// (20 requests/s real, 2/s paper: use at least 500 ms on paper).
    public var pollPacing: Duration
    /// How often the manager reads its clock (session boundaries, bar closing, staleness).
    public var checkInterval: Duration
    /// A bar is closed by the clock this long after its minute ended (a tick of the next minute
    /// closes it sooner); late ticks within it still count.
    public var barGrace: Duration
    /// Registrations held outside the manager (execution notices, …), subtracted from the cap.
    public var reservedRegistrations: Int
    /// When set, the market-operation feed (H0STMKO0) of this symbol is registered to drive the
    /// session phases (real server only; costs one slot, after the holdings' trades).
    public var marketOperationSymbol: Symbol?
    /// The trading calendar; nil means weekdays with regular hours.
    public var calendar: TradingCalendar?
    /// Whether ``KISRealtimeManager/run()`` also runs the source (false when you run the
    /// client yourself).
    public var runsSource: Bool

    /// Creates a configuration.
    public init(
        stalenessThreshold: Duration = .seconds(15), pollInterval: Duration = .seconds(5), pollPacing: Duration = .milliseconds(60),
        checkInterval: Duration = .seconds(1), barGrace: Duration = .seconds(2), reservedRegistrations: Int = 0,
        marketOperationSymbol: Symbol? = nil, calendar: TradingCalendar? = nil, runsSource: Bool = true
    ) {
        self.stalenessThreshold = stalenessThreshold
        self.pollInterval = pollInterval
        self.pollPacing = pollPacing
        self.checkInterval = checkInterval
        self.barGrace = barGrace
        self.reservedRegistrations = reservedRegistrations
        self.marketOperationSymbol = marketOperationSymbol
        self.calendar = calendar
        self.runsSource = runsSource
    }
}

/// Counters of a ``KISRealtimeManager``.
public struct KISRealtimeManagerStatistics: Sendable, Hashable {
    /// Trades of watched symbols received from the stream.
    public var trades = 0
    /// Trades of symbols not watched (ignored).
    public var unwatchedTrades = 0
    /// Successful REST polls.
    public var polls = 0
    /// Failed REST polls.
    public var pollFailures = 0
    /// Poll answers discarded because a streamed tick arrived while the poll was in flight.
    public var pollsSuperseded = 0
    /// Bars published.
    public var bars = 0
    /// Ticks of already-closed minutes.
    public var lateTicks = 0
    /// Registrations the source refused (their symbols are polled).
    public var refusedRegistrations = 0
}
