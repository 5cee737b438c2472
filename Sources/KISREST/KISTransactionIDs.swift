/// The `tr_id` header of each REST endpoint. Trading IDs differ between real (`T…`) and paper (`V…`).
///
/// Every value can be changed, because KIS renames IDs from time to time (the cash-order IDs
/// `TTTC0802U`/`TTTC0801U` have newer equivalents `TTTC0012U`/`TTTC0011U`).
public struct KISTransactionIDs: Sendable, Hashable {
    /// 주식현재가 시세: `FHKST01010100` (both environments).
    public var currentPrice: String
    /// 주식일별주문체결조회 (orders of the last 3 months): `TTTC8001R` / `VTTC8001R`.
    public var dailyOrderFills: String
    /// 주식잔고조회: `TTTC8434R` / `VTTC8434R`.
    public var balance: String
    /// 주식주문(현금) buy: `TTTC0802U` / `VTTC0802U`.
    public var cashBuy: String
    /// 주식주문(현금) sell: `TTTC0801U` / `VTTC0801U`.
    public var cashSell: String
    /// 주식주문(정정취소): `TTTC0803U` / `VTTC0803U`.
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

    /// The IDs of an environment.
    public static func forEnvironment(_ environment: KISEnvironment) -> Self {
        let p = environment == .real ? "T" : "V"
        return Self(
            currentPrice: "FHKST01010100", dailyOrderFills: p + "TTC8001R", balance: p + "TTC8434R",
            cashBuy: p + "TTC0802U", cashSell: p + "TTC0801U", amendOrCancel: p + "TTC0803U")
    }
}
