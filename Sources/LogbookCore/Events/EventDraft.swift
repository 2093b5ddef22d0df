import LogbookJSON

/// An event as a client hands it to the log: everything but what the store assigns
/// (`position`, `session_seq`, `recorded_at_ms`).
public struct EventDraft: Sendable, Equatable {
    public var id: LogUUID
    public var eventType: String
    public var sessionID: LogUUID?
    public var traceID: LogUUID
    public var userID: String?
    public var agentID: String?
    public var timestampMs: Int64
    /// The payload's JSON bytes exactly as received; they are stored unchanged.
    public var payload: [UInt8] {
        // What the JSONL reader learnt of the old bytes does not hold for new ones.
        didSet {
            payloadIsValidated = false
            payloadMembers = nil
        }
    }
    /// Where the event came from, for error messages.
    public var location: EventLocation?
    /// True when the client sent no timestamp and the receiver's clock filled it in: a retry
    /// of such an event gets another one, so idempotency does not compare `timestamp_ms`.
    public var timestampIsDefault = false
    /// Set by the JSONL reader, which validates the payload while it scans the line.
    var payloadIsValidated = false
    /// The payload's top-level members, listed by the JSONL reader in the same pass, so the
    /// catalogue check does not scan the payload again.
    var payloadMembers: [JSONMember]?

    public init(
        id: LogUUID = .random(),
        eventType: String,
        sessionID: LogUUID? = nil,
        traceID: LogUUID,
        userID: String? = nil,
        agentID: String? = nil,
        timestampMs: Int64,
        payload: [UInt8]
    ) {
        self.id = id
        self.eventType = eventType
        self.sessionID = sessionID
        self.traceID = traceID
        self.userID = userID
        self.agentID = agentID
        self.timestampMs = timestampMs
        self.payload = payload
    }

    public static func == (lhs: EventDraft, rhs: EventDraft) -> Bool {
        lhs.id == rhs.id && lhs.eventType == rhs.eventType && lhs.sessionID == rhs.sessionID
            && lhs.traceID == rhs.traceID && lhs.userID == rhs.userID && lhs.agentID == rhs.agentID
            && lhs.timestampMs == rhs.timestampMs && lhs.payload == rhs.payload
    }
}
