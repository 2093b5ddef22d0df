import LogbookJSON
import LogbookCatalogue
import LogbookCore

/// One agent run (a trace with `run.*` events) and how it ended, as far as the replayed
/// events tell. Of several `run.started`, or several terminal events, the earliest by
/// `(timestamp_ms, event id)` counts (`EventRules.precedes`), whatever order they arrived in;
/// the saved state is the latest `run.state_saved` by the same key.
public struct RunSummary: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Equatable, Encodable {
        case running, completed, failed, cancelled

        init?(terminalType: String) {
            switch terminalType {
            case EventType.runCompleted: self = .completed
            case EventType.runFailed: self = .failed
            case EventType.runCancelled: self = .cancelled
            default: return nil
            }
        }
    }

    public var traceID: LogUUID
    public var status: Status = .running
    public var agentName: String?
    public var objective: String?
    public var runName: String?
    public var tags: [String] = []
    public var environment: String?
    /// Where `run.started` is; nil when only later events of the run are visible.
    public var startPosition: UInt64?
    public var startedAtMs: Int64?
    /// Where the terminal event is.
    public var endPosition: UInt64?
    public var endedAtMs: Int64?
    public var finalOutput: JSONValue?
    public var errorMessage: String?
    public var totalIterations: Int64?
    /// The newest `run.state_saved`: what the run could resume from.
    public var lastSavedState: SavedState?
    /// The run's LLM calls (those on its trace within this session).
    public var usage = UsageTotals()
    /// The ids of the events that hold the start and the end, for `EventRules.precedes`.
    private var startEventID = ""
    private var endEventID = ""

    public init(traceID: LogUUID) {
        self.traceID = traceID
    }

    /// The run's wall time, when both ends are visible.
    public var durationMs: Int64? {
        guard let startedAtMs, let endedAtMs else { return nil }
        return endedAtMs.subtracting(saturating: startedAtMs)
    }

    /// Applies a `run.started`.
    @discardableResult
    mutating func start(_ event: RecordedEvent, _ payload: [String: JSONValue]) -> Precedence {
        let precedence = Precedence.of(event, against: startPosition.map { (startedAtMs ?? 0, startEventID, $0) })
        guard precedence.applies else { return precedence }
        startEventID = event.id.description
        startPosition = event.position
        startedAtMs = event.timestampMs
        agentName = payload["agent_name"]?.string
        objective = payload["objective"]?.string
        runName = payload["run_name"]?.string
        tags = payload["tags"]?.array?.compactMap(\.string) ?? []
        environment = payload["environment"]?.string
        return precedence
    }

    /// Applies a terminal event.
    mutating func end(_ status: Status, _ event: RecordedEvent, _ payload: [String: JSONValue]) -> Precedence {
        let precedence = Precedence.of(event, against: endPosition.map { (endedAtMs ?? 0, endEventID, $0) })
        guard precedence.applies else { return precedence }
        endEventID = event.id.description
        self.status = status
        endPosition = event.position
        endedAtMs = event.timestampMs
        finalOutput = payload["final_output"]
        errorMessage = payload["error_message"]?.string
        totalIterations = payload["total_iterations"]?.int
        return precedence
    }

    /// Applies a `run.state_saved`: the latest by `(timestamp_ms, event id)` is kept.
    mutating func save(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        if let saved = lastSavedState,
           EventRules.precedes((event.timestampMs, event.id.description), (saved.timestampMs, saved.eventID)) {
            return
        }
        lastSavedState = SavedState(event: event, payload: payload)
    }

    enum CodingKeys: String, CodingKey {
        case status, objective, tags, environment, usage
        case traceID = "trace_id", agentName = "agent_name", runName = "run_name"
        case startPosition = "start_position", startedAtMs = "started_at_ms"
        case endPosition = "end_position", endedAtMs = "ended_at_ms", durationMs = "duration_ms"
        case finalOutput = "final_output", errorMessage = "error_message"
        case totalIterations = "total_iterations", lastSavedState = "last_saved_state"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(traceID, forKey: .traceID)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(agentName, forKey: .agentName)
        try container.encodeIfPresent(objective, forKey: .objective)
        try container.encodeIfPresent(runName, forKey: .runName)
        try container.encode(tags, forKey: .tags)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(startPosition, forKey: .startPosition)
        try container.encodeIfPresent(startedAtMs, forKey: .startedAtMs)
        try container.encodeIfPresent(endPosition, forKey: .endPosition)
        try container.encodeIfPresent(endedAtMs, forKey: .endedAtMs)
        try container.encodeIfPresent(durationMs, forKey: .durationMs)
        try container.encodeIfPresent(finalOutput, forKey: .finalOutput)
        try container.encodeIfPresent(errorMessage, forKey: .errorMessage)
        try container.encodeIfPresent(totalIterations, forKey: .totalIterations)
        try container.encodeIfPresent(lastSavedState, forKey: .lastSavedState)
        try container.encode(usage, forKey: .usage)
    }
}

/// A `run.state_saved` snapshot.
public struct SavedState: Sendable, Equatable, Encodable {
    public var position: UInt64
    public var stateType: String
    public var schemaVersion: Int64?
    public var stateData: JSONValue
    var timestampMs: Int64
    var eventID: String

    init(event: RecordedEvent, payload: [String: JSONValue]) {
        position = event.position
        timestampMs = event.timestampMs
        eventID = event.id.description
        stateType = payload["state_type"]?.string ?? ""
        schemaVersion = payload["schema_version"]?.int
        stateData = payload["state_data"] ?? .object([:])
    }

    enum CodingKeys: String, CodingKey {
        case position, stateType = "state_type", schemaVersion = "schema_version", stateData = "state_data"
    }
}
