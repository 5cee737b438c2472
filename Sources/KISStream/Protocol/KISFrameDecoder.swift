import Foundation

/// Turns inbound text frames into typed records, control replies and diagnostics.
///
/// Pure and synchronous; never traps on input. Encrypted frames need the TR's key from its
/// `SUBSCRIBE SUCCESS` reply, stored per TR in ``cipherKeys``.
///
/// ```swift
/// var decoder = KISFrameDecoder()
/// switch decoder.decode(text) {
/// case .data(_, let records, _): …
/// case .control(let reply): if let key = reply.cipherKey, let tr = reply.transactionID { decoder.cipherKeys[tr] = key }
/// default: …
/// }
/// ```
public struct KISFrameDecoder: Sendable {
    /// AES key/IV pairs per TR.
    public var cipherKeys: [KISTransactionID: KISCipherKey]

    /// When an encrypted frame's TR has no key yet but the session has exactly one distinct
    /// key (KIS may use one pair per session; unconfirmed), try that key. Default true.
    public var usesSessionKeyFallback: Bool

    /// Creates a decoder.
    public init(cipherKeys: [KISTransactionID: KISCipherKey] = [:], usesSessionKeyFallback: Bool = true) {
        self.cipherKeys = cipherKeys
        self.usesSessionKeyFallback = usesSessionKeyFallback
    }

    func key(for transactionID: KISTransactionID) -> KISCipherKey? {
        if let key = cipherKeys[transactionID] { return key }
        guard usesSessionKeyFallback else { return nil }
        let distinct = Set(cipherKeys.values)
        return distinct.count == 1 ? distinct.first : nil
    }

    enum Layout { case trade, orderBook, notice, marketOperation }

    static let layouts: [KISTransactionID: Layout] = [
        .tradeTick: .trade, "H0NXCNT0": .trade, "H0UNCNT0": .trade,
        .orderBook: .orderBook, "H0NXASP0": .orderBook, "H0UNASP0": .orderBook,
        .executionNotice: .notice, .paperExecutionNotice: .notice,
        .marketOperation: .marketOperation,
    ]

    /// Classifies and decodes one text frame.
    public func decode(_ text: String) -> KISInboundFrame {
        guard let first = text.utf8.first else { return .malformed(KISDecodingError(detail: "empty frame")) }
        if first == UInt8(ascii: "0") || first == UInt8(ascii: "1") {
            return decodeData(text)
        }
        return decodeControl(text)
    }

    func decodeControl(_ text: String) -> KISInboundFrame {
        let envelope: KISControlEnvelope
        do {
            envelope = try JSONDecoder().decode(KISControlEnvelope.self, from: Data(text.utf8))
        } catch {
            return .malformed(KISDecodingError(detail: "neither a data frame nor JSON (\(text.prefix(40).count) chars)"))
        }
        guard let header = envelope.header else {
            return .malformed(KISDecodingError(detail: "control frame without a header"))
        }
        if header.tr_id == KISTransactionID.pingPong.rawValue { return .pingPong }
        guard let body = envelope.body, let code = body.msg_cd else {
            return .malformed(KISDecodingError(
                transactionID: header.tr_id.map(KISTransactionID.init(rawValue:)),
                detail: "control frame without body.msg_cd"))
        }
        let trID = header.tr_id.flatMap { $0.isEmpty || $0 == "(null)" ? nil : KISTransactionID(rawValue: $0) }
        var cipherKey: KISCipherKey?
        if let key = body.output?.key, let iv = body.output?.iv {
            cipherKey = try? KISCipherKey(key: key, iv: iv)
        }
        return .control(KISControlReply(
            transactionID: trID, transactionKey: header.tr_key.flatMap { $0.isEmpty ? nil : $0 },
            isEncrypted: header.encrypt == "Y", resultCode: body.rt_cd ?? "",
            code: KISControlCode(rawValue: code), message: body.msg1 ?? "", cipherKey: cipherKey))
    }

    func decodeData(_ text: String) -> KISInboundFrame {
        let frame: KISDataFrame
        do { frame = try KISDataFrame(parsing: text) } catch { return .malformed(error) }
        // The two market-data TRs skip the dictionary lookup.
        let layout: Layout
        if frame.transactionID == .tradeTick {
            layout = .trade
        } else if frame.transactionID == .orderBook {
            layout = .orderBook
        } else if let other = Self.layouts[frame.transactionID] {
            layout = other
        } else {
            return .unknownTransaction(frame.transactionID)
        }
        let plaintext: Substring
        if frame.isEncrypted {
            guard let key = key(for: frame.transactionID) else {
                return .malformed(KISDecodingError(
                    transactionID: frame.transactionID, detail: "encrypted frame before the TR's key arrived"))
            }
            do { plaintext = Substring(try key.decrypt(base64: frame.payload, transactionID: frame.transactionID)) } catch {
                return .malformed(error)
            }
        } else {
            plaintext = frame.payload
        }
        let minimum: Int
        switch layout {
        case .trade: minimum = KISTradeTick.documentedFieldCount
        case .orderBook: minimum = KISOrderBook.documentedFieldCount
        case .notice: minimum = 23
        case .marketOperation: minimum = KISMarketOperationNotice.minimumFieldCount
        }
        var payload = plaintext
        let transactionID = frame.transactionID
        let recordCount = frame.recordCount
        return payload.withUTF8 { bytes -> KISInboundFrame in
            // Field starts in one pass, written straight into uninitialised storage (no
            // per-field append checks): field i spans starts[i] ..< starts[i + 1] - 1.
            let starts = [Int](unsafeUninitializedCapacity: bytes.count + 2) { buffer, initialized in
                buffer[0] = 0
                var n = 1
                if let base = bytes.baseAddress {
                    for i in 0..<bytes.count where base[i] == UInt8(ascii: "^") {
                        buffer[n] = i + 1
                        n += 1
                    }
                }
                buffer[n] = bytes.count + 1
                initialized = n + 1
            }
            let fieldCount = starts.count - 1
            guard fieldCount % recordCount == 0 else {
                return .malformed(KISDecodingError(
                    transactionID: transactionID, detail: "\(fieldCount) fields do not divide into \(recordCount) records"))
            }
            let width = fieldCount / recordCount
            guard width >= minimum else {
                return .malformed(KISDecodingError(
                    transactionID: transactionID, detail: "records have \(width) fields, at least \(minimum) expected"))
            }
            var decoded: [KISRecord] = []
            decoded.reserveCapacity(recordCount)
            var failures: [KISDecodingError] = []
            starts.withUnsafeBufferPointer { all in
                for index in 0..<recordCount {
                    let reader = KISFieldReader(
                        bytes: bytes, starts: UnsafeBufferPointer(rebasing: all[(index * width)...(index * width + width)]),
                        transactionID: transactionID, record: index, quoteValues: layout != .notice)
                    do throws(KISDecodingError) {
                        switch layout {
                        case .trade: decoded.append(.trade(try KISTradeTick(reader)))
                        case .orderBook: decoded.append(.orderBook(try KISOrderBook(reader)))
                        case .notice: decoded.append(.executionNotice(try KISExecutionNotice(reader)))
                        case .marketOperation: decoded.append(.marketOperation(try KISMarketOperationNotice(reader)))
                        }
                    } catch {
                        failures.append(error)
                    }
                }
            }
            return .data(transactionID: transactionID, records: decoded, failures: failures)
        }
    }
}
