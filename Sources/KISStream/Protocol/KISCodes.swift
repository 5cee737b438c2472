/// The sign of a change (`*_SIGN` fields): 1 upper limit, 2 up, 3 unchanged, 4 lower limit, 5 down.
public enum KISChangeSign: Sendable, Hashable {
    /// `1` 상한: at the daily upper price limit.
    case upperLimit
    /// `2`: up.
    case up
    /// `3`: unchanged.
    case unchanged
    /// `4` 하한: at the daily lower price limit.
    case lowerLimit
    /// `5`: down.
    case down
    /// Empty or an undocumented code, kept as sent.
    case other(String)

    /// Maps a wire code.
    public init(code: some StringProtocol) {
        self.init(byte: KISWireCode.single(code), otherwise: String(code))
    }

    /// The one mapping of the codes: `byte` is the code when it is one byte long.
    init(byte: UInt8?, otherwise code: @autoclosure () -> String) {
        switch byte {
        case UInt8(ascii: "1"): self = .upperLimit
        case UInt8(ascii: "2"): self = .up
        case UInt8(ascii: "3"): self = .unchanged
        case UInt8(ascii: "4"): self = .lowerLimit
        case UInt8(ascii: "5"): self = .down
        default: self = .other(code())
        }
    }
}

/// Who initiated a trade (H0STCNT0 `CCLD_DVSN`): 1 buy, 3 pre-open, 5 sell.
public enum KISTradeAggressor: Sendable, Hashable {
    /// `1`: a buyer lifted the offer (+).
    case buy
    /// `3`: pre-open (장전) trade.
    case preOpen
    /// `5`: a seller hit the bid (−).
    case sell
    /// An undocumented code, kept as sent.
    case other(String)

    /// Maps a wire code.
    public init(code: some StringProtocol) {
        self.init(byte: KISWireCode.single(code), otherwise: String(code))
    }

    /// The one mapping of the codes: `byte` is the code when it is one byte long.
    init(byte: UInt8?, otherwise code: @autoclosure () -> String) {
        switch byte {
        case UInt8(ascii: "1"): self = .buy
        case UInt8(ascii: "3"): self = .preOpen
        case UInt8(ascii: "5"): self = .sell
        default: self = .other(code())
        }
    }
}

/// `HOUR_CLS_CODE`: whether a price is a real trade or an expected (auction) price.
public enum KISHourClass: Sendable, Hashable {
    /// `0`: regular session.
    case regular
    /// `A`: expected price after the close.
    case afterCloseExpected
    /// `B`: expected price before the open.
    case preOpenExpected
    /// `C`: expected price after 09:00, or a volatility interruption.
    case volatilityInterruptionExpected
    /// `D`: after-hours single-price expected price.
    case afterHoursSinglePriceExpected
    /// An undocumented code, kept as sent.
    case other(String)

    /// Maps a wire code.
    public init(code: some StringProtocol) {
        self.init(byte: KISWireCode.single(code), otherwise: String(code))
    }

    /// The one mapping of the codes: `byte` is the code when it is one byte long.
    init(byte: UInt8?, otherwise code: @autoclosure () -> String) {
        switch byte {
        case UInt8(ascii: "0"): self = .regular
        case UInt8(ascii: "A"): self = .afterCloseExpected
        case UInt8(ascii: "B"): self = .preOpenExpected
        case UInt8(ascii: "C"): self = .volatilityInterruptionExpected
        case UInt8(ascii: "D"): self = .afterHoursSinglePriceExpected
        default: self = .other(code())
        }
    }
}

/// H0STCNT0 `NEW_MKOP_CLS_CODE`: the session (first character) and the trade kind (second).
public struct KISMarketOperationClass: Sendable, Hashable {
    /// The session a trade belongs to.
    public enum Session: Sendable, Hashable {
        /// `1` 장개시전.
        case preOpen
        /// `2` 장중.
        case regular
        /// `3` 장종료후.
        case postClose
        /// `4` 시간외단일가.
        case afterHoursSinglePrice
        /// `7` 일반Buy-in.
        case generalBuyIn
        /// `8` 당일Buy-in.
        case sameDayBuyIn
        /// Undocumented, kept as sent.
        case other(String)
    }

    /// The kind of trade.
    public enum TradeKind: Sendable, Hashable {
        /// `0` 보통.
        case normal
        /// `1` 종가.
        case closingPrice
        /// `2` 대량.
        case block
        /// `3` 바스켓.
        case basket
        /// `7` 정리매매.
        case liquidation
        /// `8` Buy-in.
        case buyIn
        /// Undocumented, kept as sent.
        case other(String)
    }

    /// The session.
    public var session: Session
    /// The trade kind.
    public var tradeKind: TradeKind
    /// The two characters as sent.
    public var code: String

    /// Maps a two-character wire code.
    public init(code: some StringProtocol) {
        self.code = String(code)
        // The first two bytes, read without building an array or substrings.
        var bytes = self.code.utf8.makeIterator()
        let b0 = bytes.next()
        let b1 = bytes.next()
        func text(_ byte: UInt8?) -> String { byte.map { String(decoding: CollectionOfOne($0), as: UTF8.self) } ?? "" }
        switch b0 {
        case UInt8(ascii: "1"): session = .preOpen
        case UInt8(ascii: "2"): session = .regular
        case UInt8(ascii: "3"): session = .postClose
        case UInt8(ascii: "4"): session = .afterHoursSinglePrice
        case UInt8(ascii: "7"): session = .generalBuyIn
        case UInt8(ascii: "8"): session = .sameDayBuyIn
        default: session = .other(text(b0))
        }
        switch b1 {
        case UInt8(ascii: "0"): tradeKind = .normal
        case UInt8(ascii: "1"): tradeKind = .closingPrice
        case UInt8(ascii: "2"): tradeKind = .block
        case UInt8(ascii: "3"): tradeKind = .basket
        case UInt8(ascii: "7"): tradeKind = .liquidation
        case UInt8(ascii: "8"): tradeKind = .buyIn
        default: tradeKind = .other(text(b1))
        }
    }
}

// Byte-level readers used by the decoders: one comparison per code, no string built unless
// the code is unknown.

extension KISChangeSign {
    init(_ r: KISFieldReader, _ index: Int) { self.init(byte: r.single(index), otherwise: r.code(index)) }
}

extension KISTradeAggressor {
    init(_ r: KISFieldReader, _ index: Int) { self.init(byte: r.single(index), otherwise: r.code(index)) }
}

extension KISHourClass {
    init(_ r: KISFieldReader, _ index: Int) { self.init(byte: r.single(index), otherwise: r.code(index)) }
}

/// Wire-code helpers shared by the code enums.
enum KISWireCode {
    /// The code's byte when it is exactly one byte long.
    static func single(_ code: some StringProtocol) -> UInt8? {
        var bytes = code.utf8.makeIterator()
        guard let first = bytes.next(), bytes.next() == nil else { return nil }
        return first
    }
}
