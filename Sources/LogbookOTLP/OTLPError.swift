/// Why an OTLP body could not be read at all. (Single spans or log records that cannot be
/// mapped are not errors: they are counted in `OTLPBatch.rejected`.) The server answers these
/// with 400 and the message.
public struct OTLPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Extensible: new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The body is not a valid message of the signal's request type in its encoding.
        public static let malformedBody = Code(name: "malformed_body")
        /// An OTLP/JSON trace or span id that is not hex of the right length.
        public static let invalidID = Code(name: "invalid_id")
        /// A gzip body that does not inflate, or inflates past the size limit.
        public static let badCompression = Code(name: "bad_compression")
    }

    public var code: Code
    public var message: String

    public var description: String { message }

    static func malformed(_ signal: OTLPSignal, _ encoding: OTLPEncoding, detail: String) -> OTLPError {
        let type = signal == .traces ? "ExportTraceServiceRequest" : "ExportLogsServiceRequest"
        let format = encoding == .protobuf ? "protobuf" : "OTLP/JSON"
        return OTLPError(code: .malformedBody, message: "the body is not a valid \(format) \(type): \(detail)")
    }

    static func invalidID(field: String, value: String, offset: Int) -> OTLPError {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return OTLPError(
            code: .invalidID,
            message: "\(field) '\(shown)' at byte \(offset) is not a hex id: OTLP/JSON sends trace ids as 32 hex digits and span ids as 16, not base64"
        )
    }

    static func compression(_ detail: String) -> OTLPError {
        OTLPError(code: .badCompression, message: "the gzip body cannot be inflated: \(detail)")
    }
}
