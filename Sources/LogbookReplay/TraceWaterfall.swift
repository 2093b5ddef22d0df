import LogbookCore

/// The steps of one trace (an agent run) in time order, nested under their executions,
/// with the timing, tokens and cost a waterfall view draws.
public struct TraceWaterfall: Sendable, Equatable, Encodable {
    public var traceID: LogUUID
    public var point: ReplayPoint
    /// The sessions the trace's events belong to (normally one).
    public var sessionIDs: [LogUUID] = []
    /// The run, when `run.*` events are on the trace.
    public var run: RunSummary?
    /// Offsets are measured from here: `run.started`, else the earliest step.
    public var startMs: Int64 = 0
    /// The run's duration when it has ended; else up to the end of its last step.
    public var durationMs: Int64 = 0
    public var eventCount = 0
    public var steps: [TraceStep] = []
    public var usage = UsageTotals()
    public var warnings: [ReplayWarning] = []

    public init(traceID: LogUUID, point: ReplayPoint) {
        self.traceID = traceID
        self.point = point
    }

    enum CodingKeys: String, CodingKey {
        case run, steps, usage, warnings
        case traceID = "trace_id", asOf = "as_of", sessionIDs = "session_ids", startMs = "start_ms"
        case durationMs = "duration_ms", eventCount = "event_count"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(traceID, forKey: .traceID)
        try container.encode(point, forKey: .asOf)
        try container.encode(sessionIDs, forKey: .sessionIDs)
        try container.encodeIfPresent(run, forKey: .run)
        try container.encode(startMs, forKey: .startMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(steps, forKey: .steps)
        try container.encode(usage, forKey: .usage)
        try container.encode(warnings, forKey: .warnings)
    }
}
