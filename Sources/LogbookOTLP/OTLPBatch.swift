import SwiftProtobuf

/// What one OTLP export request became: Logbook event envelopes to append as one batch, and
/// the spans or log records that could not be mapped (OTLP's partial success).
public struct OTLPBatch: Sendable, Equatable {
    /// Event envelopes as compact JSON, one per element (no newline), in time order: the
    /// envelope of `POST /v1/events` (id, event_type, session_id?, trace_id, user_id?,
    /// agent_id?, timestamp_ms, payload). Ids are derived from span ids, so appending the
    /// events of a re-sent export stores nothing twice.
    public var events: [[UInt8]]
    /// Spans (for traces) or log records (for logs) left out.
    public var rejected: Int64
    /// Why, for the exporter; empty when nothing was rejected.
    public var errorMessage: String

    public init(events: [[UInt8]], rejected: Int64, errorMessage: String) {
        self.events = events
        self.rejected = rejected
        self.errorMessage = errorMessage
    }

    /// The body of the 200 response: an ExportTraceServiceResponse or ExportLogsServiceResponse
    /// in the request's encoding, with `partial_success` set only when something was rejected.
    public func responseBody(for signal: OTLPSignal, encoding: OTLPEncoding) -> [UInt8] {
        switch signal {
        case .traces:
            var response = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
            if rejected > 0 || !errorMessage.isEmpty {
                response.partialSuccess.rejectedSpans = rejected
                response.partialSuccess.errorMessage = errorMessage
            }
            return Self.encode(response, encoding)
        case .logs:
            var response = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse()
            if rejected > 0 || !errorMessage.isEmpty {
                response.partialSuccess.rejectedLogRecords = rejected
                response.partialSuccess.errorMessage = errorMessage
            }
            return Self.encode(response, encoding)
        }
    }

    private static func encode(_ message: some SwiftProtobuf.Message, _ encoding: OTLPEncoding) -> [UInt8] {
        // Neither can fail for these messages: they hold only strings and integers.
        switch encoding {
        case .protobuf: return (try? message.serializedBytes()) ?? []
        case .json: return (try? message.jsonUTF8Bytes()) ?? Array("{}".utf8)
        }
    }
}
