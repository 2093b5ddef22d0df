/// Conversation content as instrumentations record it, turned into what `llm.interaction`'s
/// prompt and response hold: a string, or an array of message objects.
enum ChatMessages {
    /// A message-valued attribute: GenAI's `gen_ai.input.messages` may be structured or a JSON
    /// string ("MAY be recorded as a JSON string if structured format is not supported");
    /// JSON text is read into its value, anything else kept as sent.
    static func value(_ attribute: AnyValue) -> JSONValue {
        if case .stringValue(let string) = attribute.value, let parsed = JSONParser.parse(string),
            parsed.arrayValue != nil || parsed.objectValue != nil
        {
            return parsed
        }
        return JSONValue(attribute)
    }

    /// `value` in a shape the llm.interaction schema allows (string or array): any other value
    /// becomes its JSON text, so nothing is lost.
    static func promptShape(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string, .array: value
        default: .string(String(decoding: value.bytes, as: UTF8.self))
        }
    }

    /// OpenInference's flattened messages (`<prefix>.N.message.role`, `.content`,
    /// `.contents.M.message_content.*`, `.tool_calls.M.tool_call.{id,function.name,function.arguments}`,
    /// `.tool_call_id`, `.name`) as chat messages: `{role, content, tool_calls: [{id, type,
    /// function: {name, arguments}}], tool_call_id, name}`. Keys it does not know are kept.
    static func fromOpenInference(_ tree: JSONValue) -> JSONValue {
        guard let items = tree.arrayValue else { return tree }
        return .array(items.map { item in
            guard let message = item.objectValue?["message"]?.objectValue ?? item.objectValue else { return item }
            var chat = JSONObject()
            let hasContent = message["content"] != nil
            for (key, value) in message.members {
                switch key {
                case "contents":
                    let parts = JSONValue.array((value.arrayValue ?? []).map { $0.objectValue?["message_content"] ?? $0 })
                    chat.append(hasContent ? "contents" : "content", parts)
                case "tool_calls":
                    chat.append(key, .array((value.arrayValue ?? []).map(toolCall)))
                default:
                    chat.append(key, value)
                }
            }
            return .object(chat)
        })
    }

    private static func toolCall(_ value: JSONValue) -> JSONValue {
        guard let call = value.objectValue?["tool_call"]?.objectValue ?? value.objectValue else { return value }
        var chat = JSONObject()
        chat.set("id", call["id"])
        chat.set("type", .string("function"))
        for (key, value) in call.members where key != "id" { chat.append(key, value) }
        return .object(chat)
    }

    /// The text of the last message (or of the value, when it is text).
    static func lastText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let string): string
        case .array(let items): items.reversed().lazy.compactMap(text).first
        case .object: text(of: value)
        default: nil
        }
    }

    /// The text of the first message with the user role.
    static func firstUserText(_ value: JSONValue) -> String? {
        if case .string(let string) = value { return string }
        return value.arrayValue?.lazy.filter { $0.objectValue?["role"]?.stringValue == "user" }.compactMap(text).first
    }

    /// A message's text: its `content` string, or its text parts (GenAI `parts` with
    /// `content`, chat `content` parts with `text`) joined by newlines.
    static func text(of message: JSONValue) -> String? {
        guard let object = message.objectValue else { return message.stringValue }
        if let content = object["content"]?.stringValue { return content }
        let parts = object["parts"]?.arrayValue ?? object["content"]?.arrayValue ?? []
        let texts = parts.compactMap { part -> String? in
            guard let part = part.objectValue, part["type"]?.stringValue.map({ $0 == "text" || $0 == "output_text" || $0 == "input_text" }) ?? true
            else { return nil }
            return part["content"]?.stringValue ?? part["text"]?.stringValue
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }
}
