/// One log line of a run (`query logs`), from the `run_logs` read model.
public struct RunLogRow: QueryRow, Equatable {
    public var timestamp: Int64
    public var level: String
    public var message: String
    public var spanID: String?
    public var attributes: String?
    public var eventID: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case timestamp, level, message, spanID = "span_id", attributes, eventID = "event_id"
    }
    public typealias Columns = CodingKeys
}
