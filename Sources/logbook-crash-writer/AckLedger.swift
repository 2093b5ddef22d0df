import LogbookCore

/// Every event a killed writer acknowledged, and the checks that it is still there.
struct AckLedger {
    /// What was acknowledged at each position.
    private var expected: [UInt64: EventDraft] = [:]
    /// Positions checked to be dense and unique up to here.
    private var checkedHead: UInt64 = 0
    private var pending: [UInt64] = []
    var problems: [String] = []

    var acknowledged: Int { expected.count }

    mutating func record(_ acks: [(index: Int, position: UInt64)], drafts: [EventDraft]) throws {
        for ack in acks {
            var draft = drafts[ack.index]
            draft.location = nil
            if let earlier = expected[ack.position], earlier != draft {
                problems.append("position \(ack.position) was acknowledged for two different events")
            }
            expected[ack.position] = draft
            pending.append(ack.position)
        }
    }

    /// Checks the new acknowledgements, and the positions appended since the last check;
    /// with `full`, every acknowledgement ever made.
    mutating func check(_ reader: LogReader, full: Bool) throws {
        let head = try reader.head()
        var seen = Set<LogUUID>()
        var next = checkedHead
        try reader.forEach(in: checkedHead..<head) { event in
            if event.position != next { problems.append("positions jump from \(next) to \(event.position)") }
            if !seen.insert(event.id).inserted { problems.append("event \(event.id) is stored twice") }
            next = event.position + 1
            return true
        }
        if next != head { problems.append("reading up to head \(head) ended at \(next)") }
        checkedHead = head
        let positions = full ? Array(expected.keys) : pending
        for position in positions {
            guard let draft = expected[position] else { continue }
            guard position < head, let stored = try reader.read(from: position, limit: 1).first else {
                problems.append("acknowledged position \(position) is missing (head \(head))")
                continue
            }
            let found = EventDraft(
                id: stored.id, eventType: stored.eventType, sessionID: stored.sessionID, traceID: stored.traceID,
                userID: stored.userID, agentID: stored.agentID, timestampMs: stored.timestampMs, payload: stored.payload
            )
            if found != draft { problems.append("event at position \(position) differs from what was acknowledged") }
        }
        pending.removeAll()
    }
}
