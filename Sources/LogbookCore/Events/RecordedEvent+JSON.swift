import LogbookJSON

extension RecordedEvent {
    /// Appends the event as one JSON object (no newline): the envelope, the store-assigned
    /// fields and the payload bytes exactly as stored. A line printed here can be ingested
    /// again; the store-assigned fields are then ignored.
    public func appendJSON(to output: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { output.append(contentsOf: $0) }
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func uuid(_ value: LogUUID) {
            output.append(UInt8(ascii: "\""))
            value.appendCanonical(to: &output)
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: "{"))
        key("position"); output.append(contentsOf: String(position).utf8)
        key("id"); uuid(id)
        key("event_type"); JSONStringEscaper.append(eventType, to: &output)
        if let sessionID {
            key("session_id"); uuid(sessionID)
            key("session_seq"); output.append(contentsOf: String(sessionSeq).utf8)
        }
        key("trace_id"); uuid(traceID)
        if let userID { key("user_id"); JSONStringEscaper.append(userID, to: &output) }
        if let agentID { key("agent_id"); JSONStringEscaper.append(agentID, to: &output) }
        key("timestamp_ms"); output.append(contentsOf: String(timestampMs).utf8)
        key("recorded_at_ms"); output.append(contentsOf: String(recordedAtMs).utf8)
        key("payload"); output.append(contentsOf: payload)
        output.append(UInt8(ascii: "}"))
    }

    /// The event as one line of JSON.
    public var jsonLine: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
