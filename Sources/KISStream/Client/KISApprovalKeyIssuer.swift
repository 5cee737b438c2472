import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issues the WebSocket approval key (`POST /oauth2/Approval`). Inject a stand-in in tests.
public protocol KISApprovalKeyIssuing: Sendable {
    /// Returns a fresh approval key. The key is a credential: never log it.
    func issueApprovalKey(for credentials: KISCredentials) async throws -> String
}

/// The REST implementation: `POST {restBaseURL}/oauth2/Approval` with
/// `{"grant_type":"client_credentials","appkey":…,"secretkey":…}`, answered by `{"approval_key":…}`.
///
/// Uses Foundation's URLSession (plain HTTP on loopback, or HTTPS with public CAs, as KIS uses).
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

    /// Issues a key.
    ///
    /// - Throws: ``KISStreamError`` (`.approvalKeyRequestFailed`) naming the URL and the HTTP
    ///   status or the `EGW…` code, never the credentials.
    public func issueApprovalKey(for credentials: KISCredentials) async throws -> String {
        let base = restBaseURL.hasSuffix("/") ? String(restBaseURL.dropLast()) : restBaseURL
        let endpoint = base + "/oauth2/Approval"
        guard let url = URL(string: endpoint) else {
            throw KISStreamError(reason: .approvalKeyRequestFailed, detail: "invalid REST URL \(endpoint)")
        }
        var request = URLRequest(url: url, timeoutInterval: KISBackoffPolicy.seconds(timeout))
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "content-type")
        request.httpBody = try JSONEncoder().encode(RequestBody(appkey: credentials.appKey, secretkey: credentials.appSecret))
        let (data, status): (Data, Int)
        do {
            (data, status) = try await Self.send(request)
        } catch {
            throw KISStreamError(reason: .approvalKeyRequestFailed, detail: "POST \(endpoint) failed: \(type(of: error))")
        }
        let body = try? JSONDecoder().decode(ResponseBody.self, from: data)
        guard status == 200, let key = body?.approval_key, !key.isEmpty else {
            let code = body?.msg_cd ?? body?.error_code
            throw KISStreamError(
                reason: .approvalKeyRequestFailed,
                detail: "POST \(endpoint) answered HTTP \(status)\(code.map { " \($0)" } ?? "") without an approval key")
        }
        return key
    }

    static func send(_ request: URLRequest) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { continuation in
            let task = URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
                }
            }
            task.resume()
        }
    }
}
