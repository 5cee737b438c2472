import KISREST
import KISStream

extension BotConfiguration.KISAccess {
    /// The credentials (secrets: never logged).
    var credentials: KISCredentials { KISCredentials(appKey: appKey, appSecret: appSecret, htsID: htsID) }

    /// A REST client for these hosts; orders only with `ordersEnabled` and an account.
    func restClient(account: KISAccount? = nil, ordersEnabled: Bool = false) -> KISRESTClient {
        KISRESTClient(credentials: credentials, configuration: KISRESTConfiguration(
            environment: paper ? .paper : .real, baseURL: restURL, account: account, ordersEnabled: ordersEnabled))
    }

    /// The realtime manager over these hosts: the WebSocket client as its source and the REST
    /// client's current-price inquiry as its poller.
    func realtimeManager(_ configuration: KISRealtimeManagerConfiguration = KISRealtimeManagerConfiguration(),
                         subscribePacing: Duration? = nil) -> KISRealtimeManager {
        var stream: KISStreamConfiguration = paper ? .paper : .real
        if let webSocketURL { stream.webSocketURL = webSocketURL }
        if let restURL { stream.restBaseURL = restURL }
        if let subscribePacing { stream.subscribePacing = subscribePacing }
        return KISRealtimeManager(source: KISRealtimeClient(credentials: credentials, configuration: stream), poller: restClient(),
                                  configuration: configuration)
    }
}
