import LogbookCatalogue

/// Writes events as JSONL: the common envelope, then the payload of one scripted
/// step. It owns the PRNG and a scratch buffer for composed text, so an event
/// costs no allocations once the buffers have grown to their working size.
struct EventComposer: Sendable {
    var rng: Xoshiro256
    var json = JSONWriter()
    /// Scratch for composed text; empty between uses (see `textValue`).
    private var text: [UInt8] = []

    init(seed: UInt64) {
        rng = Xoshiro256(seed: seed)
    }

    /// `agent.registered`: the agent announces its configuration before any session uses it.
    /// Registrations have no session and are attributed to the operator account, user-0000.
    mutating func agentRegistered(_ agent: AgentProfile, at timestampMs: Int64) {
        beginEvent(EventType.agentRegistered, session: nil, trace: UUID128(&rng), user: 0, agent: agent, at: timestampMs)
        json.field("name", agent.name)
        json.field("type", agent.type)
        json.field("description", agent.description)
        json.field("system_prompt", agent.systemPrompt)
        json.key("model_config")
        modelConfig(agent, model: ModelCatalog.models[agent.model])
        json.key("tools")
        json.beginArray()
        for tool in agent.tools {
            json.beginObject()
            json.field("name", tool.name)
            json.field("description", tool.description)
            json.endObject()
        }
        json.endArray()
        endEvent()
    }

    /// Writes the event for `session`'s current step at `timestampMs`, updating
    /// the identifiers that later steps of the session refer back to.
    mutating func writeStep(of session: inout SessionScript, at timestampMs: Int64) {
        let agent = AgentCatalog.agents[session.agent]
        switch session.step {
        case .sessionStarted: sessionStarted(session, agent, timestampMs)
        case .systemMessage: systemMessage(&session, agent, timestampMs)
        case .userMessage: userMessage(&session, agent, timestampMs)
        case .sessionCleared: sessionCleared(&session, agent, timestampMs)
        case .assistantToolCalls(let count): assistantToolCalls(&session, agent, timestampMs, count: count)
        case .toolMessage(let index): toolMessage(&session, agent, timestampMs, call: session.pendingCalls[index])
        case .assistantMessage: assistantMessage(&session, agent, timestampMs)
        case .runStarted: runStarted(&session, agent, timestampMs)
        case .executionStarted: executionStarted(&session, agent, timestampMs)
        case .llmInteraction: llmInteraction(&session, agent, timestampMs)
        case .toolCalled: toolCalled(&session, agent, timestampMs)
        case .toolResult: toolResult(session, agent, timestampMs)
        case .thought: thought(session, agent, timestampMs)
        case .documentRetrieved: documentRetrieved(session, agent, timestampMs)
        case .stateSaved(let kind): stateSaved(session, agent, timestampMs, kind: kind)
        case .executionEnded(let failed): executionEnded(session, agent, timestampMs, failed: failed)
        case .runEnded(let outcome): runEnded(session, agent, timestampMs, outcome: outcome)
        }
    }

    // MARK: Envelope and shared pieces

    /// Opens the event object and its payload; `session` is nil only for `agent.registered`.
    mutating func beginEvent(
        _ type: String, session: UUID128?, trace: UUID128, user: Int, agent: AgentProfile, at timestampMs: Int64
    ) {
        json.beginObject()
        json.field("id", UUID128(&rng))
        json.field("event_type", type)
        if let session { json.field("session_id", session) }
        json.field("trace_id", trace)
        json.key("user_id")
        json.numberedString("user-", user, width: 4)
        json.field("agent_id", agent.id)
        json.field("timestamp_ms", Int(timestampMs))
        json.key("payload")
        json.beginObject()
    }

    /// Opens an event of `session` on its current run's trace.
    mutating func beginRunEvent(
        _ type: String, _ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64
    ) {
        beginEvent(
            type, session: session.sessionID, trace: session.runTrace, user: session.user, agent: agent,
            at: timestampMs)
    }

    mutating func endEvent() {
        json.endObject()
        json.endObject()
        json.endLine()
    }

    /// Composes text into the scratch buffer with `compose` and writes it as field `name`.
    mutating func textField(_ name: StaticString, _ compose: (inout [UInt8], inout Xoshiro256) -> Void) {
        json.key(name)
        textValue(compose)
    }

    /// Composes text into the scratch buffer with `compose` and writes it as a string value.
    mutating func textValue(_ compose: (inout [UInt8], inout Xoshiro256) -> Void) {
        compose(&text, &rng)
        json.string(text)
        text.removeAll(keepingCapacity: true)
    }

    mutating func modelConfig(_ agent: AgentProfile, model: ModelSpec) {
        json.beginObject()
        json.field("provider", model.provider)
        json.field("model", model.name)
        json.key("temperature")
        json.fixedPoint(agent.temperatureTenths, scale: 1)
        json.field("max_tokens", agent.maxTokens)
        json.endObject()
    }

    // MARK: Session-level events

    private mutating func beginSessionEvent(
        _ type: String, _ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64
    ) {
        beginEvent(
            type, session: session.sessionID, trace: session.messageTrace, user: session.user, agent: agent,
            at: timestampMs)
    }

    private mutating func sessionStarted(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        beginSessionEvent(EventType.sessionStarted, session, agent, timestampMs)
        if rng.percent(85) {
            textField("title") { Text.title(&$0, &$1, topic: agent.topics[session.topic]) }
        }
        if rng.percent(75) {
            json.key("metadata")
            json.beginObject()
            json.field("channel", Corpus.channels.pick(&rng))
            json.field("client_version", Corpus.clientVersions.pick(&rng))
            json.field("locale", Corpus.locales.pick(&rng))
            json.endObject()
        }
        endEvent()
    }

    private mutating func systemMessage(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.messageTrace = session.conversationTrace
        beginMessage("system", &session, agent, timestampMs)
        json.field("content", agent.systemPrompt)
        endEvent()
    }

    /// A new user turn returns to the conversation trace and often moves to a new topic.
    private mutating func userMessage(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.messageTrace = session.conversationTrace
        if rng.percent(60) { session.topic = rng.below(agent.topics.count) }
        beginMessage("user", &session, agent, timestampMs)
        textField("content") { Text.userRequest(&$0, &$1, topic: agent.topics[session.topic]) }
        endEvent()
    }

    private mutating func sessionCleared(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.messageTrace = session.conversationTrace
        session.messages = 0
        beginSessionEvent(EventType.sessionCleared, session, agent, timestampMs)
        if rng.percent(80) { json.field("reason", Corpus.clearReasons.pick(&rng)) }
        endEvent()
    }

    /// Function calling inside a chat turn: the calls are remembered so the tool messages can answer them.
    private mutating func assistantToolCalls(
        _ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64, count: Int
    ) {
        session.pendingCalls.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            session.pendingCalls.append(PendingCall(id: UUID128(&rng), tool: rng.below(agent.tools.count)))
        }
        beginMessage("assistant", &session, agent, timestampMs)
        json.field("content", Corpus.toolPreambles.pick(&rng))
        json.key("tool_calls")
        json.beginArray()
        for call in session.pendingCalls {
            let tool = agent.tools[call.tool]
            json.beginObject()
            json.field("id", call.id)
            json.field("type", "function")
            json.key("function")
            json.beginObject()
            json.field("name", tool.name)
            textField("arguments") {
                Text.toolArguments(
                    &$0, &$1, tool: tool, topic: agent.topics[session.topic], topics: agent.topics)
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        endEvent()
    }

    private mutating func toolMessage(
        _ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64, call: PendingCall
    ) {
        let tool = agent.tools[call.tool]
        beginMessage("tool", &session, agent, timestampMs)
        textField("content") {
            Text.toolOutput(&$0, &$1, tool: tool, topic: agent.topics[session.topic], topics: agent.topics)
        }
        json.field("name", tool.name)
        json.field("tool_call_id", call.id)
        endEvent()
    }

    private mutating func assistantMessage(
        _ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64
    ) {
        beginMessage("assistant", &session, agent, timestampMs)
        textField("content") { Text.reply(&$0, &$1, agent: agent, topic: agent.topics[session.topic]) }
        if rng.percent(30) { json.field("name", agent.name) }
        endEvent()
    }

    private mutating func beginMessage(
        _ role: StaticString, _ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64
    ) {
        session.messages += 1
        beginSessionEvent(EventType.messageAdded, session, agent, timestampMs)
        json.field("role", role)
    }
}
