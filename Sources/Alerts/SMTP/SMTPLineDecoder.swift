import NIOCore

/// Splits an SMTP byte stream into reply lines (CRLF or LF removed).
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    /// Longest reply line accepted (RFC 5321 allows 512; servers exceed it in practice).
    static let maximumLineLength = 16 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw AlertError(.protocolError, detail: "SMTP reply line longer than \(Self.maximumLineLength) bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
