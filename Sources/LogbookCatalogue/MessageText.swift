import LogbookJSON

/// A `message.added` payload as readable text, whatever SDK shaped it: text parts joined,
/// tool calls summarised (`→ name(arguments)`), tool results (`← id: output`), reasoning and
/// media named in brackets. The messages table's `text` column and replay's transcript use
/// it; the message itself is always kept as sent.
public enum MessageText {
    /// The readable text of `message`; `toolCalls: false` leaves out a chat message's
    /// `tool_calls`, for a renderer that lists them itself.
    public static func of(_ message: JSONValue, toolCalls: Bool = true) -> String {
        var lines: [String] = []
        if let content = message["content"] { lines += parts(content) }
        if let refusal = message["refusal"]?.string { lines.append("[refusal] " + refusal) }
        if let geminiParts = message["parts"]?.array { lines += geminiParts.flatMap(part) }
        if toolCalls, let calls = message["tool_calls"]?.array {
            lines += calls.map { Self.call($0["function"]?["name"], $0["function"]?["arguments"]) }
        }
        if let legacy = message["function_call"], legacy != .null { lines.append(call(legacy["name"], legacy["arguments"])) }
        if message["content"] == nil, message["parts"] == nil, let type = message["type"]?.string {
            lines += item(type, message)
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// A content value: a string, an array of parts (OpenAI or Anthropic), or null.
    static func parts(_ content: JSONValue) -> [String] {
        switch content {
        case .string(let text): return [text]
        case .array(let parts): return parts.flatMap(part)
        case .null: return []
        default: return [content.compactJSON]
        }
    }

    /// One part or block of any of the SDKs.
    static func part(_ part: JSONValue) -> [String] {
        if case .string(let text) = part { return [text] }
        let type = part["type"]?.string
        switch type {
        case "text", "input_text", "output_text", nil where part["text"] != nil:
            let text = part["text"]?.string ?? ""
            return [part["thought"]?.bool == true ? "[thought] " + text : text]
        case "refusal": return ["[refusal] " + (part["refusal"]?.string ?? "")]
        case "thinking": return ["[thinking] " + (part["thinking"]?.string ?? "")]
        case "redacted_thinking": return ["[redacted thinking]"]
        case "tool_use", "server_tool_use": return [call(part["name"], part["input"])]
        case "tool_result":
            return ["← \(part["tool_use_id"]?.string ?? "?"): " + parts(part["content"] ?? .null).joined(separator: " ")]
        default: break
        }
        if let call = part["function_call"] ?? part["functionCall"] { return [Self.call(call["name"], call["args"])] }
        if let response = part["function_response"] ?? part["functionResponse"] {
            return ["← \(response["name"]?.string ?? "?"): \(response["response"]?.compactJSON ?? "")"]
        }
        if let data = part["inline_data"] ?? part["inlineData"] {
            return ["[\(data["mime_type"]?.string ?? data["mimeType"]?.string ?? "inline data")]"]
        }
        if let file = part["file_data"] ?? part["fileData"] {
            return ["[file \(file["file_uri"]?.string ?? file["fileUri"]?.string ?? "")]"]
        }
        return ["[\(type ?? "part")]"]
    }

    /// A Responses API item that has no content: a call, its output, reasoning, a built-in tool.
    static func item(_ type: String, _ item: JSONValue) -> [String] {
        switch type {
        case "function_call", "custom_tool_call": return [call(item["name"], item["arguments"] ?? item["input"])]
        case "function_call_output", "custom_tool_call_output":
            return ["← \(item["call_id"]?.string ?? "?"): " + parts(item["output"] ?? .null).joined(separator: " ")]
        case "reasoning":
            let summary = item["summary"]?.array?.compactMap { $0["text"]?.string } ?? []
            return ["[reasoning] " + summary.joined(separator: " ")]
        case "web_search_call":
            return ["[web search\(item["action"]?["query"]?.string.map { ": " + $0 } ?? "")]"]
        default:
            return ["[\(type)]"]
        }
    }

    /// `→ name(arguments)`: arguments as their text (a JSON string stays as the model wrote it).
    static func call(_ name: JSONValue?, _ arguments: JSONValue?) -> String {
        let text = arguments.map { $0.string ?? $0.compactJSON } ?? ""
        return "→ \(name?.string ?? "?")(\(text))"
    }
}
