import LogbookJSON

/// One message of a conversation in the chat format LLM APIs take. It encodes to exactly
/// that (`role`, `content`, and `name`, `tool_call_id`, `tool_calls` when present); where
/// it came from in the log is kept beside it, not in the encoding.
public struct ChatMessage: Sendable, Equatable, Encodable {
    public var role: String
    /// A string, or an array of content parts, as the client sent it.
    public var content: JSONValue
    public var name: String?
    /// For a `tool` message: the assistant's tool call it answers.
    public var toolCallID: String?
    /// For an `assistant` message that asks for tools.
    public var toolCalls: [ChatToolCall]?
    /// The event the message came from.
    public var position: UInt64
    public var timestampMs: Int64

    public init(
        role: String, content: JSONValue, name: String? = nil, toolCallID: String? = nil,
        toolCalls: [ChatToolCall]? = nil, position: UInt64 = 0, timestampMs: Int64 = 0
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCallID = toolCallID
        self.toolCalls = toolCalls
        self.position = position
        self.timestampMs = timestampMs
    }

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCallID = "tool_call_id"
        case toolCalls = "tool_calls"
    }

    /// The message from a `message.added` payload; nil without a `role`.
    init?(payload: [String: JSONValue], position: UInt64, timestampMs: Int64) {
        guard let role = payload["role"]?.string else { return nil }
        self.init(
            role: role, content: payload["content"] ?? .null, name: payload["name"]?.string,
            toolCallID: payload["tool_call_id"]?.string,
            toolCalls: payload["tool_calls"]?.array.map { $0.compactMap(ChatToolCall.init(json:)) },
            position: position, timestampMs: timestampMs
        )
    }
}

/// A function call an assistant message asks for, as OpenAI-style APIs spell it.
public struct ChatToolCall: Sendable, Equatable, Encodable {
    public struct Function: Sendable, Equatable, Encodable {
        public var name: String
        /// Usually a string of JSON; passed through as the client sent it.
        public var arguments: JSONValue
    }

    public var id: String
    public var type: String
    public var function: Function

    public init(id: String, name: String, arguments: JSONValue, type: String = "function") {
        self.id = id
        self.type = type
        function = Function(name: name, arguments: arguments)
    }

    init?(json: JSONValue) {
        guard let id = json["id"]?.string else { return nil }
        let function = json["function"]
        self.init(
            id: id, name: function?["name"]?.string ?? "", arguments: function?["arguments"] ?? .string("{}"),
            type: json["type"]?.string ?? "function"
        )
    }
}
