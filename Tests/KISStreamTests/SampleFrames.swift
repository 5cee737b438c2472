/// Sample records written by hand from the field tables in the KIS protocol notes
/// (independent of the simulator's encoder).
enum SampleFrames {
    /// One H0STCNT0 record for 005930 at 09:30:01 on 2026-12-03, every field set.
    static func tradeFields(symbol: String = "005930", time: String = "093001", price: String = "71000", volume: String = "15", accumulated: String = "1234567") -> [String] {
        [
            symbol, time, price, "2", "500", "0.71", "70950.25", "70500", "71200", "70400",  // 0-9
            "71100", "71000", volume, accumulated, "87654321000", "3000", "3500", "500", "116.67", "400000",  // 10-19
            "466667", "1", "53.85", "87.50", "090000", "2", "500", "091500", "5", "-200",  // 20-29
            "090230", "2", "600", "20261203", "20", "N", "1200", "3400", "250000", "310000",  // 30-39
            "0.02", "1100000", "112.23", "0", "", "70000",  // 40-45
        ]
    }

    /// One H0STASP0 record: asks 71100…72000 (qty 100…1000), bids 71000…70100 (qty 110…1100).
    static func orderBookFields(symbol: String = "000660") -> [String] {
        var f = [symbol, "093002", "0"]
        f += (0..<10).map { String(71100 + 100 * $0) }  // 3-12 asks
        f += (0..<10).map { String(71000 - 100 * $0) }  // 13-22 bids
        f += (0..<10).map { String(100 * ($0 + 1)) }  // 23-32 ask qty
        f += (0..<10).map { String(110 * ($0 + 1)) }  // 33-42 bid qty
        f += ["5500", "6050", "0", "0"]  // 43-46 totals
        f += ["", "", "", "", "", ""]  // 47-52 auction only: empty
        f += ["2345678", "-10", "25", "0", "0", "0"]  // 53-58
        return f
    }

    /// A 26-field H0STCNI0 record (fill of 10 shares at 71,000).
    static func notice26(order: String = "0000012345") -> [String] {
        [
            "myhtsid", "5012345601", order, "0000000000", "02", "0", "00", "0", "005930", "10",  // 0-9
            "71000", "100512", "0", "2", "2", "01234", "20", "홍길동", "0", "1",  // 10-19
            "N", "", "10", "", "삼성전자", "71000",  // 20-25
        ]
    }

    /// A 23-field (pre-2025) H0STCNI0 record: acknowledgement of a sell order.
    static func notice23(order: String = "0000054321") -> [String] {
        [
            "myhtsid", "5012345601", order, "", "01", "0", "01", "0", "000660", "5",  // 0-9
            "0", "091233", "0", "1", "1", "01234", "5", "홍길동", "SK하이닉스", "10",  // 10-19
            "", "SK하이닉스", "0",  // 20-22
        ]
    }

    /// An H0STMKO0 record as in the documented 10-value example.
    static let marketOperation10 = ["396300", "N", "(null)", "", "311", "", "", "55", "N", "N"]

    static func frame(_ tr: String, _ records: [[String]], encrypted: Bool = false) -> String {
        let count = String(records.count)
        let padded = String(repeating: "0", count: max(0, 3 - count.count)) + count
        return "\(encrypted ? 1 : 0)|\(tr)|\(padded)|" + records.map { $0.joined(separator: "^") }.joined(separator: "^")
    }
}
