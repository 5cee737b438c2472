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
    public static func text(
        _ operation: Operation, _ subscription: KISSubscription, approvalKey: String, customerType: String = "P"
    ) -> String {
        let wire = Wire(
            header: .init(approval_key: approvalKey, custtype: customerType, tr_type: operation.rawValue, content_type: "utf-8"),
            body: .init(input: .init(tr_id: subscription.transactionID.rawValue, tr_key: subscription.key)))
        let data = (try? JSONEncoder().encode(wire)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a request (used by the simulator); nil when it is not one.
    public static func parse(_ text: String) -> (operation: Operation?, subscription: KISSubscription, approvalKey: String)? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else { return nil }
        return (
            Operation(rawValue: wire.header.tr_type),
            KISSubscription(transactionID: KISTransactionID(rawValue: wire.body.input.tr_id), key: wire.body.input.tr_key),
            wire.header.approval_key
        )
    }
}
