import LogbookJSON

extension EventDraft {
    /// Parses one JSONL line (the envelope fields plus `payload`) without Foundation: one
    /// validating pass over the bytes. `id` is generated when absent and `timestamp_ms`
    /// defaults to `defaultTimestampMs`; `event_type`, `trace_id` and `payload` are required.
    public static func parse(jsonLine line: UnsafeRawBufferPointer, location: EventLocation, defaultTimestampMs: Int64) throws(LogbookError) -> EventDraft {
        let envelope: JSONLineEnvelope
        do {
            envelope = try EnvelopeScanner.scan(line)
        } catch {
            throw .invalidEvent(error.message + " (byte \(error.offset))", field: error.field, event: location)
        }
        func uuid(_ text: String?, field: String) throws(LogbookError) -> LogUUID? {
            guard let text else { return nil }
            guard let value = LogUUID(text) else {
                throw .invalidEvent("'\(text)' is not a UUID (8-4-4-4-12 hex digits)", field: field, event: location)
            }
            return value
        }
        guard let eventType = envelope.eventType else { throw .invalidEvent("is missing", field: "event_type", event: location) }
        guard let traceID = try uuid(envelope.traceID, field: "trace_id") else {
            throw .invalidEvent("is missing (every event belongs to a trace: one agent run or request)", field: "trace_id", event: location)
        }
        guard let payloadRange = envelope.payload else { throw .invalidEvent("is missing", field: "payload", event: location) }
        guard envelope.payloadKind == .object else {
            throw .invalidEvent("must be a JSON object, got \(envelope.payloadKind.map { "\($0)" } ?? "nothing")", field: "payload", event: location)
        }
        var draft = EventDraft(
            id: try uuid(envelope.id, field: "id") ?? .random(),
            eventType: eventType,
            sessionID: try uuid(envelope.sessionID, field: "session_id"),
            traceID: traceID,
            userID: envelope.userID,
            agentID: envelope.agentID,
            timestampMs: envelope.timestampMs ?? defaultTimestampMs,
            payload: Array(line[payloadRange])
        )
        draft.location = location
        draft.timestampIsDefault = envelope.timestampMs == nil
        draft.payloadIsValidated = true
        draft.payloadMembers = envelope.payloadMembers
        return draft
    }

    public static func parse(jsonLine line: String, location: EventLocation = EventLocation(index: 0), defaultTimestampMs: Int64) throws(LogbookError) -> EventDraft {
        try Array(line.utf8).withBytes { (bytes) throws(LogbookError) in
            try parse(jsonLine: bytes, location: location, defaultTimestampMs: defaultTimestampMs)
        }
    }
}
