/// One decoded real-time record.
public enum KISRecord: Sendable, Hashable {
    /// H0STCNT0 (and the NXT/integrated H0NXCNT0/H0UNCNT0, same layout).
    case trade(KISTradeTick)
    /// H0STASP0 (and H0NXASP0/H0UNASP0, whose extra fields land in `extraFields`).
    case orderBook(KISOrderBook)
    /// H0STCNI0/H0STCNI9, decrypted.
    case executionNotice(KISExecutionNotice)
    /// H0STMKO0.
    case marketOperation(KISMarketOperationNotice)
}

/// What one inbound text frame turned out to be.
public enum KISInboundFrame: Sendable {
    /// A PINGPONG keep-alive; the client echoes the text unchanged.
    case pingPong
    /// A subscribe/unsubscribe reply or a server error.
    case control(KISControlReply)
    /// A data frame: every record that decoded, and one error per record that did not.
    case data(transactionID: KISTransactionID, records: [KISRecord], failures: [KISDecodingError])
    /// A well-formed data frame of a TR this decoder does not know.
    case unknownTransaction(KISTransactionID)
    /// A frame that could not be read at all.
    case malformed(KISDecodingError)
}
