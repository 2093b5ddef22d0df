/// An event as the log holds it: the client's fields plus those the store assigned.
public struct RecordedEvent: Sendable, Equatable {
    /// Global, dense, strictly increasing, starting at 0.
    public var position: UInt64
    /// 1, 2, 3 … within the session; 0 for an event without a session.
    public var sessionSeq: UInt64
    public var recordedAtMs: Int64
    public var id: LogUUID
    public var eventType: String
    public var sessionID: LogUUID?
    public var traceID: LogUUID
    public var userID: String?
    public var agentID: String?
    public var timestampMs: Int64
    public var payload: [UInt8]

    public init(
        position: UInt64, sessionSeq: UInt64, recordedAtMs: Int64, id: LogUUID, eventType: String,
        sessionID: LogUUID?, traceID: LogUUID, userID: String?, agentID: String?, timestampMs: Int64,
        payload: [UInt8]
    ) {
        self.position = position
        self.sessionSeq = sessionSeq
        self.recordedAtMs = recordedAtMs
        self.id = id
        self.eventType = eventType
        self.sessionID = sessionID
        self.traceID = traceID
        self.userID = userID
        self.agentID = agentID
        self.timestampMs = timestampMs
        self.payload = payload
    }

    /// The payload as text, for display.
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }
}
