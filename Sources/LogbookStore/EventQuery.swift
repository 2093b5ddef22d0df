import LogbookCore

/// Which events a read returns: from a position on, at most `limit`, optionally only one
/// session's (in session order), one trace's, or one type's.
public struct EventQuery: Sendable, Equatable {
    public var from: UInt64
    public var limit: Int?
    public var session: LogUUID?
    public var trace: LogUUID?
    public var type: String?

    public init(from: UInt64 = 0, limit: Int? = nil, session: LogUUID? = nil, trace: LogUUID? = nil, type: String? = nil) {
        self.from = from
        self.limit = limit
        self.session = session
        self.trace = trace
        self.type = type
    }

    func matches(_ event: RecordedEvent) -> Bool {
        event.position >= from && matches(type: event.eventType, session: event.sessionID, trace: event.traceID)
    }

    /// Whether an event of this type, session and trace passes the filters (positions aside).
    public func matches(type eventType: String, session eventSession: LogUUID?, trace eventTrace: LogUUID) -> Bool {
        if let type, eventType != type { return false }
        if let session, eventSession != session { return false }
        if let trace, eventTrace != trace { return false }
        return true
    }
}

/// Events read up to a head, and where to go on from.
public struct EventPage: Sendable {
    public var events: [RecordedEvent]
    /// The position to read from next: past the last event returned, or the head read at the
    /// start when the page is not full (so a follower neither skips nor repeats an event).
    public var next: UInt64
}
