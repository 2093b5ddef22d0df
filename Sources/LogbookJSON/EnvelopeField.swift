/// The top-level keys an event line may carry. Anything else is rejected, so a typo such as
/// "sesion_id" fails loudly instead of silently dropping the value.
enum EnvelopeField: UInt8 {
    case id, eventType, sessionID, traceID, userID, agentID, timestampMs, payload
    /// Assigned by the store; accepted and ignored so the output of `read` can be re-ingested.
    case position, sessionSeq, recordedAtMs

    var name: StaticString {
        switch self {
        case .id: "id"
        case .eventType: "event_type"
        case .sessionID: "session_id"
        case .traceID: "trace_id"
        case .userID: "user_id"
        case .agentID: "agent_id"
        case .timestampMs: "timestamp_ms"
        case .payload: "payload"
        case .position: "position"
        case .sessionSeq: "session_seq"
        case .recordedAtMs: "recorded_at_ms"
        }
    }

    /// One bit per field, for duplicate detection without a set.
    var bit: UInt16 { 1 << UInt16(rawValue) }

    /// Matches a decoded key. Length and first byte pick the only possible candidate, so each key
    /// costs one byte comparison loop.
    init?(key: UnsafeRawBufferPointer) {
        guard let first = key.first else { return nil }
        let candidate: EnvelopeField
        switch (key.count, first) {
        case (2, UInt8(ascii: "i")): candidate = .id
        case (7, UInt8(ascii: "p")): candidate = .payload
        case (7, UInt8(ascii: "u")): candidate = .userID
        case (8, UInt8(ascii: "a")): candidate = .agentID
        case (8, UInt8(ascii: "p")): candidate = .position
        case (8, UInt8(ascii: "t")): candidate = .traceID
        case (10, UInt8(ascii: "e")): candidate = .eventType
        case (10, UInt8(ascii: "s")): candidate = .sessionID
        case (11, UInt8(ascii: "s")): candidate = .sessionSeq
        case (12, UInt8(ascii: "t")): candidate = .timestampMs
        case (14, UInt8(ascii: "r")): candidate = .recordedAtMs
        default: return nil
        }
        let name = candidate.name
        guard key.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) else {
            return nil
        }
        self = candidate
    }
}
