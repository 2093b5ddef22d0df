extension SpanMapper {
    /// A tool execution: tool.called at its start, tool.result at its end. The call id is the
    /// model's (`gen_ai.tool.call.id`) when the span has it, else the span id.
    mutating func mapTool() {
        let callID = attributes.takeString("gen_ai.tool.call.id", "tool_call.id") ?? spanID
        var called = JSONObject()
        called.set("call_id", callID)
        called.set("tool_name", attributes.takeString("gen_ai.tool.name", "tool.name") ?? span.name)
        called.set("arguments", attributes.take("gen_ai.tool.call.arguments").map(JSONValue.init) ?? takeInputValue())
        called.set("span_id", spanID)
        emit("tool.called", at: startNano, rank: Rank.point, primary: true, called)

        var result = JSONObject()
        result.set("call_id", callID)
        result.set("output", attributes.take("gen_ai.tool.call.result").map(JSONValue.init) ?? takeOutputValue() ?? .string(""))
        result.set("is_error", .bool(failed))
        result.set("error_message", errorMessage)
        result.set("latency_ms", latencyMs)
        result.set("span_id", spanID)
        emit("tool.result", at: endNano, rank: Rank.result, primary: false, result)
    }

    /// A handoff span (OpenInference: from_agent in input.value, to_agent in output.value, and
    /// the name "handoff to <agent>").
    mutating func mapHandoff() {
        let from = attributes.peekString("input.value") != nil ? takeInputValue()?.stringValue : nil
        let named = String(span.name.dropFirst(SpanCategory.handoffPrefix.count))
        let to = attributes.peekString("output.value") != nil ? takeOutputValue()?.stringValue ?? named : named
        var payload = JSONObject()
        payload.set("from_agent", from)
        payload.set("to_agent", to)
        payload.set("span_id", spanID)
        payload.set("status", statusName)
        payload.set("error_message", errorMessage)
        emit("handoff.occurred", at: startNano, rank: Rank.point, primary: true, payload)
    }
}
