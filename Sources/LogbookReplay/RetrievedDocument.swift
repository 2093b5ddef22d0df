import LogbookJSON
import LogbookCore

/// A `document.retrieved`: what the agent read, and where from.
public struct RetrievedDocument: Sendable, Equatable, Encodable {
    public var position: UInt64
    public var timestampMs: Int64
    public var traceID: LogUUID
    public var title: String
    public var content: JSONValue
    public var contentType: String?
    public var sourceURL: String?
    public var metadata: JSONValue?

    init(event: RecordedEvent, payload: [String: JSONValue]) {
        position = event.position
        timestampMs = event.timestampMs
        traceID = event.traceID
        title = payload["title"]?.string ?? ""
        content = payload["content"] ?? .null
        contentType = payload["content_type"]?.string
        sourceURL = payload["source_url"]?.string
        metadata = payload["metadata"]
    }

    enum CodingKeys: String, CodingKey {
        case position, title, content, metadata
        case timestampMs = "timestamp_ms", traceID = "trace_id"
        case contentType = "content_type", sourceURL = "source_url"
    }
}
