import LogbookCore
import LogbookJSON

/// One execution of a run (`execution.started` … `.completed`/`.failed`, by `execution_id`).
/// As with runs, the earliest start and the earliest ending by `(timestamp_ms, event id)` count.
public struct ExecutionRecord: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Equatable, Encodable {
        case running, completed, failed
    }

    public var executionID: String
    public var traceID: LogUUID
    public var status: Status = .running
    public var startPosition: UInt64?
    public var startedAtMs: Int64?
    public var endPosition: UInt64?
    public var endedAtMs: Int64?
    public var inputData: JSONValue?
    public var outputData: JSONValue?
    public var errorMessage: String?
    private var startEventID = ""
    private var endEventID = ""

    init(executionID: String, traceID: LogUUID) {
        self.executionID = executionID
        self.traceID = traceID
    }

    @discardableResult
    mutating func start(_ event: RecordedEvent, _ payload: [String: JSONValue]) -> Precedence {
        let precedence = Precedence.of(event, against: startPosition.map { (startedAtMs ?? 0, startEventID, $0) })
        guard precedence.applies else { return precedence }
        startEventID = event.id.description
        startPosition = event.position
        startedAtMs = event.timestampMs
        inputData = payload["input_data"]
        return precedence
    }

    /// Applies an ending.
    mutating func end(failed: Bool, _ event: RecordedEvent, _ payload: [String: JSONValue]) -> Precedence {
        let precedence = Precedence.of(event, against: endPosition.map { (endedAtMs ?? 0, endEventID, $0) })
        guard precedence.applies else { return precedence }
        endEventID = event.id.description
        status = failed ? .failed : .completed
        endPosition = event.position
        endedAtMs = event.timestampMs
        outputData = payload["output_data"]
        errorMessage = payload["error_message"]?.string
        return precedence
    }

    enum CodingKeys: String, CodingKey {
        case status
        case executionID = "execution_id", traceID = "trace_id"
        case startPosition = "start_position", startedAtMs = "started_at_ms"
        case endPosition = "end_position", endedAtMs = "ended_at_ms"
        case inputData = "input_data", outputData = "output_data", errorMessage = "error_message"
    }
}
