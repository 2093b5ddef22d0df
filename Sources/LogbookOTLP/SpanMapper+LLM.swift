extension SpanMapper {
    /// A model call: one llm.interaction at the span's start, with the prompt, the response,
    /// token counts and the latency (end minus start).
    mutating func mapLLM() {
        var payload = JSONObject()
        payload.set("provider", attributes.takeString("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system") ?? "unknown")
        let requestModel = attributes.takeString("gen_ai.request.model")
        let responseModel = attributes.takeString("gen_ai.response.model", "llm.model_name")
        payload.set("model", responseModel ?? requestModel ?? "unknown")
        if let requestModel, responseModel != nil, requestModel != responseModel { payload.set("request_model", requestModel) }
        payload.set("prompt", ChatMessages.promptShape(takePrompt() ?? .string("")))
        payload.set("response", takeResponse().map(ChatMessages.promptShape))
        payload.set("system_instructions", attributes.take("gen_ai.system_instructions").map(ChatMessages.value))

        let counts: [(field: String, keys: [String])] = [
            ("input_tokens", ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"]),
            ("output_tokens", ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion"]),
            ("cached_input_tokens", ["gen_ai.usage.cache_read.input_tokens", "llm.token_count.prompt_details.cache_read"]),
            ("reasoning_tokens", ["gen_ai.usage.reasoning.output_tokens", "llm.token_count.completion_details.reasoning"]),
            (
                "cache_creation_input_tokens",
                ["gen_ai.usage.cache_creation.input_tokens", "llm.token_count.prompt_details.cache_write"]
            ),
            ("total_tokens", ["llm.token_count.total"]),
        ]
        for (field, keys) in counts {
            for key in keys {
                if let count = attributes.takeCount(key) {
                    payload.set(field, .int(count))
                    break
                }
            }
        }
        payload.set("latency_ms", latencyMs)
        payload.set("status", failed ? "error" : "ok")
        payload.set("error_message", errorMessage)
        payload.set("input_params", takeInputParams())
        payload.set("response_id", attributes.takeString("gen_ai.response.id"))
        payload.set("finish_reasons", attributes.take("gen_ai.response.finish_reasons").map(JSONValue.init))
        payload.set("span_id", spanID)
        emit("llm.interaction", at: startNano, rank: Rank.point, primary: true, payload)
    }

    /// The conversation sent, from the first source the span has: GenAI `gen_ai.input.messages`;
    /// OpenInference `llm.input_messages.*`; older GenAI `gen_ai.prompt.N.*` or `gen_ai.prompt`;
    /// GenAI message span events; OpenInference `input.value`.
    private mutating func takePrompt() -> JSONValue? {
        if let messages = attributes.take("gen_ai.input.messages") { return ChatMessages.value(messages) }
        if attributes.contains(prefix: "llm.input_messages.") {
            return ChatMessages.fromOpenInference(FlattenedAttributes.tree(attributes.take(prefix: "llm.input_messages.")))
        }
        if let indexed = attributes.take(indexedPrefix: "gen_ai.prompt.") { return FlattenedAttributes.tree(indexed) }
        if let prompt = attributes.take("gen_ai.prompt") { return ChatMessages.value(prompt) }
        if let messages = takeMessageEvents() { return messages }
        return takeInputValue()
    }

    /// The model's answer, from the same families of sources as the prompt.
    private mutating func takeResponse() -> JSONValue? {
        if let messages = attributes.take("gen_ai.output.messages") { return ChatMessages.value(messages) }
        if attributes.contains(prefix: "llm.output_messages.") {
            return ChatMessages.fromOpenInference(FlattenedAttributes.tree(attributes.take(prefix: "llm.output_messages.")))
        }
        if let indexed = attributes.take(indexedPrefix: "gen_ai.completion.") { return FlattenedAttributes.tree(indexed) }
        if let completion = attributes.take("gen_ai.completion") { return ChatMessages.value(completion) }
        if let choices = takeChoiceEvents() { return choices }
        return takeOutputValue()
    }

    /// GenAI request parameters (`gen_ai.request.temperature`, `.max_tokens`, ...) as an object
    /// keyed by parameter, else OpenInference's `llm.invocation_parameters` JSON object.
    private mutating func takeInputParams() -> JSONValue? {
        let parameters = attributes.take(prefix: "gen_ai.request.")
        if !parameters.isEmpty {
            var object = JSONObject()
            for (key, value) in parameters { object.append(String(key), JSONValue(value)) }
            return .object(object)
        }
        if let text = attributes.peekString("llm.invocation_parameters"), let parsed = JSONParser.parse(text), parsed.objectValue != nil {
            _ = attributes.take("llm.invocation_parameters")
            return parsed
        }
        return nil
    }

    static let messageEventRoles = [
        "gen_ai.system.message": "system", "gen_ai.user.message": "user", "gen_ai.assistant.message": "assistant",
        "gen_ai.tool.message": "tool",
    ]

    /// Older GenAI instrumentations record each prompt message as a span event
    /// (`gen_ai.user.message`, ...) or the whole prompt in `gen_ai.content.prompt`.
    private mutating func takeMessageEvents() -> JSONValue? {
        if let index = spanEvents.firstIndex(where: { $0.name == "gen_ai.content.prompt" }),
            let prompt = AttributeBag(spanEvents[index].attributes).peek("gen_ai.prompt")
        {
            spanEvents.remove(at: index)
            return ChatMessages.value(prompt)
        }
        let messages = spanEvents.filter { Self.messageEventRoles[$0.name] != nil }
        guard !messages.isEmpty else { return nil }
        spanEvents.removeAll { Self.messageEventRoles[$0.name] != nil }
        return .array(messages.map { event in
            var message = JSONObject()
            message.set("role", Self.messageEventRoles[event.name])
            for attribute in event.attributes where !["gen_ai.system", "gen_ai.provider.name"].contains(attribute.key) {
                message[attribute.key] = attribute.key == "content" ? ChatMessages.value(attribute.value) : JSONValue(attribute.value)
            }
            return .object(message)
        })
    }

    /// Older GenAI instrumentations' `gen_ai.choice` events (or `gen_ai.content.completion`).
    private mutating func takeChoiceEvents() -> JSONValue? {
        if let index = spanEvents.firstIndex(where: { $0.name == "gen_ai.content.completion" }),
            let completion = AttributeBag(spanEvents[index].attributes).peek("gen_ai.completion")
        {
            spanEvents.remove(at: index)
            return ChatMessages.value(completion)
        }
        let choices = spanEvents.filter { $0.name == "gen_ai.choice" }
        guard !choices.isEmpty else { return nil }
        spanEvents.removeAll { $0.name == "gen_ai.choice" }
        return .array(choices.map { event in
            var choice = JSONObject()
            for attribute in event.attributes where !["gen_ai.system", "gen_ai.provider.name"].contains(attribute.key) {
                choice[attribute.key] = attribute.key == "message" ? ChatMessages.value(attribute.value) : JSONValue(attribute.value)
            }
            return .object(choice)
        })
    }
}
