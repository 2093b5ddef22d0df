import LogbookJSON
import LogbookCatalogue
import LogbookCore

/// Builds a `TraceWaterfall` from a trace's events.
///
/// Events are taken in `(timestamp_ms, event id)` order, so a trace whose events arrived out
/// of order still draws in time order, and of two events competing for one slot (a run's or
/// an execution's start or end) the earlier by that key wins, as everywhere
/// (`EventRules.precedes`). Arithmetic on client timestamps saturates; a step more than a
/// year from the run's start is drawn and named in a warning (a timestamp in the wrong unit). A step nests under the innermost execution that
/// was started and not yet ended when the step's first event happened. Timing follows what
/// each event means: `llm.interaction` is reported when the call returns, so it starts
/// `latency_ms` before its timestamp; a tool step runs from `tool.called` to `tool.result`
/// (or, with only the result visible, `latency_ms` before it); an execution from its start
/// to its end event. Thoughts, retrievals, checkpoints and messages are instants.
struct TraceWaterfallBuilder {
    private var waterfall: TraceWaterfall
    private var run: RunSummary?
    private var openExecutions: [Int] = []
    private var executionSteps: [String: Int] = [:]
    private var toolSteps: [String: Int] = [:]

    init(trace: LogUUID, point: ReplayPoint) {
        waterfall = TraceWaterfall(traceID: trace, point: point)
    }

    static func build(trace: LogUUID, events: [RecordedEvent], point: ReplayPoint = .latest) -> TraceWaterfall {
        var builder = TraceWaterfallBuilder(trace: trace, point: point)
        let timeOrder = events.sorted { EventRules.precedes(($0.timestampMs, $0.id.description), ($1.timestampMs, $1.id.description)) }
        for event in timeOrder { builder.apply(event) }
        return builder.finish()
    }

    private mutating func apply(_ event: RecordedEvent) {
        waterfall.eventCount += 1
        if let session = event.sessionID, !waterfall.sessionIDs.contains(session) { waterfall.sessionIDs.append(session) }
        guard let payload = JSONValue.object(payload: event.payload) else {
            return warn(event, "the payload is not a JSON object")
        }
        switch event.eventType {
        case EventType.runStarted:
            updateRun(event) { $0.start(event, payload) }
        case EventType.runCompleted, EventType.runFailed, EventType.runCancelled:
            let status = RunSummary.Status(terminalType: event.eventType)!
            var precedence = Precedence.first
            updateRun(event) { precedence = $0.end(status, event, payload) }
            if case .lost(let earlier) = precedence {
                warn(event, "\(event.eventType) is ignored: the run has an earlier ending (position \(earlier)) by timestamp")
            }
        case EventType.executionStarted, EventType.executionCompleted, EventType.executionFailed:
            applyExecution(event, payload)
        case EventType.llmInteraction:
            let call = LLMCallRecord(event: event, payload: payload)
            for problem in call.usageProblems { warn(event, problem) }
            var usage = UsageTotals()
            usage.add(call)
            let latency = call.latencyMs
            let detail = call.errorMessage ?? call.response?.text
            addStep(event, .llm, name: "\(call.provider)/\(call.model)", startMs: event.timestampMs.subtracting(saturating: latency ?? 0), durationMs: latency,
                    status: call.isError ? "error" : (call.status ?? "ok"), usage: usage, detail: detail)
        case EventType.toolCalled, EventType.toolResult:
            applyTool(event, payload)
        case EventType.agentThought:
            addStep(event, .thought, name: "thought", detail: payload["content"]?.text)
        case EventType.documentRetrieved:
            addStep(event, .document, name: payload["title"]?.string ?? "document", detail: payload["source_url"]?.string)
        case EventType.runStateSaved:
            updateRun(event) { $0.save(event, payload) }
            addStep(event, .stateSaved, name: payload["state_type"]?.string ?? "state")
        case EventType.spanRecorded:
            let started = payload["started_at_ms"]?.int
            let failed = EventRules.spanFailed(status: payload["status"]?.string, errorMessage: payload["error_message"]?.string)
            addStep(event, .span, name: payload["name"]?.string ?? "span", startMs: started,
                    durationMs: EventRules.spanLength(startedAtMs: started, endedAtMs: payload["ended_at_ms"]?.int),
                    status: failed ? "error" : payload["status"]?.string, detail: payload["error_message"]?.string)
        case EventType.runLog:
            addStep(event, .log, name: payload["level"]?.string ?? "log", detail: payload["message"]?.string)
        case EventType.handoffOccurred:
            addStep(event, .handoff, name: "\(payload["from_agent"]?.string ?? "?") → \(payload["to_agent"]?.string ?? "?")")
        case EventType.guardrailEvaluated:
            addStep(event, .guardrail, name: payload["name"]?.string ?? "guardrail",
                    status: payload["triggered"]?.bool == true ? "triggered" : "passed", detail: payload["output_info"]?.text)
        case EventType.messageAdded:
            addStep(event, .message, name: payload["role"]?.string ?? payload["type"]?.string ?? "message",
                    detail: MessageText.of(.object(payload)))
        default:
            addStep(event, .event, name: event.eventType)
        }
    }

    private mutating func applyExecution(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard let id = payload["execution_id"]?.string else {
            return warn(event, "\(event.eventType) has no string field 'execution_id'; skipped")
        }
        if event.eventType == EventType.executionStarted {
            guard executionSteps[id] == nil else { return warn(event, "execution \(id) started twice; ignored") }
            let index = addStep(event, .execution, name: id, status: "running", detail: payload["input_data"]?.text)
            executionSteps[id] = index
            openExecutions.append(index)
            return
        }
        let failed = event.eventType == EventType.executionFailed
        let detail = (failed ? payload["error_message"] : payload["output_data"])?.text
        guard let index = executionSteps[id] else {
            // Its start is not visible (or came later by the clock): a step of unknown length.
            executionSteps[id] = addStep(event, .execution, name: id, status: failed ? "failed" : "completed", detail: detail)
            return
        }
        guard waterfall.steps[index].status == "running" else { return warn(event, "execution \(id) ended twice; ignored") }
        waterfall.steps[index].positions.append(event.position)
        waterfall.steps[index].durationMs = event.timestampMs.subtracting(saturating: waterfall.steps[index].startMs)
        waterfall.steps[index].status = failed ? "failed" : "completed"
        if detail != nil { waterfall.steps[index].detail = detail }
        openExecutions.removeAll { $0 == index }
    }

    private mutating func applyTool(_ event: RecordedEvent, _ payload: [String: JSONValue]) {
        guard let id = payload["call_id"]?.string else {
            return warn(event, "\(event.eventType) has no string field 'call_id'; skipped")
        }
        var record = ToolCallRecord(callID: id, traceID: event.traceID)
        if let index = toolSteps[id] {
            let step = waterfall.steps[index]
            if event.eventType == EventType.toolResult {
                record.calledAtMs = step.startMs
                record.result(event, payload)
                waterfall.steps[index].durationMs = record.latencyMs
                waterfall.steps[index].status = record.status.rawValue
                waterfall.steps[index].detail = (record.errorMessage.map(JSONValue.string) ?? record.output)?.text
            } else {
                waterfall.steps[index].name = payload["tool_name"]?.string ?? step.name
            }
            waterfall.steps[index].positions.append(event.position)
            return
        }
        if event.eventType == EventType.toolCalled {
            record.call(event, payload)
            toolSteps[id] = addStep(event, .tool, name: record.toolName ?? "tool", status: record.status.rawValue,
                                    detail: record.arguments?.text)
        } else {
            record.result(event, payload)
            toolSteps[id] = addStep(event, .tool, name: "tool", startMs: event.timestampMs.subtracting(saturating: record.latencyMs ?? 0),
                                    durationMs: record.latencyMs, status: record.status.rawValue,
                                    detail: (record.errorMessage.map(JSONValue.string) ?? record.output)?.text)
        }
    }

    @discardableResult
    private mutating func addStep(
        _ event: RecordedEvent, _ kind: TraceStep.Kind, name: String, startMs: Int64? = nil, durationMs: Int64? = nil,
        status: String? = nil, usage: UsageTotals? = nil, detail: String? = nil
    ) -> Int {
        let step = TraceStep(
            index: waterfall.steps.count, parent: openExecutions.last, depth: openExecutions.count, kind: kind, name: name,
            positions: [event.position], startMs: startMs ?? event.timestampMs, durationMs: durationMs, status: status,
            usage: usage, detail: detail?.excerpt(160))
        waterfall.steps.append(step)
        return step.index
    }

    private mutating func updateRun(_ event: RecordedEvent, _ change: (inout RunSummary) -> Void) {
        var summary = run ?? RunSummary(traceID: event.traceID)
        change(&summary)
        run = summary
    }

    private mutating func warn(_ event: RecordedEvent, _ message: String) {
        waterfall.warnings.append(ReplayWarning(position: event.position, message: message))
    }

    /// A step further than this from the run's start has a timestamp in the wrong unit.
    static let implausibleOffsetMs: Int64 = 366 * 86_400_000

    /// Sets offsets from the run's start, adds each call's usage to its enclosing executions.
    private func finish() -> TraceWaterfall {
        var result = waterfall
        let start = run?.startedAtMs ?? result.steps.map(\.startMs).min() ?? 0
        result.startMs = start
        for index in result.steps.indices {
            let offset = result.steps[index].startMs.subtracting(saturating: start)
            result.steps[index].offsetMs = offset
            if offset.saturatingMagnitude > Self.implausibleOffsetMs {
                result.warnings.append(ReplayWarning(
                    position: result.steps[index].positions[0],
                    message: "the step starts \(DisplayFormat.duration(offset)) from the run's start: is its timestamp_ms in milliseconds?"))
            }
            guard result.steps[index].kind == .llm, let usage = result.steps[index].usage else { continue }
            result.usage.add(usage)
            var parent = result.steps[index].parent
            while let ancestor = parent {
                var total = result.steps[ancestor].usage ?? UsageTotals()
                total.add(usage)
                result.steps[ancestor].usage = total
                parent = result.steps[ancestor].parent
            }
        }
        if var run {
            run.usage = result.usage
            result.run = run
        }
        let lastEnd = result.steps.map { $0.endMs ?? $0.startMs }.max() ?? start
        result.durationMs = run?.durationMs ?? max(0, lastEnd.subtracting(saturating: start))
        return result
    }
}
