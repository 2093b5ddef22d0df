/// The OTLP signal an export carries; each has its own request and response messages.
public enum OTLPSignal: Sendable, Equatable {
    /// `POST /v1/traces`: ExportTraceServiceRequest.
    case traces
    /// `POST /v1/logs`: ExportLogsServiceRequest.
    case logs
}
