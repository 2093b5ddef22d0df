import LogbookCatalogue
import LogbookCore

/// Events that exercise the merge rules: tombstones before and after their run's events,
/// removals before their message, earlier starts and ends that arrive later, sessions
/// without `session.started`, spans, tool results before their calls.
public enum FoldEdgeCases {
    public static let base: Int64 = 1_767_225_600_000

    public static func drafts() -> [EventDraft] {
        var drafts: [EventDraft] = []
        let session = LogUUID("5e55a000-0000-4000-8000-000000000001")!
        let quiet = LogUUID("5e55a000-0000-4000-8000-000000000002")!
        func add(
            _ type: String, trace: LogUUID, session: LogUUID? = session, at: Int64, agent: String? = "agent-1",
            user: String? = "user-1", id: LogUUID = .random(), _ payload: String = "{}"
        ) {
            drafts.append(EventDraft(
                id: id, eventType: type, sessionID: session, traceID: trace, userID: user, agentID: agent,
                timestampMs: base + at, payload: Array(payload.utf8)))
        }
        // A run with every kind of step, an earlier start and an earlier failure arriving late.
        let run = LogUUID("a0000000-0000-4000-8000-000000000001")!
        add(EventType.sessionStarted, trace: run, at: 5, #"{"title":"Later title","metadata":{"b":1,"a":2}}"#)
        add(EventType.sessionStarted, trace: run, at: 1, #"{"title":"First title"}"#)
        add(EventType.runStarted, trace: run, at: 10, agent: nil, #"{"agent_name":"triage","objective":"sort","tags":["x"]}"#)
        add(EventType.runStarted, trace: run, at: 8, agent: "agent-early", #"{"agent_name":"triage-early","objective":"sort early","additional_context":"ctx"}"#)
        add(EventType.llmInteraction, trace: run, at: 20, #"{"provider":"openai","model":"gpt-4o","prompt":"p","response":"r","input_tokens":1001,"cached_input_tokens":400,"output_tokens":117,"latency_ms":320}"#)
        add(EventType.llmInteraction, trace: run, at: 21, #"{"provider":"openai","model":"gpt-4o-mini","prompt":[{"role":"user","content":"hi"}],"input_tokens":7,"output_tokens":3}"#)
        add(EventType.llmInteraction, trace: run, at: 22, #"{"provider":"acme","model":"house-7","prompt":"p","input_tokens":5,"status":"error","error_message":"boom"}"#)
        add(EventType.llmInteraction, trace: run, at: 23, #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":3,"output_tokens":1,"cost_usd":0.0000025}"#)
        add(EventType.toolResult, trace: run, at: 31, #"{"call_id":"c1","output":"3 hits","latency_ms":12.5}"#)
        add(EventType.toolCalled, trace: run, at: 30, #"{"call_id":"c1","tool_name":"search","arguments":{"q":"x"}}"#)
        add(EventType.toolResult, trace: run, at: 33, #"{"call_id":"c2","is_error":true,"output":"no"}"#)
        add(EventType.agentThought, trace: run, at: 30, #"{"content":"thinking"}"#)
        add(EventType.spanRecorded, trace: run, at: 40, #"{"name":"guard","started_at_ms":1767225600015,"ended_at_ms":1767225600045,"attributes":{"k":"v"}}"#)
        add(EventType.spanRecorded, trace: run, at: 41, #"{"name":"no-start","status":"error"}"#)
        add(EventType.executionStarted, trace: run, at: 12, #"{"execution_id":"e1","input_data":"in"}"#)
        add(EventType.executionStarted, trace: run, at: 11, #"{"execution_id":"e1","input_data":"earlier in"}"#)
        add(EventType.executionCompleted, trace: run, at: 50, #"{"execution_id":"e1","output_data":{"ok":true}}"#)
        add(EventType.executionFailed, trace: run, at: 49, #"{"execution_id":"e1","error_message":"earlier failure"}"#)
        add(EventType.executionFailed, trace: run, at: 52, #"{"execution_id":"e2","error_message":"end only"}"#)
        add(EventType.documentRetrieved, trace: run, at: 25, #"{"title":"Doc","content":"body","content_type":"text/plain","source_url":"https://example.com","metadata":{"z":1,"a":[1,2]}}"#)
        add(EventType.runStateSaved, trace: run, at: 60, #"{"state_type":"checkpoint","schema_version":2,"state_data":{"step":2}}"#)
        add(EventType.runStateSaved, trace: run, at: 55, #"{"state_type":"checkpoint","schema_version":1,"state_data":{"step":1}}"#)
        add(EventType.handoffOccurred, trace: run, at: 35, #"{"from_agent":"triage","to_agent":"billing","span_id":"s1"}"#)
        add(EventType.guardrailEvaluated, trace: run, at: 36, #"{"name":"pii","kind":"input","triggered":false,"output_info":{"hits":0}}"#)
        add(EventType.interruptionResolved, trace: run, at: 39, #"{"call_id":"c9","decision":"approved","reason":"fine"}"#)
        add(EventType.interruptionRequested, trace: run, at: 37, #"{"call_id":"c9","tool_name":"refund","arguments":{"amount":5},"agent_name":"billing"}"#)
        add(EventType.interruptionResolved, trace: run, at: 38, #"{"call_id":"c9","decision":"rejected","reason":"earlier"}"#)
        add(EventType.mcpToolsListed, trace: run, at: 2, #"{"server":"files","tools":[{"name":"read"},{"name":"write"}]}"#)
        add(EventType.runLog, trace: run, at: 42, #"{"level":"info","message":"hello","attributes":{"a":1},"severity_number":9,"span_id":"s2"}"#)
        add(EventType.runLog, trace: run, at: 42, #"{"level":"error","message":"same millisecond"}"#)
        add(EventType.runCompleted, trace: run, at: 70, #"{"final_output":"done","total_iterations":3}"#)
        add(EventType.runFailed, trace: run, at: 65, #"{"error_message":"earlier failure","total_iterations":2}"#)
        add(EventType.agentRegistered, trace: run, at: 0, #"{"name":"triage","type":"llm","description":"sorts","tools":["a"]}"#)
        add(EventType.agentRegistered, trace: run, at: 3, agent: "agent-2", #"{"name":"triage","type":"llm","description":"sorts better","model_config":{"t":0}}"#)
        // Messages: one removed before it arrives, one after, one removed twice.
        let first = LogUUID("3e550000-0000-4000-8000-000000000001")!
        let second = LogUUID("3e550000-0000-4000-8000-000000000002")!
        let third = LogUUID("3e550000-0000-4000-8000-000000000003")!
        add(EventType.messageRemoved, trace: run, at: 4, #"{"event_id":"\#(first.description.uppercased())","reason":"redacted"}"#)
        add(EventType.messageAdded, trace: run, at: 3, id: first, #"{"role":"user","content":"secret"}"#)
        add(EventType.messageAdded, trace: run, at: 6, id: second, #"{"role":"assistant","content":[{"type":"text","text":"hi"}],"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]}"#)
        add(EventType.messageRemoved, trace: run, at: 9, #"{"event_id":"\#(second)"}"#)
        add(EventType.messageAdded, trace: run, at: 7, id: third, #"{"type":"function_call_output","call_id":"fc1","output":"42"}"#)
        add(EventType.messageRemoved, trace: run, at: 12, #"{"event_id":"\#(third)","reason":"later"}"#)
        add(EventType.messageRemoved, trace: run, at: 11, #"{"event_id":"\#(third)","reason":"earlier"}"#)
        add(EventType.messageAdded, trace: run, at: 13, #"{"role":"user","content":"kept"}"#)
        add(EventType.sessionCleared, trace: run, at: 14)
        add(EventType.sessionCleared, trace: run, at: 13)

        // A run deleted after its events, twice (the earlier tombstone arriving later), and one
        // deleted before its events arrive.
        for (index, deleteFirst) in [false, true].enumerated() {
            let doomed = LogUUID("d0000000-0000-4000-8000-00000000000\(index + 1)")!
            if deleteFirst { add(EventType.runDeleted, trace: doomed, at: 100, #"{"reason":"gdpr"}"#) }
            add(EventType.runStarted, trace: doomed, at: 80, #"{"agent_name":"doomed","objective":"o"}"#)
            add(EventType.llmInteraction, trace: doomed, at: 81, #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":10}"#)
            add(EventType.toolCalled, trace: doomed, at: 82, #"{"call_id":"d1","tool_name":"rm"}"#)
            add(EventType.documentRetrieved, trace: doomed, at: 83, #"{"title":"gone","content":"c"}"#)
            add(EventType.executionStarted, trace: doomed, at: 84, #"{"execution_id":"doomed-\#(index)"}"#)
            add(EventType.runStateSaved, trace: doomed, at: 85, #"{"state_type":"final","schema_version":"v1","state_data":{}}"#)
            add(EventType.runLog, trace: doomed, at: 86, #"{"level":"warn","message":"m"}"#)
            add(EventType.handoffOccurred, trace: doomed, at: 87, #"{"to_agent":"x"}"#)
            add(EventType.messageAdded, trace: doomed, at: 88, #"{"role":"user","content":"stays: messages are the session's"}"#)
            if !deleteFirst {
                add(EventType.runDeleted, trace: doomed, at: 101, #"{"reason":"later"}"#)
                add(EventType.runDeleted, trace: doomed, at: 99, #"{"reason":"earlier"}"#)
            }
        }

        // A session without session.started, its user known only from a later event; runs only
        // of LLM calls (pending), and events with no session at all.
        let pending = LogUUID("b0000000-0000-4000-8000-000000000001")!
        add(EventType.llmInteraction, trace: pending, session: quiet, at: 200, agent: nil, user: nil, #"{"provider":"acme","model":"house-7","prompt":"p","input_tokens":3}"#)
        add(EventType.llmInteraction, trace: pending, session: quiet, at: 190, agent: "late-agent", user: "user-2", #"{"provider":"openai","model":"gpt-4o","prompt":"p","input_tokens":1,"output_tokens":1}"#)
        add(EventType.runCancelled, trace: pending, session: nil, at: 210, agent: nil, user: nil, #"{"error_message":"stopped"}"#)
        let orphan = LogUUID("c0000000-0000-4000-8000-000000000001")!
        add(EventType.toolCalled, trace: orphan, session: nil, at: 300, #"{"call_id":"o1","tool_name":"t"}"#)
        add(EventType.toolResult, trace: orphan, session: nil, at: 299, #"{"call_id":"o1","output":null,"error_message":"failed"}"#)
        add(EventType.messageAdded, trace: orphan, session: nil, at: 301, #"{"role":"user","content":"no session: no row"}"#)
        return drafts
    }
}
