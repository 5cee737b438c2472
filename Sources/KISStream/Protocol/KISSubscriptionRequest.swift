public import Foundation

/// The JSON text of a register (`tr_type` 1) or release (`tr_type` 2) request.
public enum KISSubscriptionRequest {
    /// Register or release.
    public enum Operation: String, Sendable {
        /// `tr_type: "1"`.
        case subscribe = "1"
        /// `tr_type: "2"`.
        case unsubscribe = "2"
    }

    struct Wire: Codable {
        struct Header: Codable {
            var approval_key: String
            var custtype: String
            var tr_type: String
            var content_type: String
            enum CodingKeys: String, CodingKey {
                case approval_key, custtype, tr_type
                case content_type = "content-type"
            }
        }
        struct Body: Codable {
            struct Input: Codable {
                var tr_id: String
                var tr_key: String
            }
            var input: Input
        }
        var header: Header
        var body: Body
    }

    /// Builds the request text. The text contains the approval key: never log it.
    ///
    /// - Parameter customerType: `P` for individuals, `B` for corporations.
    /// - Parameter releaseType: The `tr_type` of a release (`"2"`; configurable because one
    ///   source says `"0"`).
    public static func text(
        _ operation: Operation, _ subscription: KISSubscription, approvalKey: String, customerType: String = "P",
        releaseType: String = "2"
    ) -> String {
        let trType = operation == .subscribe ? "1" : releaseType
        let wire = Wire(
            header: .init(approval_key: approvalKey, custtype: customerType, tr_type: trType, content_type: "utf-8"),
            body: .init(input: .init(tr_id: subscription.transactionID.rawValue, tr_key: subscription.key)))
        let data = (try? JSONEncoder().encode(wire)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a request (used by the simulator); nil when it is not one. `tr_type` `"0"` reads as a release.
    public static func parse(_ text: String) -> (operation: Operation?, subscription: KISSubscription, approvalKey: String)? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else { return nil }
        return (
            wire.header.tr_type == "0" ? .unsubscribe : Operation(rawValue: wire.header.tr_type),
            KISSubscription(transactionID: KISTransactionID(rawValue: wire.body.input.tr_id), key: wire.body.input.tr_key),
            wire.header.approval_key
        )
    }
}
