/// Which KIS trading system a client talks to: real money (실전) or paper trading (모의).
///
/// The two differ in host, in the first letter of trading `tr_id`s (`T…` real, `V…` paper)
/// and in the per-second request limit of an app key (20 real, 2 paper).
public enum KISEnvironment: String, Sendable, Hashable, CaseIterable {
    /// 실전: `https://openapi.koreainvestment.com:9443`, 20 requests per second.
    case real
    /// 모의: `https://openapivts.koreainvestment.com:29443`, 2 requests per second.
    case paper

    /// The public REST base URL of this environment.
    public var restBaseURL: String {
        switch self {
        case .real: "https://openapi.koreainvestment.com:9443"
        case .paper: "https://openapivts.koreainvestment.com:29443"
        }
    }

    /// KIS's documented limit of REST requests per second per app key (`EGW00201` beyond it).
    public var requestsPerSecond: Int {
        switch self {
        case .real: 20
        case .paper: 2
        }
    }
}
