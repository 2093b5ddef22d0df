import LogbookJSON

/// One Logbook event made from a span or a log record, before it is written as an envelope.
struct MappedEvent {
    /// Who the event belongs to: the same for every event of one span or record.
    struct Envelope {
        var traceID: String
        var sessionID: String?
        var userID: String?
        var agentID: String?
    }

    var id: String
    var type: String
    var envelope: Envelope
    /// When it happened, in nanoseconds since the epoch; also the first sort key.
    var timeUnixNano: UInt64
    var payload: JSONObject
    /// Sort keys after the time, so any order of spans in a request gives one order of events.
    var traceBytes: [UInt8]
    var spanBytes: [UInt8]
    var rank: Int

    /// The envelope Logbook appends (see the HTTP API's event envelope), on one line.
    var line: [UInt8] {
        var envelope = JSONObject()
        envelope.set("id", id)
        envelope.set("event_type", type)
        envelope.set("session_id", self.envelope.sessionID)
        envelope.set("trace_id", self.envelope.traceID)
        envelope.set("user_id", self.envelope.userID)
        envelope.set("agent_id", self.envelope.agentID)
        envelope.set("timestamp_ms", .int(Int64(timeUnixNano / 1_000_000)))
        envelope.set("payload", .object(payload))
        var output: [UInt8] = []
        envelope.write(to: &output)
        return output
    }

    static func inOrder(_ lhs: MappedEvent, _ rhs: MappedEvent) -> Bool {
        if lhs.timeUnixNano != rhs.timeUnixNano { return lhs.timeUnixNano < rhs.timeUnixNano }
        if lhs.traceBytes != rhs.traceBytes { return lhs.traceBytes.lexicographicallyPrecedes(rhs.traceBytes) }
        if lhs.spanBytes != rhs.spanBytes { return lhs.spanBytes.lexicographicallyPrecedes(rhs.spanBytes) }
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        return lhs.id < rhs.id
    }
}
