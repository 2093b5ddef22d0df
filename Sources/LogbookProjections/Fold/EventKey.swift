/// `(timestamp_ms, event id)`, the key by which the earliest (or latest) of several
/// competing events wins (`EventRules.precedes`). The tables keep some as text
/// (`ProjectedEvent.orderKey`); the fold keeps them typed and writes the text when a row
/// is read out.
public struct EventKey: Sendable, Hashable, Comparable {
    public var timestampMs: Int64
    public var eventID: String

    public init(timestampMs: Int64, eventID: String) {
        self.timestampMs = timestampMs
        self.eventID = eventID
    }

    init(_ event: ProjectedEvent) {
        self.init(timestampMs: event.timestampMs, eventID: event.eventID)
    }

    public static func < (a: EventKey, b: EventKey) -> Bool {
        a.timestampMs != b.timestampMs ? a.timestampMs < b.timestampMs : a.eventID.sortsBefore(b.eventID)
    }

    /// The key as `ProjectedEvent.orderKey` writes it.
    public var text: String {
        ProjectedEvent.orderKey(timestampMs: timestampMs, eventID: eventID)
    }
}
