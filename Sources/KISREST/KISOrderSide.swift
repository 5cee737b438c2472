/// Buy or sell (`SLL_BUY_DVSN_CD`: `01` sell, `02` buy).
public enum KISOrderSide: String, Sendable, Hashable, CaseIterable {
    /// `02`.
    case buy
    /// `01`.
    case sell

    /// KIS's code.
    public var code: String { self == .buy ? "02" : "01" }

    init?(code: String) {
        switch code {
        case "01": self = .sell
        case "02": self = .buy
        default: return nil
        }
    }
}
