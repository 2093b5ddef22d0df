import LogbookJSON

/// Checks what a client sends before it reaches the writer — the envelope, the payload's
/// syntax and size, and, through `payloadCheck`, the fields of catalogued types — so a bad event is refused
/// with its index (or JSONL line) and field, and the writer thread never spends time on it.
struct EventValidator {
    static let maxTypeBytes = 128
    static let maxNameBytes = 1024

    let maxPayloadBytes: Int
    let payloadCheck: PayloadCheck?

    /// Checks every event; an id used twice in the batch must come with the same content
    /// (the writer stores it once), else the batch is refused as a conflict.
    func validate(_ events: [EventDraft]) throws(LogbookError) {
        var seen: [LogUUID: Int] = [:]
        seen.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            let location = event.location ?? EventLocation(index: index)
            try validate(event, at: location)
            if let first = seen.updateValue(index, forKey: event.id) {
                seen[event.id] = first
                if let field = event.firstDifference(from: events[first]) {
                    throw .idConflict(event.id, position: nil, earlier: events[first].location ?? EventLocation(index: first), field: field, event: location)
                }
            }
        }
    }

    /// An expected version must name a session the batch writes to: one that names no event
    /// of the batch is a caller's mistake (a wrong session id), refused rather than ignored.
    func validate(expectations: [LogUUID: UInt64], for events: [EventDraft]) throws(LogbookError) {
        guard !expectations.isEmpty else { return }
        let sessions = Set(events.compactMap(\.sessionID))
        for session in expectations.keys.sorted() where !sessions.contains(session) {
            throw LogbookError(
                code: .invalidEvent,
                message: "an expected version is given for session \(session), which has no event in the batch; nothing of this batch was written"
            )
        }
    }

    func validate(_ event: EventDraft, at location: EventLocation) throws(LogbookError) {
        let type = event.eventType.utf8
        guard !type.isEmpty else { throw .invalidEvent("must not be empty", field: "event_type", event: location) }
        guard type.count <= Self.maxTypeBytes else {
            throw .invalidEvent("is \(type.count) bytes, the limit is \(Self.maxTypeBytes)", field: "event_type", event: location)
        }
        guard type.allSatisfy(Self.isTypeCharacter) else {
            throw .invalidEvent("'\(event.eventType)' may hold only letters, digits, '.', '_' and '-'", field: "event_type", event: location)
        }
        for (field, value) in [("user_id", event.userID), ("agent_id", event.agentID)] {
            if let value, value.utf8.count > Self.maxNameBytes {
                throw .invalidEvent("is \(value.utf8.count) bytes, the limit is \(Self.maxNameBytes)", field: field, event: location)
            }
        }
        guard event.payload.count <= maxPayloadBytes else {
            throw .invalidEvent("is \(event.payload.count) bytes, the limit is \(maxPayloadBytes) (raise it with the payload limit option)", field: "payload", event: location)
        }
        if !event.payloadIsValidated {
            let kind: JSONValueKind
            do {
                kind = try JSONScanner.validate(event.payload)
            } catch {
                throw .invalidEvent("is not valid JSON: \(error)", field: "payload", event: location)
            }
            guard kind == .object else { throw .invalidEvent("must be a JSON object, got \(kind)", field: "payload", event: location) }
        }
        if let payloadCheck, let problem = payloadCheck(event.payload, event.eventType, event.payloadMembers) {
            throw .invalidEvent(problem.reason, field: "payload.\(problem.field)", event: location)
        }
    }

    private static func isTypeCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
