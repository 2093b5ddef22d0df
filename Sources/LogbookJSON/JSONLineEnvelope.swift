/// The envelope fields of one event, as found on one JSONL line.
///
/// The payload is kept as a byte range rather than decoded, so ingest can store it verbatim.
public struct JSONLineEnvelope: Sendable, Equatable {
    public var id: String?
    public var eventType: String?
    public var sessionID: String?
    public var traceID: String?
    public var userID: String?
    public var agentID: String?
    public var timestampMs: Int64?
    /// Byte range of the payload value inside the scanned line.
    public var payload: Range<Int>?
    public var payloadKind: JSONValueKind?
    /// The payload's top-level members when it is an object, value ranges relative to its first byte.
    public var payloadMembers: [JSONMember]?

    public init() {}
}
