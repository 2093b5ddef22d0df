import LogbookCatalogue

/// Events inside an agent run, all on the run's trace: lifecycle, executions,
/// model calls, tool calls, thoughts, retrievals and checkpoints.
extension EventComposer {
    mutating func runStarted(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.runTrace = UUID128(&rng)
        session.messageTrace = session.runTrace
        session.iterations = 0
        session.objective = rng.below(agent.objectives.count)
        if rng.percent(40) { session.topic = rng.below(agent.topics.count) }
        let topic = agent.topics[session.topic]
        beginRunEvent(EventType.runStarted, session, agent, timestampMs)
        json.field("agent_name", agent.name)
        textField("objective") { out, _ in
            out.append(contentsOf: agent.objectives[session.objective])
            out.append(contentsOf: topic)
        }
        if rng.percent(70) {
            textField("run_name") { out, _ in
                out.append(contentsOf: agent.name)
                out.append(UInt8(ascii: "/"))
                Text.slug(&out, topic)
            }
        }
        if rng.percent(30) {
            textField("additional_context") { Text.sentence(&$0, &$1, topic: topic, topics: agent.topics) }
        }
        if rng.percent(20) { json.field("system_prompt_snapshot", agent.systemPrompt) }
        if rng.percent(70) {
            json.key("model_config_snapshot")
            modelConfig(agent, model: ModelCatalog.models[agent.model])
        }
        if rng.percent(60) {
            json.key("tags")
            json.beginArray()
            for _ in 0..<rng.int(in: 1...3) { json.string(Corpus.tags.pick(&rng)) }
            json.endArray()
        }
        if rng.percent(80) { json.field("environment", Corpus.environments.pick(&rng)) }
        endEvent()
    }

    mutating func executionStarted(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.executionID = UUID128(&rng)
        beginRunEvent(EventType.executionStarted, session, agent, timestampMs)
        json.field("execution_id", session.executionID)
        if rng.percent(80) {
            textField("input_data") { out, rng in
                out.append(contentsOf: Corpus.executionSteps.pick(&rng))
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: agent.topics[session.topic])
            }
        }
        endEvent()
    }

    mutating func executionEnded(
        _ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64, failed: Bool
    ) {
        beginRunEvent(failed ? EventType.executionFailed : EventType.executionCompleted, session, agent, timestampMs)
        json.field("execution_id", session.executionID)
        if failed {
            json.field("error_message", Corpus.executionFailures.pick(&rng))
        } else if rng.percent(85) {
            textField("output_data") {
                Text.sentences(&$0, &$1, count: 2, topic: agent.topics[session.topic], topics: agent.topics)
            }
        }
        endEvent()
    }

    /// A model call. Most go to the agent's default model, the rest are routed
    /// elsewhere. Token counts follow the prompt and the scheduled latency; cost
    /// is reported on about half the calls, as when only some providers are billed inline.
    mutating func llmInteraction(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.iterations += 1
        let modelIndex = rng.percent(70) ? agent.model : rng.below(ModelCatalog.models.count)
        let model = ModelCatalog.models[modelIndex]
        let topic = agent.topics[session.topic]
        let ok = rng.below(100) >= 4
        beginRunEvent(EventType.llmInteraction, session, agent, timestampMs)
        json.field("provider", model.provider)
        json.field("model", model.name)
        textField("prompt") { out, rng in
            Text.prompt(&out, &rng, agent: agent, objective: agent.objectives[session.objective], topic: topic)
        }
        if ok {
            textField("response") { Text.reply(&$0, &$1, agent: agent, topic: topic) }
        }
        if rng.percent(80) {
            json.key("input_params")
            json.beginObject()
            json.key("temperature")
            json.fixedPoint(agent.temperatureTenths, scale: 1)
            json.field("max_tokens", agent.maxTokens)
            if rng.percent(30) {
                json.key("top_p")
                json.fixedPoint(95, scale: 2)
            }
            json.endObject()
        }
        let input = rng.int(in: 300...12_000)
        let cached = rng.percent(55) ? input * rng.int(in: 0...90) / 100 : 0
        let output = ok ? max(1, (session.latencyMs - 150) / rng.int(in: 8...30)) : 0
        json.field("input_tokens", input)
        json.field("output_tokens", output)
        if cached > 0 { json.field("cached_input_tokens", cached) }
        if model.reasons && ok { json.field("reasoning_tokens", output * rng.int(in: 10...70) / 100) }
        json.field("latency_ms", session.latencyMs)
        if ok {
            json.field("status", "ok")
        } else {
            json.field("status", "error")
            json.field("error_message", Corpus.llmErrors.pick(&rng))
        }
        if rng.percent(50) {
            json.key("cost_usd")
            json.fixedPoint(model.costMicroUSD(input: input, cached: cached, output: output), scale: 6)
        }
        endEvent()
    }

    mutating func toolCalled(_ session: inout SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        session.activeCall = PendingCall(id: UUID128(&rng), tool: rng.below(agent.tools.count))
        let tool = agent.tools[session.activeCall.tool]
        beginRunEvent(EventType.toolCalled, session, agent, timestampMs)
        json.field("call_id", session.activeCall.id)
        json.field("tool_name", tool.name)
        if rng.percent(90) {
            textField("arguments") {
                Text.toolArguments(&$0, &$1, tool: tool, topic: agent.topics[session.topic], topics: agent.topics)
            }
        }
        if rng.percent(30) { json.field("latency_ms", rng.int(in: 1...40)) }
        endEvent()
    }

    mutating func toolResult(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        let tool = agent.tools[session.activeCall.tool]
        let failed = rng.percent(10)
        beginRunEvent(EventType.toolResult, session, agent, timestampMs)
        json.field("call_id", session.activeCall.id)
        if failed {
            let message = Corpus.toolErrors.pick(&rng)
            textField("output") { out, _ in
                out.append(contentsOf: "ERROR: ".utf8)
                out.append(contentsOf: message)
            }
            json.field("is_error", true)
            json.field("error_message", message)
        } else {
            textField("output") {
                Text.toolOutput(&$0, &$1, tool: tool, topic: agent.topics[session.topic], topics: agent.topics)
            }
            if rng.percent(50) { json.field("is_error", false) }
        }
        if rng.percent(90) { json.field("latency_ms", session.latencyMs) }
        endEvent()
    }

    mutating func thought(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        beginRunEvent(EventType.agentThought, session, agent, timestampMs)
        textField("content") {
            Text.thought(&$0, &$1, topic: agent.topics[session.topic], topics: agent.topics)
        }
        endEvent()
    }

    /// A retrieved knowledge-base or web document; sometimes about a neighbouring topic.
    mutating func documentRetrieved(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64) {
        let topic = rng.percent(70) ? agent.topics[session.topic] : agent.topics.pick(&rng)
        beginRunEvent(EventType.documentRetrieved, session, agent, timestampMs)
        textField("title") { Text.title(&$0, &$1, topic: topic) }
        textField("content") { Text.document(&$0, &$1, topic: topic, topics: agent.topics) }
        if rng.percent(80) { json.field("content_type", Corpus.contentTypes.pick(&rng)) }
        if rng.percent(85) { textField("source_url") { Text.url(&$0, &$1, topic: topic) } }
        if rng.percent(70) {
            json.key("metadata")
            json.beginObject()
            json.key("score")
            json.fixedPoint(rng.int(in: 450...990), scale: 3)
            json.field("chunk", rng.below(40))
            json.field("index", Corpus.indexNames.pick(&rng))
            json.endObject()
        }
        endEvent()
    }

    /// A snapshot a run could resume from: progress counters and a working memory summary.
    mutating func stateSaved(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64, kind: StateKind) {
        let topic = agent.topics[session.topic]
        beginRunEvent(EventType.runStateSaved, session, agent, timestampMs)
        switch kind {
        case .interrupted: json.field("state_type", "interrupted")
        case .checkpoint: json.field("state_type", "checkpoint")
        case .final: json.field("state_type", "final")
        }
        json.field("schema_version", 3)
        json.key("state_data")
        json.beginObject()
        json.field("iteration", session.iterations)
        json.field("messages", session.messages)
        json.field("execution_id", session.executionID)
        json.key("memory")
        json.beginObject()
        textField("summary") { Text.sentence(&$0, &$1, topic: topic, topics: agent.topics) }
        json.key("open_questions")
        json.beginArray()
        for _ in 0..<rng.int(in: 0...2) {
            textValue { out, rng in
                let question = agent.topics.pick(&rng)
                Text.userRequest(&out, &rng, topic: question)
            }
        }
        json.endArray()
        json.endObject()
        json.endObject()
        endEvent()
    }

    mutating func runEnded(_ session: SessionScript, _ agent: AgentProfile, _ timestampMs: Int64, outcome: RunOutcome) {
        switch outcome {
        case .completed:
            beginRunEvent(EventType.runCompleted, session, agent, timestampMs)
            textField("final_output") { Text.reply(&$0, &$1, agent: agent, topic: agent.topics[session.topic]) }
        case .failed:
            beginRunEvent(EventType.runFailed, session, agent, timestampMs)
            json.field("error_message", Corpus.runFailures.pick(&rng))
        case .cancelled:
            beginRunEvent(EventType.runCancelled, session, agent, timestampMs)
            if rng.percent(70) { json.field("error_message", Corpus.cancelReasons.pick(&rng)) }
        }
        json.field("total_iterations", session.iterations)
        endEvent()
    }
}
