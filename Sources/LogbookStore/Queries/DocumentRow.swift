/// A document a session retrieved (`query documents`).
public struct DocumentRow: QueryRow, Equatable {
    public var eventID: String
    public var runID: String
    public var title: String?
    public var contentType: String?
    public var sourceURL: String?
    public var timestamp: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventID = "event_id", runID = "run_id", title, contentType = "content_type", sourceURL = "source_url", timestamp
    }
    public typealias Columns = CodingKeys
}
