/// How many events of one type a run has (`query events`).
public struct EventTypeCount: Codable, Sendable, Equatable {
    public var eventType: String
    public var count: Int

    public enum CodingKeys: String, CodingKey {
        case eventType = "event_type", count
    }
}
