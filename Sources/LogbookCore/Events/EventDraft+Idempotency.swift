/// Whether an event sent again is the same event: the comparison behind idempotent appends.
/// Payloads are compared as the bytes received, since those are what the log stores; a
/// timestamp the receiver filled in (`timestampIsDefault`) is not compared.
extension EventDraft {
    /// The first field (as the JSONL envelope names it) in which `other` differs, or nil.
    func firstDifference(from other: EventDraft) -> String? {
        firstDifference(
            eventType: other.eventType, sessionID: other.sessionID, traceID: other.traceID, userID: other.userID,
            agentID: other.agentID, timestampMs: other.timestampIsDefault ? nil : other.timestampMs, payload: other.payload
        )
    }

    /// The first field in which the stored `event` differs, or nil.
    func firstDifference(from event: RecordedEvent) -> String? {
        firstDifference(
            eventType: event.eventType, sessionID: event.sessionID, traceID: event.traceID, userID: event.userID,
            agentID: event.agentID, timestampMs: event.timestampMs, payload: event.payload
        )
    }

    private func firstDifference(
        eventType: String, sessionID: LogUUID?, traceID: LogUUID, userID: String?, agentID: String?, timestampMs: Int64?, payload: [UInt8]
    ) -> String? {
        if self.eventType != eventType { return "event_type" }
        if self.sessionID != sessionID { return "session_id" }
        if self.traceID != traceID { return "trace_id" }
        if self.userID != userID { return "user_id" }
        if self.agentID != agentID { return "agent_id" }
        if let timestampMs, !timestampIsDefault, self.timestampMs != timestampMs { return "timestamp_ms" }
        if self.payload != payload { return "payload" }
        return nil
    }
}
