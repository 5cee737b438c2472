import Crypto
import Foundation
import KISStream
import NIOHTTP1
import QuantCore

/// One REST request the simulator answered, for tests that count requests per second.
public struct KISSimulatorRESTRequest: Sendable, Hashable {
    /// The path without the query, such as `/uapi/domestic-stock/v1/quotations/inquire-price`.
    public var path: String
    /// The `tr_id` header, when sent.
    public var transactionID: String?
    /// When the request was complete at the simulator.
    public var receivedAt: ContinuousClock.Instant
    /// It was answered `EGW00201` (over ``KISSimulatorConfiguration/restRequestsPerSecond``).
    public var rateLimited: Bool
}

/// An order in the simulator's book, as tests see it.
public struct KISSimulatorOrder: Sendable, Hashable {
    /// The order number, zero-padded to 10 digits as KIS sends it.
    public var orderNumber: String
    /// The stock code.
    public var symbol: String
    /// `true` for a buy.
    public var isBuy: Bool
    /// Shares ordered.
    public var quantity: Int
    /// Shares filled so far.
    public var filledQuantity: Int
    /// Value filled so far, won.
    public var filledAmount: Int
    /// Fills so far (one per market tick that filled a lot).
    public var fillCount: Int
    /// Cancelled (what was unfilled will never fill).
    public var isCancelled: Bool
}

extension KISSimulator {
    struct RESTRequest {
        var method: HTTPMethod
        var path: String
        var query: [String: String]
        var headers: HTTPHeaders
        var body: Data
    }

    struct RESTAnswer {
        var status: HTTPResponseStatus
        var json: String
        var headers: [(String, String)] = []
    }

    static func parse(uri: String) -> (path: String, query: [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            query[name] = value
        }
        return (String(uri[..<mark]), query)
    }

    static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func failure(_ status: HTTPResponseStatus = .internalServerError, code: String, message: String) -> RESTAnswer {
        RESTAnswer(status: status, json: json(["rt_cd": "1", "msg_cd": code, "msg1": message]))
    }

    static func success(_ fields: [String: Any], code: String = "MCA00000", message: String = "정상처리 되었습니다.") -> RESTAnswer {
        var object = fields
        object["rt_cd"] = "0"
        object["msg_cd"] = code
        object["msg1"] = message
        return RESTAnswer(status: .ok, json: json(object))
    }

    // MARK: - Observation and faults

    /// The REST requests answered so far (the approval endpoint included), oldest first; a
    /// long-running simulator keeps the latest 10,000 to 20,000.
    public var restRequests: [KISSimulatorRESTRequest] { restLog }

    /// Every order accepted over REST, in order.
    public var orders: [KISSimulatorOrder] {
        broker.orders.map { order in
            KISSimulatorOrder(
                orderNumber: order.orderNumber, symbol: order.symbol, isBuy: order.side == .buy, quantity: order.quantity,
                filledQuantity: order.filledQuantity, filledAmount: order.filledAmount,
                fillCount: fillCounts[order.number] ?? 0, isCancelled: order.cancelled)
        }
    }

    /// Makes every issued access token expired, so the next request gets `EGW00123`.
    public func expireAccessTokens() {
        for key in accessTokens.keys { accessTokens[key]?.expiresAt = .now }
    }

    /// Refuses (or accepts again) WebSocket upgrades: connects fail while orders keep filling,
    /// so execution notices of that time are lost, as when a client is disconnected.
    public func setRefusingWebSocketUpgrades(_ refusing: Bool) { upgradeGate.setRefusing(refusing) }

    // MARK: - Routing

    func respond(_ request: RESTRequest) async -> RESTAnswer {
        var answer: RESTAnswer
        let trID = request.headers.first(name: "tr_id")
        var limited = false
        if request.path.hasPrefix("/uapi/"), let limit = configuration.restRequestsPerSecond {
            let appKey = request.headers.first(name: "appkey") ?? ""
            let now = ContinuousClock.now
            var recent = rateWindows[appKey, default: []]
            recent.removeAll { now - $0 >= .seconds(1) }
            if recent.count >= limit {
                limited = true
            } else {
                recent.append(now)
            }
            rateWindows[appKey] = recent
        }
        if limited {
            counters.restRateLimited += 1
            answer = Self.failure(code: "EGW00201", message: "초당 거래건수를 초과하였습니다.")
        } else {
            answer = await route(request)
        }
        restLog.append(KISSimulatorRESTRequest(path: request.path, transactionID: trID, receivedAt: .now, rateLimited: limited))
        if restLog.count > 20_000 { restLog.removeFirst(restLog.count - 10_000) }
        return answer
    }

    func route(_ request: RESTRequest) async -> RESTAnswer {
        switch (request.method, request.path) {
        case (.POST, "/oauth2/Approval"): return approval(request.body)
        case (.POST, "/oauth2/tokenP"): return issueToken(request.body)
        case (.POST, "/uapi/hashkey"): return hashKey(request)
        default: break
        }
        guard request.path.hasPrefix("/uapi/") else {
            return RESTAnswer(status: .notFound, json: #"{"error_code":"EGW00002","error_description":"not found"}"#)
        }
        if let refusal = authorize(request) { return refusal }
        guard let trID = request.headers.first(name: "tr_id"), !trID.isEmpty else {
            return Self.failure(code: "EGW00205", message: "tr_id is missing")
        }
        let appKey = request.headers.first(name: "appkey") ?? ""
        switch (request.method, request.path) {
        case (.GET, "/uapi/domestic-stock/v1/quotations/inquire-price"): return currentPrice(request.query)
        case (.GET, "/uapi/domestic-stock/v1/trading/inquire-daily-ccld"): return dailyOrderFills(request)
        case (.GET, "/uapi/domestic-stock/v1/trading/inquire-balance"): return balance(request)
        case (.POST, "/uapi/domestic-stock/v1/trading/order-cash"): return await placeOrder(request, trID: trID, appKey: appKey)
        case (.POST, "/uapi/domestic-stock/v1/trading/order-rvsecncl"): return await amendOrCancel(request, appKey: appKey)
        default: return RESTAnswer(status: .notFound, json: #"{"error_code":"EGW00002","error_description":"not found"}"#)
        }
    }

    // MARK: - OAuth

    struct KeyRequest: Decodable {
        let grant_type: String?
        let appkey: String?
        let secretkey: String?
        let appsecret: String?
    }

    func acceptable(_ appKey: String?, _ secret: String?) -> Bool {
        guard let appKey, !appKey.isEmpty, secret?.isEmpty == false else { return false }
        return configuration.acceptedAppKeys?.contains(appKey) ?? true
    }

    func approval(_ body: Data) -> RESTAnswer {
        guard let request = try? JSONDecoder().decode(KeyRequest.self, from: body), let appKey = request.appkey, !appKey.isEmpty,
            request.secretkey?.isEmpty == false
        else {
            return RESTAnswer(status: .badRequest, json: #"{"error_code":"EGW00002","error_description":"invalid request"}"#)
        }
        guard acceptable(appKey, request.secretkey) else {
            return RESTAnswer(status: .forbidden, json: #"{"error_code":"EGW00103","error_description":"invalid AppKey"}"#)
        }
        let key = UUID().uuidString.lowercased()
        approvalKeys[key] = appKey
        counters.approvalKeysIssued += 1
        return RESTAnswer(status: .ok, json: #"{"approval_key":"\#(key)"}"#)
    }

    func issueToken(_ body: Data) -> RESTAnswer {
        guard let request = try? JSONDecoder().decode(KeyRequest.self, from: body), request.grant_type == "client_credentials" else {
            return RESTAnswer(status: .badRequest, json: #"{"error_code":"EGW00002","error_description":"invalid request"}"#)
        }
        guard acceptable(request.appkey, request.appsecret), let appKey = request.appkey else {
            return RESTAnswer(status: .forbidden, json: #"{"error_code":"EGW00103","error_description":"유효하지 않은 AppKey입니다."}"#)
        }
        let token = "SIMTOKEN." + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let lifetime = configuration.accessTokenLifetime
        accessTokens[token] = (appKey, .now + lifetime)
        counters.accessTokensIssued += 1
        let seconds = Int(lifetime.components.seconds)
        let expiry = Date().addingTimeInterval(TimeInterval(seconds + 9 * 3600))
        let stamp = String(ISO8601DateFormatter().string(from: expiry).prefix(19)).replacingOccurrences(of: "T", with: " ")
        return RESTAnswer(
            status: .ok,
            json: Self.json([
                "access_token": token, "token_type": "Bearer", "expires_in": seconds, "access_token_token_expired": stamp,
            ]))
    }

    /// Checks the bearer token and app key; nil when the request may proceed.
    func authorize(_ request: RESTRequest) -> RESTAnswer? {
        let appKey = request.headers.first(name: "appkey")
        guard acceptable(appKey, request.headers.first(name: "appsecret")) else {
            return Self.failure(code: "EGW00103", message: "유효하지 않은 AppKey입니다.")
        }
        let bearer = request.headers.first(name: "authorization") ?? ""
        let token = bearer.hasPrefix("Bearer ") ? String(bearer.dropFirst(7)) : ""
        guard let entry = accessTokens[token], entry.appKey == appKey else {
            return Self.failure(code: "EGW00121", message: "유효하지 않은 token 입니다.")
        }
        guard ContinuousClock.now < entry.expiresAt else {
            return Self.failure(code: "EGW00123", message: "기간이 만료된 token 입니다.")
        }
        return nil
    }

    static func digest(_ body: Data) -> String {
        SHA256.hash(data: body).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    func hashKey(_ request: RESTRequest) -> RESTAnswer {
        guard acceptable(request.headers.first(name: "appkey"), request.headers.first(name: "appsecret")) else {
            return Self.failure(code: "EGW00103", message: "유효하지 않은 AppKey입니다.")
        }
        let object = (try? JSONSerialization.jsonObject(with: request.body)) ?? [:]
        return RESTAnswer(status: .ok, json: Self.json(["BODY": object, "HASH": Self.digest(request.body)]))
    }

    // MARK: - Quotations

    func currentPrice(_ query: [String: String]) -> RESTAnswer {
        guard let code = query["FID_INPUT_ISCD"], !code.isEmpty else {
            return Self.failure(code: "OPSQ2001", message: "FID_INPUT_ISCD is missing")
        }
        let s = market.stock(code)
        let change = s.price - s.previousClose
        let rate = Double(change) / Double(max(1, s.previousClose)) * 100
        let output: [String: Any] = [
            "stck_prpr": "\(s.price)", "prdy_vrss": "\(change)", "prdy_vrss_sign": SimulatedMarket.sign(change),
            "prdy_ctrt": String(format: "%.2f", rate), "stck_oprc": "\(s.open)", "stck_hgpr": "\(s.high)", "stck_lwpr": "\(s.low)",
            "acml_vol": "\(s.accumulatedVolume)", "acml_tr_pbmn": "\(s.accumulatedValue)", "stck_sdpr": "\(s.previousClose)",
            "stck_mxpr": "\(s.previousClose * 13 / 10)", "stck_llam": "\(s.previousClose * 7 / 10)", "stck_shrn_iscd": code,
        ]
        return Self.success(["output": output])
    }

    // MARK: - Inquiries

    /// Cuts `rows` into pages at the offset in `CTX_AREA_NK100`; sets `tr_cont` (`M` more, `D` last).
    func page(_ rows: [[String: Any]], _ request: RESTRequest, extra: [String: Any]) -> RESTAnswer {
        let offset = Int(request.query["CTX_AREA_NK100"]?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        let start = min(max(0, offset), rows.count)
        let end = min(rows.count, start + configuration.restPageSize)
        let more = end < rows.count
        var fields = extra
        fields["output1"] = Array(rows[start..<end])
        fields["ctx_area_fk100"] = more ? "SIMFK" : ""
        fields["ctx_area_nk100"] = more ? String(end) : ""
        var answer = Self.success(fields, code: "70070000", message: "조회가 완료되었습니다.")
        answer.headers = [("tr_cont", more ? "M" : "D")]
        return answer
    }

    func dailyOrderFills(_ request: RESTRequest) -> RESTAnswer {
        let q = request.query
        guard let account = q["CANO"], !account.isEmpty else { return Self.failure(code: "OPSQ2001", message: "CANO is missing") }
        let from = q["INQR_STRT_DT"].flatMap { TradingDate(compact: $0) }
        let to = q["INQR_END_DT"].flatMap { TradingDate(compact: $0) }
        let rows: [[String: Any]] = broker.orders.reversed().filter { order in
            guard order.account == account else { return false }
            if let from, order.date < from { return false }
            if let to, order.date > to { return false }
            if let side = q["SLL_BUY_DVSN_CD"], side != "00", !side.isEmpty, side != order.side.rawValue { return false }
            if let symbol = q["PDNO"], !symbol.isEmpty, symbol != order.symbol { return false }
            if let number = q["ODNO"], !number.isEmpty, Int(number) != order.number { return false }
            switch q["CCLD_DVSN"] {
            case "01": return order.filledQuantity > 0
            case "02": return order.filledQuantity == 0
            default: return true
            }
        }.map { order in
            [
                "ord_dt": order.date.compactDescription, "ord_gno_brno": order.branch, "odno": order.orderNumber,
                "orgn_odno": "", "ord_dvsn_name": order.price == 0 ? "시장가" : "지정가",
                "sll_buy_dvsn_cd": order.side.rawValue, "sll_buy_dvsn_cd_name": order.side == .buy ? "현금매수" : "현금매도",
                "pdno": order.symbol, "prdt_name": "SIM \(order.symbol)", "ord_qty": "\(order.quantity)",
                "ord_unpr": "\(order.price)", "ord_tmd": SimulatedMarket.hhmmss(order.time), "tot_ccld_qty": "\(order.filledQuantity)",
                "avg_prvs": "\(order.averagePrice)", "cncl_yn": order.cancelled ? "Y" : "N", "tot_ccld_amt": "\(order.filledAmount)",
                "rmn_qty": "\(order.remaining)", "rjct_qty": "0", "ord_dvsn_cd": order.orderType, "excg_dvsn_cd": "01",
            ]
        }
        let totalQuantity = broker.orders.filter { $0.account == account }.reduce(0) { $0 + $1.quantity }
        let filled = broker.orders.filter { $0.account == account }.reduce(0) { $0 + $1.filledQuantity }
        return page(rows, request, extra: ["output2": ["tot_ord_qty": "\(totalQuantity)", "tot_ccld_qty": "\(filled)"]])
    }

    func balance(_ request: RESTRequest) -> RESTAnswer {
        guard let account = request.query["CANO"], !account.isEmpty else {
            return Self.failure(code: "OPSQ2001", message: "CANO is missing")
        }
        let position = broker.position(account: account)
        var securities = 0
        var cost = 0
        let rows: [[String: Any]] = position.holdings.map { holding in
            let price = market.stock(holding.symbol).price
            let value = price * holding.quantity
            securities += value
            cost += holding.cost
            let average = Double(holding.cost) / Double(max(1, holding.quantity))
            let pnl = value - holding.cost
            return [
                "pdno": holding.symbol, "prdt_name": "SIM \(holding.symbol)", "hldg_qty": "\(holding.quantity)",
                "ord_psbl_qty": "\(holding.quantity)", "pchs_avg_pric": String(format: "%.4f", average),
                "pchs_amt": "\(holding.cost)", "prpr": "\(price)", "evlu_amt": "\(value)", "evlu_pfls_amt": "\(pnl)",
                "evlu_pfls_rt": String(format: "%.2f", Double(pnl) / Double(max(1, holding.cost)) * 100),
            ]
        }
        let summary: [String: Any] = [
            "dnca_tot_amt": "\(position.cash)", "prvs_rcdl_excc_amt": "\(position.cash)", "scts_evlu_amt": "\(securities)",
            "tot_evlu_amt": "\(position.cash + securities)", "pchs_amt_smtl_amt": "\(cost)",
            "evlu_pfls_smtl_amt": "\(securities - cost)", "nass_amt": "\(position.cash + securities)",
        ]
        return page(rows, request, extra: ["output2": [summary]])
    }

    // MARK: - Orders

    func orderBody(_ request: RESTRequest) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else { return nil }
        return object.compactMapValues { $0 as? String }
    }

    /// Checks the `hashkey` header, when sent, against the body's digest.
    func hashMismatch(_ request: RESTRequest) -> RESTAnswer? {
        guard let sent = request.headers.first(name: "hashkey") else { return nil }
        return sent == Self.digest(request.body) ? nil : Self.failure(code: "EGW00300", message: "hashkey does not match the body")
    }

    func placeOrder(_ request: RESTRequest, trID: String, appKey: String) async -> RESTAnswer {
        if let mismatch = hashMismatch(request) { return mismatch }
        guard let body = orderBody(request), let account = body["CANO"], !account.isEmpty, let symbol = body["PDNO"], !symbol.isEmpty,
            let quantity = Int(body["ORD_QTY"] ?? ""), quantity > 0, let price = Int(body["ORD_UNPR"] ?? "")
        else {
            return Self.failure(code: "APBK0500", message: "주문 입력값이 올바르지 않습니다.")
        }
        let orderType = body["ORD_DVSN"] ?? "00"
        if orderType == "00" && price <= 0 { return Self.failure(code: "APBK0501", message: "지정가 주문은 단가가 필요합니다.") }
        let side: SimulatedBroker.Side
        switch String(trID.suffix(5)) {
        case "0802U", "0012U": side = .buy
        case "0801U", "0011U": side = .sell
        default: return Self.failure(code: "EGW00205", message: "unknown order tr_id")
        }
        let (date, time) = Self.nowKST()
        let index = broker.accept(
            appKey: appKey, account: account, side: side, symbol: symbol, quantity: quantity, price: orderType == "01" ? 0 : price,
            orderType: orderType, date: date, time: time)
        counters.ordersAccepted += 1
        let order = broker.orders[index]
        await deliverOwnNotice(appKey: appKey) { htsID in
            SimulatedBroker.notice(htsID: htsID, order: order, kind: "1", quantity: order.quantity, price: order.price, time: time)
        }
        return Self.success(
            ["output": ["KRX_FWDG_ORD_ORGNO": order.branch, "ODNO": order.orderNumber, "ORD_TMD": SimulatedMarket.hhmmss(time)]],
            code: "APBK0013", message: "주문 전송 완료 되었습니다.")
    }

    func amendOrCancel(_ request: RESTRequest, appKey: String) async -> RESTAnswer {
        if let mismatch = hashMismatch(request) { return mismatch }
        guard let body = orderBody(request), let account = body["CANO"], let original = body["ORGN_ODNO"],
            let code = body["RVSE_CNCL_DVSN_CD"]
        else {
            return Self.failure(code: "APBK0500", message: "주문 입력값이 올바르지 않습니다.")
        }
        guard let index = broker.index(ofOrder: original, account: account), broker.orders[index].remaining > 0 else {
            return Self.failure(code: "APBK0918", message: "정정/취소할 수량이 없습니다.")
        }
        let (date, time) = Self.nowKST()
        let target = broker.orders[index]
        switch code {
        case "02":
            broker.orders[index].cancelled = true
        case "01":
            guard let price = Int(body["ORD_UNPR"] ?? ""), price > 0 else {
                return Self.failure(code: "APBK0501", message: "정정 단가가 올바르지 않습니다.")
            }
            broker.orders[index].price = price
        default:
            return Self.failure(code: "APBK0500", message: "RVSE_CNCL_DVSN_CD must be 01 or 02")
        }
        let number = broker.nextNumber
        broker.nextNumber += 1
        let updated = broker.orders[index]
        await deliverOwnNotice(appKey: appKey) { htsID in
            SimulatedBroker.notice(
                htsID: htsID, order: updated, kind: "1", correction: code == "02" ? "2" : "1", quantity: target.remaining,
                price: updated.price, time: time)
        }
        _ = date
        return Self.success(
            [
                "output": [
                    "KRX_FWDG_ORD_ORGNO": target.branch, "ODNO": SimulatedBroker.pad(number, 10), "ORD_TMD": SimulatedMarket.hhmmss(time),
                ]
            ], code: "APBK0013", message: "주문 전송 완료 되었습니다.")
    }

    /// Fills what the market allows and pushes a fill notice for each (lost when nobody listens).
    func matchOrders() async {
        let fills = broker.match { self.market.stock($0).price }
        guard !fills.isEmpty else { return }
        let time = Self.nowKST().time
        for fill in fills {
            let order = broker.orders[fill.orderIndex]
            fillCounts[order.number, default: 0] += 1
            counters.fills += 1
            await deliverOwnNotice(appKey: order.appKey) { htsID in
                SimulatedBroker.notice(htsID: htsID, order: order, kind: "2", quantity: fill.quantity, price: fill.price, time: time)
            }
        }
    }

    /// Sends an encrypted notice to each session of `appKey` registered for notices; counts it lost otherwise.
    func deliverOwnNotice(appKey: String, _ fields: (String) -> [String]) async {
        var delivered = false
        if !silent {
            for session in sessions.values where session.appKey == appKey {
                for sub in session.registrations where sub.transactionID.isExecutionNotice {
                    guard let payload = try? session.cipher.encrypt(fields(sub.key).joined(separator: "^")) else { continue }
                    await write(session.connection, text: "1|\(sub.transactionID.rawValue)|001|\(payload)")
                    delivered = true
                }
            }
        }
        if delivered { counters.ownNoticesDelivered += 1 } else { counters.ownNoticesLost += 1 }
    }
}

extension TradingDate {
    /// Parses `yyyyMMdd`.
    init?(compact text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }
}

/// A lock-protected switch read on the event loop when a WebSocket upgrade arrives (internal).
final class UpgradeGate: @unchecked Sendable {
    struct Refused: Error {}

    private let lock = NSLock()
    private var refusing = false

    func setRefusing(_ value: Bool) { lock.withLock { refusing = value } }
    var isRefusing: Bool { lock.withLock { refusing } }
}
