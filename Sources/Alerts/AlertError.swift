/// Thrown when an alert cannot be built, stored or delivered.
public struct AlertError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New reasons may be added without breaking clients.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidAlert, invalidConfiguration, insecureCredentials, connectionFailed, timedOut, tlsFailed
            case authenticationFailed, rejected, protocolError, rateLimited, serverError, storageFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The alert itself is unusable (e.g. unreadable attachment).
        public static var invalidAlert: Self { Self(.invalidAlert) }
        /// The channel's configuration is incomplete or contradictory.
        public static var invalidConfiguration: Self { Self(.invalidConfiguration) }
        /// A credentials file is readable by other users.
        public static var insecureCredentials: Self { Self(.insecureCredentials) }
        /// The server could not be reached or dropped the connection.
        public static var connectionFailed: Self { Self(.connectionFailed) }
        /// The server did not answer in time.
        public static var timedOut: Self { Self(.timedOut) }
        /// The TLS handshake failed (untrusted certificate, wrong host name).
        public static var tlsFailed: Self { Self(.tlsFailed) }
        /// The server refused the credentials.
        public static var authenticationFailed: Self { Self(.authenticationFailed) }
        /// The server refused the message permanently (5xx SMTP reply, 4xx Bot API error).
        public static var rejected: Self { Self(.rejected) }
        /// The server answered something the protocol does not allow.
        public static var protocolError: Self { Self(.protocolError) }
        /// The server asked to slow down (Telegram 429).
        public static var rateLimited: Self { Self(.rateLimited) }
        /// A temporary server failure (SMTP 4xx, HTTP 5xx).
        public static var serverError: Self { Self(.serverError) }
        /// The outbox could not be read or written.
        public static var storageFailed: Self { Self(.storageFailed) }
        /// A short name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var reason: Reason
    /// One sentence for humans; never contains a password or token.
    public var detail: String
    /// Whether a later retry may succeed (connection problems, 4xx SMTP, 429/5xx HTTP).
    public var isTransient: Bool
    /// Seconds the server asked us to wait (Telegram `retry_after`), if any.
    public var retryAfter: Double?

    /// Creates an error.
    public init(_ reason: Reason, detail: String, isTransient: Bool = false, retryAfter: Double? = nil) {
        self.reason = reason
        self.detail = detail
        self.isTransient = isTransient
        self.retryAfter = retryAfter
    }

    /// The reason and the detail.
    public var description: String { "\(reason): \(detail)" }
}
