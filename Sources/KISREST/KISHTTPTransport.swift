import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange over async-http-client's shared client (internal).
struct KISHTTPTransport: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    var timeout: Duration
    /// Answers larger than this are refused (a balance page is a few hundred kilobytes at most).
    var maxResponseBytes = 8 << 20

    /// Sends a request. Errors name the method and path only, never headers or body.
    func send(
        method: HTTPMethod, url: String, path: String, headers: [(String, String)], body: Data?
    ) async throws(KISRESTError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = timeout.components.seconds
        let millis = seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(millis))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return Response(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Data(buffer.readableBytesView))
        } catch {
            throw KISRESTError(
                reason: .transport, endpoint: path,
                detail: "\(method.rawValue) failed: \(Self.describe(error))")
        }
    }

    /// The error's type and a short text. async-http-client's errors carry no headers, but a
    /// text that might quote a URL (whose query can hold the account number) is left out.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        let quotesURL = text.contains("?") || text.contains("/uapi") || text.contains("CANO")
        return quotesURL ? "\(type(of: error))" : "\(type(of: error)) \(text.prefix(120))"
    }
}
