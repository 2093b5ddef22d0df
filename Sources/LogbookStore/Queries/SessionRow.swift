/// One session in a list of sessions (`query sessions`).
public struct SessionRow: QueryRow, Equatable {
    public var sessionID: String
    public var userID: String?
    public var title: String?
    public var startedAt: Int64?
    public var lastEventAt: Int64
    public var eventCount: Int64
    public var clearedAt: Int64?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case sessionID = "session_id", userID = "user_id", title, startedAt = "started_at"
        case lastEventAt = "last_event_at", eventCount = "event_count", clearedAt = "cleared_at"
    }
    public typealias Columns = CodingKeys
}
