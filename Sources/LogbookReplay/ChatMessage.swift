import LogbookJSON

/// One message of a conversation, exactly as the client appended it with `message.added`: a
/// chat message, a Responses API item, an Anthropic message or a Gemini content. It encodes
/// to that payload; `ReplayJSON.encode(_: [ChatMessage])` writes the stored bytes themselves,
/// so `--format messages` hands back what was sent, key order and all. Where it came from in
/// the log is kept beside it, not in the encoding.
public struct ChatMessage: Sendable, Equatable, Encodable {
    /// The payload as sent, decoded.
    public var payload: JSONValue
    /// The payload's bytes as the log stores them.
    public var bytes: [UInt8]
    /// The event the message came from.
    public var position: UInt64
    public var timestampMs: Int64
    public var eventID: String

    public init(payload: JSONValue, bytes: [UInt8]? = nil, position: UInt64 = 0, timestampMs: Int64 = 0, eventID: String = "") {
        self.payload = payload
        self.bytes = bytes ?? Array(payload.compactJSON.utf8)
        self.position = position
        self.timestampMs = timestampMs
        self.eventID = eventID
    }

    /// `role`; nil for a Responses item that has none.
    public var role: String? { payload["role"]?.string }
    /// A Responses item's `type`.
    public var type: String? { payload["type"]?.string }
    public var name: String? { payload["name"]?.string }
    /// For a chat `tool` message: the assistant's tool call it answers.
    public var toolCallID: String? { payload["tool_call_id"]?.string }
    /// A chat assistant message's tool calls.
    public var toolCalls: [ChatToolCall]? { payload["tool_calls"]?.array.map { $0.compactMap(ChatToolCall.init(json:)) } }
    /// The content as sent (a string, parts, or null).
    public var content: JSONValue { payload["content"] ?? .null }

    public func encode(to encoder: Encoder) throws {
        try payload.encode(to: encoder)
    }
}

/// A function call a chat assistant message asks for, as OpenAI-style APIs spell it.
public struct ChatToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Usually a string of JSON; as the client sent it.
    public var arguments: JSONValue

    init?(json: JSONValue) {
        guard let id = json["id"]?.string else { return nil }
        self.id = id
        name = json["function"]?["name"]?.string ?? ""
        arguments = json["function"]?["arguments"] ?? .string("{}")
    }
}
