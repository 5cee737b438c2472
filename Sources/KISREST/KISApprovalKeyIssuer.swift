import Foundation
import NIOHTTP1

/// Issues the WebSocket approval key (`POST /oauth2/Approval`). Inject a stand-in in tests.
public protocol KISApprovalKeyIssuing: Sendable {
    /// Returns a fresh approval key. The key is a credential: never log it.
    func issueApprovalKey(for credentials: KISCredentials) async throws -> String
}

/// The REST implementation: `POST {restBaseURL}/oauth2/Approval` with
/// `{"grant_type":"client_credentials","appkey":…,"secretkey":…}`, answered by `{"approval_key":…}`.
///
/// Uses async-http-client (plain HTTP on loopback, or HTTPS as KIS uses). The approval
/// endpoint has no documented rate limit and is called once per day or reconnect, so this
/// type does not pace itself; ``KISRESTClient/issueApprovalKey(for:)`` does the same through
/// the client's limiter.
public struct KISApprovalKeyClient: KISApprovalKeyIssuing {
    /// The REST base URL, such as `https://openapi.koreainvestment.com:9443`.
    public var restBaseURL: String
    /// The request timeout.
    public var timeout: Duration

    /// Creates a client.
    public init(restBaseURL: String, timeout: Duration = .seconds(10)) {
        self.restBaseURL = restBaseURL
        self.timeout = timeout
    }

    struct RequestBody: Encodable {
        let grant_type = "client_credentials"
        let appkey: String
        let secretkey: String
    }

    struct ResponseBody: Decodable {
        let approval_key: String?
        let msg_cd: String?
        let error_code: String?
    }

    static let path = "/oauth2/Approval"

    /// Issues a key.
    ///
    /// - Throws: ``KISRESTError`` (`.approvalKeyRequestFailed`, or `.transport`) naming the
    ///   endpoint and the HTTP status or the `EGW…` code, never the credentials.
    public func issueApprovalKey(for credentials: KISCredentials) async throws -> String {
        let base = restBaseURL.hasSuffix("/") ? String(restBaseURL.dropLast()) : restBaseURL
        let body = try JSONEncoder().encode(RequestBody(appkey: credentials.appKey, secretkey: credentials.appSecret))
        let response = try await KISHTTPTransport(timeout: timeout).send(
            method: .POST, url: base + Self.path, path: Self.path,
            headers: [("content-type", "application/json; charset=utf-8")], body: body)
        let decoded = try? JSONDecoder().decode(ResponseBody.self, from: response.body)
        guard response.status == 200, let key = decoded?.approval_key, !key.isEmpty else {
            throw KISRESTError(
                reason: .approvalKeyRequestFailed, endpoint: Self.path, httpStatus: response.status,
                messageCode: decoded?.msg_cd ?? decoded?.error_code, detail: "the answer carried no approval key")
        }
        return key
    }
}
