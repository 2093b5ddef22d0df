extension SpanMapper {
    /// A trace's root span: the run (Logbook's run id is the trace id). run.started at the
    /// span's start, run.completed or run.failed at its end.
    mutating func mapRun() {
        let agentName = attributes.takeString("gen_ai.agent.name", "agent.name") ?? span.name
        let input = takeInputValue()
        let inputMessages = attributes.take("gen_ai.input.messages").map(ChatMessages.value)
        var started = JSONObject()
        started.set("agent_name", agentName)
        started.set("objective", input?.stringValue ?? inputMessages.flatMap(ChatMessages.firstUserText) ?? "")
        started.set("run_name", span.name)
        if let input, input.stringValue == nil { started.set("input", input) }
        started.set("input_messages", inputMessages)
        started.set("span_id", spanID)
        emit("run.started", at: startNano, rank: Rank.started, primary: true, started)

        let output = takeOutputValue()
        let outputMessages = attributes.take("gen_ai.output.messages").map(ChatMessages.value)
        var ended = JSONObject()
        ended.set("final_output", output?.stringValue ?? outputMessages.flatMap(ChatMessages.lastText))
        if let output, output.stringValue == nil { ended.set("output", output) }
        ended.set("output_messages", outputMessages)
        ended.set("error_message", errorMessage)
        ended.set("status", statusName)
        ended.set("span_id", spanID)
        // One role for both outcomes: a span ends once.
        emit(failed ? "run.failed" : "run.completed", role: "run.ended", at: endNano, rank: Rank.ended, primary: false, ended)
    }

    /// An agent span below the root: execution.started and execution.completed or
    /// execution.failed, with the span id as the execution id.
    mutating func mapExecution() {
        var started = JSONObject()
        started.set("execution_id", spanID)
        started.set("agent_name", attributes.takeString("gen_ai.agent.name", "agent.name") ?? span.name)
        started.set("input_data", takeInputValue() ?? attributes.take("gen_ai.input.messages").map(ChatMessages.value))
        started.set("span_id", spanID)
        emit("execution.started", at: startNano, rank: Rank.started, primary: true, started)

        var ended = JSONObject()
        ended.set("execution_id", spanID)
        ended.set("output_data", takeOutputValue() ?? attributes.take("gen_ai.output.messages").map(ChatMessages.value))
        ended.set("error_message", errorMessage)
        ended.set("status", statusName)
        ended.set("span_id", spanID)
        emit(
            failed ? "execution.failed" : "execution.completed", role: "execution.ended", at: endNano, rank: Rank.ended,
            primary: false, ended)
    }

    /// `create_agent`: agent.registered, when the span names the agent.
    mutating func mapAgentCreation() {
        guard let name = attributes.takeString("gen_ai.agent.name") else { return }
        var payload = JSONObject()
        payload.set("name", name)
        payload.set("description", attributes.takeString("gen_ai.agent.description"))
        if let model = attributes.takeString("gen_ai.request.model") {
            var config = JSONObject()
            config.set("model", model)
            config.set("provider", attributes.takeString("gen_ai.provider.name", "gen_ai.system"))
            payload.set("model_config", .object(config))
        }
        payload.set("system_prompt", attributes.takeString("gen_ai.system_instructions"))
        payload.set("span_id", spanID)
        emit("agent.registered", at: startNano, rank: Rank.point, primary: true, payload)
    }
}
