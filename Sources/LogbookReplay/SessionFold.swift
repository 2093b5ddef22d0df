import LogbookJSON
import LogbookCatalogue
import LogbookCore

/// Folds a session's events, in session order, into its `SessionContext`.
///
/// Session order (`session_seq`, which is position order) is the order the store recorded
/// and a reader sees, so it is what "as of" cuts. Clients' timestamps may disagree with it
/// when events arrive out of order; the fold does not reorder by them. What arrives early
/// is kept until its partner shows up: a tool result before its call, a run's ending before
/// its start (the run is then already ended), a tool message before the assistant message
/// that asked for it (see `Conversation`). Where several events compete for one slot — a
/// run's or execution's start or end, the session's `session.started` — the earliest by
/// `(timestamp_ms, event id)` wins, as in the projections (`EventRules.precedes`).
public struct SessionFold: Sendable {
    private var state: SessionContext
    private var conversation = Conversation()
    private var runIndex: [LogUUID: Int] = [:]
    private var executionIndex: [String: Int] = [:]
    private var toolCallIndex: [String: Int] = [:]
    /// The `session.started` that gave the title: timestamp, id, position.
    private var sessionStart: (timestampMs: Int64, id: String, position: UInt64)?

    public init(sessionID: LogUUID, point: ReplayPoint = .latest) {
        state = SessionContext(sessionID: sessionID, point: point)
    }

    /// The context of `events` (one session's, in session order).
    public static func context(session: LogUUID, events: [RecordedEvent], point: ReplayPoint = .latest) -> SessionContext {
        var fold = SessionFold(sessionID: session, point: point)
        for event in events { fold.apply(event) }
        return fold.context()
    }

    public mutating func apply(_ event: RecordedEvent) {
        noteEnvelope(event)
        guard let payload = JSONValue.object(payload: event.payload) else {
            warn(event, "the payload is not a JSON object")
            return
        }
        switch event.eventType {
        case EventType.sessionStarted:
            if Precedence.of(event, against: sessionStart).applies {
                sessionStart = (event.timestampMs, event.id.description, event.position)
                state.startedAtMs = event.timestampMs
                state.title = payload["title"]?.string
                state.metadata = payload["metadata"]
            }
        case EventType.messageAdded:
            conversation.add(ChatMessage(
                payload: .object(payload), bytes: event.payload, position: event.position, timestampMs: event.timestampMs, eventID: event.id.description))
        case EventType.messageRemoved:
            guard let named = payload["event_id"]?.string else {
                return warn(event, "message.removed has no string field 'event_id'; skipped")
            }
            conversation.remove(eventID: LogUUID(named)?.description ?? named.lowercased())
        case EventType.sessionCleared:
            conversation.clear()
            state.clears.append(SessionClear(position: event.position, timestampMs: event.timestampMs, reason: payload["reason"]?.string))
        case EventType.runStarted:
            updateRun(event.traceID) { $0.start(event, payload) }
        case EventType.runCompleted, EventType.runFailed, EventType.runCancelled:
            let status = RunSummary.Status(terminalType: event.eventType)!
            var precedence = Precedence.first
            updateRun(event.traceID) { precedence = $0.end(status, event, payload) }
            warnSecondEnding(event, precedence, of: "the run")
        case EventType.runStateSaved:
            updateRun(event.traceID) { $0.save(event, payload) }
        case EventType.executionStarted, EventType.executionCompleted, EventType.executionFailed:
            applyExecution(event, payload)
        case EventType.toolCalled, EventType.toolResult:
            applyTool(event, payload)
        case EventType.llmInteraction:
            let call = LLMCallRecord(event: event, payload: payload)
            for problem in call.usageProblems { warn(event, problem) }
            state.llmCalls.append(call)
        case EventType.documentRetrieved:
            state.documents.append(RetrievedDocument(event: event, payload: payload))
        default:
            // agent.thought, agent.registered and types outside the catalogue are counted only.
            break
        }
    }

    /// The context of everything applied so far.
    public func context() -> SessionContext {
        var result = state
        result.messages = conversation.arranged()
        var usageByTrace: [LogUUID: UsageTotals] = [:]
        for call in result.llmCalls {
            result.usage.add(call)
            usageByTrace[call.traceID, default: UsageTotals()].add(call)
        }
        for index in result.runs.indices {
            result.runs[index].usage = usageByTrace[result.runs[index].traceID] ?? UsageTotals()
        }
        result.errors = failures(in: result)
        return result
    }

    private mutating func noteEnvelope(_ event: RecordedEvent) {
        state.eventCount += 1
        state.lastPosition = event.position
        state.lastRecordedAtMs = event.recordedAtMs
        state.eventCounts[event.eventType, default: 0] += 1
        state.firstTimestampMs = min(state.firstTimestampMs ?? event.timestampMs, event.timestampMs)
        state.lastTimestampMs = max(state.lastTimestampMs ?? event.timestampMs, event.timestampMs)
        if let user = event.userID, !state.userIDs.contains(user) { state.userIDs.append(user) }
        if let agent = event.agentID, !state.agentIDs.contains(agent) { state.agentIDs.append(agent) }
    }

    private mutating func updateRun(_ trace: LogUUID, _ change: (inout RunSummary) -> Void) {
        let index = runIndex[trace] ?? {
            state.runs.append(RunSummary(traceID: trace))
            runIndex[trace] = state.runs.count - 1
            return state.runs.count - 1
        }()
        change(&state.runs[index])
    }

    private mutating func applyExecution(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard let id = payload["execution_id"]?.string else {
            return warn(event, "\(event.eventType) has no string field 'execution_id'; skipped")
        }
        let index = executionIndex[id] ?? {
            state.executions.append(ExecutionRecord(executionID: id, traceID: event.traceID))
            executionIndex[id] = state.executions.count - 1
            return state.executions.count - 1
        }()
        if event.eventType == EventType.executionStarted {
            state.executions[index].start(event, payload)
        } else {
            let precedence = state.executions[index].end(failed: event.eventType == EventType.executionFailed, event, payload)
            warnSecondEnding(event, precedence, of: "execution \(id)")
        }
    }

    private mutating func applyTool(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard let id = payload["call_id"]?.string else {
            return warn(event, "\(event.eventType) has no string field 'call_id'; skipped")
        }
        let index = toolCallIndex[id] ?? {
            state.toolCalls.append(ToolCallRecord(callID: id, traceID: event.traceID))
            toolCallIndex[id] = state.toolCalls.count - 1
            return state.toolCalls.count - 1
        }()
        if event.eventType == EventType.toolCalled {
            state.toolCalls[index].call(event, payload)
        } else {
            state.toolCalls[index].result(event, payload)
        }
    }

    private mutating func warn(_ event: RecordedEvent, _ message: String) {
        state.warnings.append(ReplayWarning(position: event.position, message: message))
    }

    /// A second ending names the one that does not count.
    private mutating func warnSecondEnding(_ event: RecordedEvent, _ precedence: Precedence, of subject: String) {
        switch precedence {
        case .first: break
        case .lost(let earlier):
            warn(event, "\(event.eventType) is ignored: \(subject) has an earlier ending (position \(earlier)) by timestamp")
        case .won(let later):
            state.warnings.append(ReplayWarning(
                position: later, message: "this ending of \(subject) is ignored: \(event.eventType) at position \(event.position) is earlier by timestamp"))
        }
    }

    private func failures(in context: SessionContext) -> [RecordedFailure] {
        var failures: [RecordedFailure] = []
        for run in context.runs where run.status == .failed {
            failures.append(RecordedFailure(
                kind: .runFailed, position: run.endPosition ?? 0, timestampMs: run.endedAtMs ?? 0, traceID: run.traceID,
                subject: run.runName ?? run.agentName ?? "run", message: run.errorMessage ?? "run failed"))
        }
        for execution in context.executions where execution.status == .failed {
            failures.append(RecordedFailure(
                kind: .executionFailed, position: execution.endPosition ?? 0, timestampMs: execution.endedAtMs ?? 0,
                traceID: execution.traceID, subject: execution.executionID, message: execution.errorMessage ?? "execution failed"))
        }
        for call in context.llmCalls where call.isError {
            failures.append(RecordedFailure(
                kind: .llmError, position: call.position, timestampMs: call.timestampMs, traceID: call.traceID,
                subject: call.model, message: call.errorMessage ?? "status \(call.status ?? "error")"))
        }
        for call in context.toolCalls where call.status == .failed {
            failures.append(RecordedFailure(
                kind: .toolError, position: call.resultPosition ?? 0, timestampMs: call.resultAtMs ?? 0, traceID: call.traceID,
                subject: call.toolName ?? call.callID, message: call.errorMessage ?? "tool returned an error"))
        }
        return failures.sorted { $0.position < $1.position }
    }
}
