/// The `tr_id` header of each REST endpoint. Trading IDs differ between real (`T…`) and paper (`V…`).
///
/// Every value can be changed, because KIS renames IDs from time to time. The defaults are the
/// IDs of KIS's current official samples (2025): cash orders `TTTC0012U`/`TTTC0011U`,
/// amend/cancel `TTTC0013U`, daily fills `TTTC0081R`. ``legacy(_:)`` has the older IDs
/// (`TTTC0802U`/`TTTC0801U`, `TTTC0803U`, `TTTC8001R`) that earlier samples and many
/// third-party clients still send.
public struct KISTransactionIDs: Sendable, Hashable {
    /// 주식현재가 시세: `FHKST01010100` (both environments).
    public var currentPrice: String
    /// 주식일별주문체결조회 (orders of the last 3 months): `TTTC0081R` / `VTTC0081R`.
    public var dailyOrderFills: String
    /// 주식잔고조회: `TTTC8434R` / `VTTC8434R`.
    public var balance: String
    /// 주식주문(현금) buy: `TTTC0012U` / `VTTC0012U`.
    public var cashBuy: String
    /// 주식주문(현금) sell: `TTTC0011U` / `VTTC0011U`.
    public var cashSell: String
    /// 주식주문(정정취소): `TTTC0013U` / `VTTC0013U`.
    public var amendOrCancel: String

    /// Creates a set of IDs.
    public init(
        currentPrice: String, dailyOrderFills: String, balance: String, cashBuy: String, cashSell: String, amendOrCancel: String
    ) {
        self.currentPrice = currentPrice
        self.dailyOrderFills = dailyOrderFills
        self.balance = balance
        self.cashBuy = cashBuy
        self.cashSell = cashSell
        self.amendOrCancel = amendOrCancel
    }

    /// The current IDs of an environment (the default).
    public static func forEnvironment(_ environment: KISEnvironment) -> Self {
        let p = environment == .real ? "T" : "V"
        return Self(
            currentPrice: "FHKST01010100", dailyOrderFills: p + "TTC0081R", balance: p + "TTC8434R",
            cashBuy: p + "TTC0012U", cashSell: p + "TTC0011U", amendOrCancel: p + "TTC0013U")
    }

    /// The older IDs of an environment (`…8001R`, `…0802U`, `…0801U`, `…0803U`).
    public static func legacy(_ environment: KISEnvironment) -> Self {
        let p = environment == .real ? "T" : "V"
        return Self(
            currentPrice: "FHKST01010100", dailyOrderFills: p + "TTC8001R", balance: p + "TTC8434R",
            cashBuy: p + "TTC0802U", cashSell: p + "TTC0801U", amendOrCancel: p + "TTC0803U")
    }
}
