import LogbookJSON
import SwiftProtobuf

typealias TraceRequest = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
typealias LogsRequest = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest

/// Reads an export request from its body in either OTLP/HTTP encoding. Both give the same
/// message, so the mapping cannot tell them apart: protobuf and JSON bodies of the same spans
/// give the same events.
enum OTLPRequestDecoder {
    static func traces(_ body: [UInt8], encoding: OTLPEncoding) throws(OTLPError) -> TraceRequest {
        try decode(TraceRequest.self, body, encoding: encoding, signal: .traces)
    }

    static func logs(_ body: [UInt8], encoding: OTLPEncoding) throws(OTLPError) -> LogsRequest {
        try decode(LogsRequest.self, body, encoding: encoding, signal: .logs)
    }

    private static func decode<M: SwiftProtobuf.Message>(
        _ type: M.Type, _ body: [UInt8], encoding: OTLPEncoding, signal: OTLPSignal
    ) throws(OTLPError) -> M {
        switch encoding {
        case .protobuf:
            do {
                return try M(serializedBytes: body)
            } catch {
                throw .malformed(signal, encoding, detail: "\(error)")
            }
        case .json:
            do {
                _ = try JSONScanner.validate(body)
            } catch {
                throw .malformed(signal, encoding, detail: error.description)
            }
            let rewritten = try OTLPJSONIDs.rewrite(body)
            // OTLP/JSON receivers must ignore fields they do not know (newer senders add some).
            var options = JSONDecodingOptions()
            options.ignoreUnknownFields = true
            do {
                return try M(jsonUTF8Bytes: rewritten, options: options)
            } catch {
                throw .malformed(signal, encoding, detail: "\(error)")
            }
        }
    }
}
