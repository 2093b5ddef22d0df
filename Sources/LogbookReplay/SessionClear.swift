/// A `session.cleared`: the conversation starts again after it.
public struct SessionClear: Sendable, Equatable, Encodable {
    public var position: UInt64
    public var timestampMs: Int64
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case position, reason, timestampMs = "timestamp_ms"
    }
}
