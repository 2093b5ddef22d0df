import LogbookCore
import LogbookJSON

/// An event as the projectors see it: its envelope, its payload decoded once for all of
/// them, and its identifiers as the text the tables store. A class: every projector of a
/// batch is handed every event, and a reference is one retain where a struct of these
/// fields was seven.
public final class ProjectedEvent: Sendable {
    public let event: RecordedEvent
    /// The payload's fields; empty when the payload is not a JSON object.
    public let payload: [String: JSONValue]
    public let eventID: String
    public let traceID: String
    public let sessionID: String?

    public init(_ event: RecordedEvent) {
        self.event = event
        payload = JSONValue.object(payload: event.payload) ?? [:]
        eventID = event.id.description
        traceID = event.traceID.description
        sessionID = event.sessionID?.description
    }

    public var type: String { event.eventType }
    public var position: Int64 { Int64(event.position) }
    public var timestampMs: Int64 { event.timestampMs }

    /// Text that sorts as `(timestamp_ms, event id)` does (`EventRules.precedes`): the timestamp
    /// shifted to unsigned and zero-padded, then the id. Tables keep it beside a value that the
    /// earliest event carrying it decides, so the value does not depend on arrival order.
    public var orderKey: String {
        Self.orderKey(timestampMs: timestampMs, eventID: eventID)
    }

    /// `orderKey` of an event with this timestamp and id.
    public static func orderKey(timestampMs: Int64, eventID: String) -> String {
        let shifted = String(UInt64(bitPattern: timestampMs) ^ (1 << 63))
        return String(repeating: "0", count: 20 - shifted.count) + shifted + ":" + eventID
    }

    public func string(_ key: String) -> String? { payload[key]?.string }

    public func int(_ key: String) -> Int64? { payload[key]?.int }

    public func double(_ key: String) -> Double? { payload[key]?.double }

    public func bool(_ key: String) -> Bool? { payload[key]?.bool }

    /// A string field as is; any other value (content parts, an object) as compact JSON.
    public func text(_ key: String) -> String? {
        guard let value = payload[key] else { return nil }
        if case .null = value { return nil }
        return value.string ?? value.compactJSON
    }

    /// A field as compact JSON with sorted keys (objects and arrays kept whole).
    public func json(_ key: String) -> String? {
        guard let value = payload[key] else { return nil }
        if case .null = value { return nil }
        return value.compactJSON
    }
}
