/// The app key and secret (and HTS ID for notices) of one KIS account.
///
/// Every description shows `<redacted>`; nothing in KISREST or KISStream logs or prints these values.
public struct KISCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The 36-character app key.
    public let appKey: String
    /// The app secret (sent as `appsecret` on REST calls and as `secretkey` to `/oauth2/Approval`).
    public let appSecret: String
    /// The HTS (login) ID, the `tr_key` of execution notices; nil when notices are not needed.
    public let htsID: String?

    /// Creates credentials.
    public init(appKey: String, appSecret: String, htsID: String? = nil) {
        self.appKey = appKey
        self.appSecret = appSecret
        self.htsID = htsID
    }

    /// `KISCredentials(<redacted>)`.
    public var description: String { "KISCredentials(<redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without children, so `dump` shows nothing secret.
    public var customMirror: Mirror { Mirror(self, children: KeyValuePairs<String, Any>()) }
}
