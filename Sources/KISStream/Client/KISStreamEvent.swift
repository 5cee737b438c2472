public import Foundation

/// What a ``KISRealtimeClient`` delivers through ``KISRealtimeClient/events``.
public enum KISStreamEvent: Sendable {
    /// A trade tick.
    case trade(KISTradeTick)
    /// An order-book snapshot.
    case orderBook(KISOrderBook)
    /// An own-order execution notice (never dropped or conflated).
    case executionNotice(KISExecutionNotice)
    /// A market-operation notice.
    case marketOperation(KISMarketOperationNotice)
    /// The connection changed state.
    case state(KISConnectionState)
    /// A subscription was confirmed, released or refused by the server.
    case subscription(KISSubscription, KISSubscriptionStatus)
    /// Something was wrong with what arrived (counted, never fatal).
    case diagnostic(KISDiagnostic)
    /// An error the operator must see (for example the app key held by another session).
    case error(KISStreamError)
}

/// The life cycle of the connection (see the state diagram in the documentation).
public enum KISConnectionState: Sendable, Hashable {
    /// Issuing the approval key if needed and opening the WebSocket (attempt is 1-based).
    case connecting(attempt: Int)
    /// The WebSocket is open; subscriptions are being (re)sent.
    case connected
    /// The server confirmed `active` registrations out of `limit`.
    case subscribed(active: Int, limit: Int)
    /// The session ended.
    case disconnected(reason: KISDisconnectReason)
    /// Waiting before the next attempt.
    case backingOff(until: Date, attempt: Int)
    /// ``KISRealtimeClient/run()`` returned (cancelled).
    case stopped
}

/// Why a session ended.
public enum KISDisconnectReason: Sendable, Hashable {
    /// The server sent a WebSocket close frame.
    case closedByServer(code: String, reason: String?)
    /// The TCP connection ended without a close frame (the `1006` case) or failed.
    case connectionLost(String)
    /// Nothing arrived for the configured silence timeout (the watchdog fired).
    case silence(timeout: Duration)
    /// `OPSP8996`: another session holds the app key.
    case appKeyInUse
    /// `OPSP0011`: the approval key was refused; a new one is issued before reconnecting.
    case invalidApproval
    /// The WebSocket could not be opened.
    case connectFailed(String)
    /// The approval key could not be issued.
    case approvalKeyFailed(String)
    /// The client was cancelled.
    case cancelled
}

/// What the server said about one subscription.
public enum KISSubscriptionStatus: Sendable, Hashable {
    /// `OPSP0000` or `OPSP0002` (already subscribed, treated as success).
    case subscribed
    /// `OPSP0001` or `OPSP0003` (not found, treated as released).
    case released
    /// Refused (max subscriptions, invalid tr_id/tr_key, …); not retried.
    case refused(KISControlCode, String)
    /// `OPSP0007`: retried after a pause.
    case willRetry(KISControlCode)
}

/// A counted problem with inbound data.
public struct KISDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// A frame that could not be split or parsed.
        case malformedFrame
        /// A record inside a data frame that failed to decode (the others were delivered).
        case malformedRecord
        /// A data frame of an unknown TR.
        case unknownTransaction
        /// A control reply the client did not expect.
        case unexpectedReply
        /// A binary WebSocket message (KIS sends text only).
        case binaryMessage
        /// Market data was conflated because the consumer was slow.
        case conflated
    }

    /// The kind.
    public var kind: Kind
    /// The TR concerned, when known.
    public var transactionID: KISTransactionID?
    /// One sentence, free of credentials.
    public var detail: String
    /// How many of this kind the client has counted so far, this one included.
    public var count: Int

    /// Creates a diagnostic.
    public init(kind: Kind, transactionID: KISTransactionID?, detail: String, count: Int) {
        self.kind = kind
        self.transactionID = transactionID
        self.detail = detail
        self.count = count
    }

    /// `malformedRecord #3 H0STCNT0: …`.
    public var description: String {
        "\(kind.rawValue) #\(count)\(transactionID.map { " \($0.rawValue)" } ?? ""): \(detail)"
    }
}
