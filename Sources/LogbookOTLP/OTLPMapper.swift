/// The entry points for the OTLP/HTTP endpoints: a request body in, Logbook events out.
///
/// The server undoes `Content-Encoding: gzip` first (`Gzip.decompress`), picks the encoding
/// from the Content-Type (`OTLPEncoding(contentType:)`), calls `traces` or `logs`, appends
/// `events` as one batch, and answers 200 with `responseBody(for:encoding:)`; an `OTLPError`
/// is a 400 with its message.
public enum OTLPMapper {
    /// Maps an ExportTraceServiceRequest (`POST /v1/traces`). Spans that cannot be mapped are
    /// counted in `rejected` with the reasons in `errorMessage`; a body that is not a request
    /// at all throws.
    public static func traces(_ body: [UInt8], encoding: OTLPEncoding) throws(OTLPError) -> OTLPBatch {
        TraceMapping.map(try OTLPRequestDecoder.traces(body, encoding: encoding))
    }

    /// Maps an ExportLogsServiceRequest (`POST /v1/logs`) into run.log events. Records outside
    /// a trace are rejected (see docs/otlp.md).
    public static func logs(_ body: [UInt8], encoding: OTLPEncoding) throws(OTLPError) -> OTLPBatch {
        LogMapping.map(try OTLPRequestDecoder.logs(body, encoding: encoding))
    }
}
