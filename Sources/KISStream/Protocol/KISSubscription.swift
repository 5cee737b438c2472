public import QuantCore

/// One registration: a TR and its key (a stock code, or the HTS ID for notice TRs).
///
/// Each counts against the server's 41-registration cap. The description redacts the HTS ID.
public struct KISSubscription: Sendable, Hashable, CustomStringConvertible {
    /// The TR.
    public var transactionID: KISTransactionID
    /// `tr_key`: a 6-character stock code, or the HTS ID for execution notices.
    public var key: String

    /// Creates a registration.
    public init(transactionID: KISTransactionID, key: String) {
        self.transactionID = transactionID
        self.key = key
    }

    /// Trade ticks (H0STCNT0) of a stock.
    public static func trades(_ symbol: Symbol) -> Self { Self(transactionID: .tradeTick, key: symbol.code) }
    /// The 10-level order book (H0STASP0) of a stock.
    public static func orderBook(_ symbol: Symbol) -> Self { Self(transactionID: .orderBook, key: symbol.code) }
    /// Market-operation notices (H0STMKO0) of a stock (real server only).
    public static func marketOperation(_ symbol: Symbol) -> Self { Self(transactionID: .marketOperation, key: symbol.code) }
    /// Own-order execution notices: H0STCNI0 on the real server, H0STCNI9 on the paper one.
    public static func executionNotices(htsID: String, paper: Bool) -> Self {
        Self(transactionID: paper ? .paperExecutionNotice : .executionNotice, key: htsID)
    }

    /// `H0STCNT0/005930`, or `H0STCNI0/<HTS ID>` for notices.
    public var description: String {
        "\(transactionID.rawValue)/\(transactionID.isExecutionNotice ? "<HTS ID>" : key)"
    }
}
