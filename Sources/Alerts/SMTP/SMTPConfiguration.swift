/// How an SMTP connection is secured.
public enum SMTPSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain TCP, upgraded with `STARTTLS` before authenticating (port 587). Refuses to go on
    /// if the server does not offer STARTTLS.
    case startTLS = "starttls"
    /// TLS from the first byte (SMTPS, port 465).
    case implicitTLS = "implicit"
    /// No encryption (a relay on localhost only). Credentials are refused on such a connection.
    case none
}

/// Where an SMTP server's certificate must chain to.
public enum SMTPTrustRoots: Sendable, Hashable {
    /// The system's default CA store.
    case system
    /// The PEM certificates in this file (a private CA or a self-signed server certificate).
    case pemFile(String)
}

/// Everything needed to deliver alerts by email.
///
/// ```swift
/// let config = SMTPConfiguration(host: "smtp.example.com", port: 587, security: .startTLS,
///                                username: "bot@example.com", password: try .fromEnvironment("SMTP_PASSWORD"),
///                                from: "bot@example.com", to: ["ops@example.com"])
/// try await SMTPNotifier(configuration: config).send(alert)
/// ```
public struct SMTPConfiguration: Sendable, Hashable {
    /// Server host name (also the TLS server name, so use a name, not an IP address).
    public var host: String
    /// Server port (587 for STARTTLS, 465 for implicit TLS, 25 for relays).
    public var port: Int
    /// Transport security.
    public var security: SMTPSecurity
    /// Login name, when the server needs authentication.
    public var username: String?
    /// Password (never printed).
    public var password: Secret?
    /// Envelope and header sender.
    public var from: String
    /// Recipients.
    public var to: [String]
    /// The name announced in `EHLO`.
    public var clientName: String
    /// Limit for connecting and for each server reply.
    public var timeout: Duration
    /// Trusted certificate authorities for TLS.
    public var trustRoots: SMTPTrustRoots

    /// Creates a configuration.
    public init(host: String, port: Int, security: SMTPSecurity, username: String? = nil, password: Secret? = nil,
                from: String, to: [String], clientName: String = "quantkit.local", timeout: Duration = .seconds(30),
                trustRoots: SMTPTrustRoots = .system) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.to = to
        self.clientName = clientName
        self.timeout = timeout
        self.trustRoots = trustRoots
    }

    /// Checks the configuration before any connection.
    ///
    /// - Throws: ``AlertError`` (`.invalidConfiguration`) for an empty host, a port outside
    ///   1...65535, no recipients, a user without a password, or credentials without TLS.
    public func validate() throws {
        var problems: [String] = []
        if host.isEmpty { problems.append("SMTP host is empty") }
        if !(1...65535).contains(port) { problems.append("SMTP port \(port) is outside 1...65535") }
        if to.isEmpty { problems.append("no recipient (--to)") }
        if from.isEmpty { problems.append("no sender (--from)") }
        if username != nil && password == nil { problems.append("a user is set but no password (SMTP_PASSWORD)") }
        if username != nil && security == .none { problems.append("credentials would be sent unencrypted; use --tls starttls or implicit") }
        if !problems.isEmpty { throw AlertError(.invalidConfiguration, detail: problems.joined(separator: "; ")) }
    }
}
