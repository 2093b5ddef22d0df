import LogbookJSON
import LogbookCore

/// One execution of a run (`execution.started` … `.completed`/`.failed`, by `execution_id`).
/// As with runs, the first ending in session order counts, whichever arrived first.
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

    init(executionID: String, traceID: LogUUID) {
        self.executionID = executionID
        self.traceID = traceID
    }

    mutating func start(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard startPosition == nil else { return }
        startPosition = event.position
        startedAtMs = event.timestampMs
        inputData = payload["input_data"]
    }

    /// Applies an ending; false when an earlier one already ended the execution.
    mutating func end(failed: Bool, _ event: RecordedEvent, _ payload: [String: JSONValue]) -> Bool {
        guard endPosition == nil else { return false }
        status = failed ? .failed : .completed
        endPosition = event.position
        endedAtMs = event.timestampMs
        outputData = payload["output_data"]
        errorMessage = payload["error_message"]?.string
        return true
    }

    enum CodingKeys: String, CodingKey {
        case status
        case executionID = "execution_id", traceID = "trace_id"
        case startPosition = "start_position", startedAtMs = "started_at_ms"
        case endPosition = "end_position", endedAtMs = "ended_at_ms"
        case inputData = "input_data", outputData = "output_data", errorMessage = "error_message"
    }
}
