import LogbookJSON

/// The payload rules of the event catalogue (`schemas/events/*.schema.json`): for each known
/// type, its fields, which are required, the JSON kinds each may take, the values an
/// enumeration allows, counts that must be whole and not negative. Payloads of known types are
/// checked on append (the store hands `problem(in:type:members:)` to the log's validator);
/// unknown types are stored unchecked. A test fails when this table and
/// the schemas disagree.
public enum EventCatalogue {
    public struct Field: Sendable, Equatable {
        public var name: String
        /// nil: any JSON value.
        public var kinds: [JSONValueKind]?
        public var required: Bool
        public var allowed: [String]?
        public var nonNegative: Bool
        /// A count: a number with no fractional part (`1000`, `1000.0`, `1e3`; not `1000.5`).
        public var integer: Bool

        public init(
            _ name: String, _ kinds: [JSONValueKind]?, required: Bool, allowed: [String]?, nonNegative: Bool, integer: Bool = false
        ) {
            self.name = name
            self.kinds = kinds
            self.required = required
            self.allowed = allowed
            self.nonNegative = nonNegative
            self.integer = integer
        }
    }

    public static let types: [String: [Field]] = [
        "agent.registered": [
            .init("name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("type", [.string], required: false, allowed: nil, nonNegative: false),
            .init("description", [.string], required: false, allowed: nil, nonNegative: false),
            .init("system_prompt", [.string], required: false, allowed: nil, nonNegative: false),
            .init("model_config", [.object], required: false, allowed: nil, nonNegative: false),
            .init("tools", [.array], required: false, allowed: nil, nonNegative: false),
        ],
        "agent.thought": [
            .init("content", [.string], required: true, allowed: nil, nonNegative: false),
        ],
        "document.retrieved": [
            .init("title", [.string], required: true, allowed: nil, nonNegative: false),
            .init("content", [.string], required: true, allowed: nil, nonNegative: false),
            .init("content_type", [.string], required: false, allowed: nil, nonNegative: false),
            .init("source_url", [.string], required: false, allowed: nil, nonNegative: false),
            .init("metadata", [.object], required: false, allowed: nil, nonNegative: false),
        ],
        "execution.completed": [
            .init("execution_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("input_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("output_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "execution.failed": [
            .init("execution_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("input_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("output_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "execution.started": [
            .init("execution_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("input_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("output_data", nil, required: false, allowed: nil, nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "handoff.occurred": [
            .init("from_agent", [.string], required: false, allowed: nil, nonNegative: false),
            .init("to_agent", [.string], required: true, allowed: nil, nonNegative: false),
            .init("span_id", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "llm.interaction": [
            .init("provider", [.string], required: true, allowed: nil, nonNegative: false),
            .init("model", [.string], required: true, allowed: nil, nonNegative: false),
            .init("prompt", [.string, .array, .object], required: true, allowed: nil, nonNegative: false),
            .init("response", [.string, .array, .object], required: false, allowed: nil, nonNegative: false),
            .init("input_params", [.object], required: false, allowed: nil, nonNegative: false),
            .init("usage", [.object], required: false, allowed: nil, nonNegative: false),
            .init("input_tokens", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("output_tokens", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("cached_input_tokens", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("cache_write_input_tokens", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("reasoning_tokens", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("latency_ms", [.number], required: false, allowed: nil, nonNegative: true),
            .init("status", [.string], required: false, allowed: nil, nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
            .init("cost_usd", [.number], required: false, allowed: nil, nonNegative: true),
        ],
        "message.added": [
            .init("role", [.string], required: false, allowed: nil, nonNegative: false),
            .init("type", [.string], required: false, allowed: nil, nonNegative: false),
            .init("content", [.string, .array], required: false, allowed: nil, nonNegative: false),
            .init("parts", [.array], required: false, allowed: nil, nonNegative: false),
            .init("name", [.string], required: false, allowed: nil, nonNegative: false),
            .init("tool_call_id", [.string], required: false, allowed: nil, nonNegative: false),
            .init("tool_calls", [.array], required: false, allowed: nil, nonNegative: false),
        ],
        "run.cancelled": [
            .init("final_output", [.string], required: false, allowed: nil, nonNegative: false),
            .init("total_iterations", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "run.completed": [
            .init("final_output", [.string], required: false, allowed: nil, nonNegative: false),
            .init("total_iterations", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "run.failed": [
            .init("final_output", [.string], required: false, allowed: nil, nonNegative: false),
            .init("total_iterations", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "run.log": [
            .init("level", [.string], required: true, allowed: ["debug", "info", "warn", "error"], nonNegative: false),
            .init("message", [.string], required: true, allowed: nil, nonNegative: false),
            .init("attributes", [.object], required: false, allowed: nil, nonNegative: false),
            .init("severity_number", [.number], required: false, allowed: nil, nonNegative: true, integer: true),
            .init("span_id", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "run.started": [
            .init("agent_name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("objective", [.string], required: true, allowed: nil, nonNegative: false),
            .init("run_name", [.string], required: false, allowed: nil, nonNegative: false),
            .init("additional_context", [.string], required: false, allowed: nil, nonNegative: false),
            .init("system_prompt_snapshot", [.string], required: false, allowed: nil, nonNegative: false),
            .init("model_config_snapshot", [.object], required: false, allowed: nil, nonNegative: false),
            .init("tags", [.array], required: false, allowed: nil, nonNegative: false),
            .init("environment", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "run.state_saved": [
            .init("state_type", [.string], required: true, allowed: ["interrupted", "checkpoint", "final"], nonNegative: false),
            .init("schema_version", [.number, .string], required: true, allowed: nil, nonNegative: false),
            .init("state_data", [.object], required: true, allowed: nil, nonNegative: false),
        ],
        "session.cleared": [
            .init("reason", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "session.started": [
            .init("title", [.string], required: false, allowed: nil, nonNegative: false),
            .init("metadata", [.object], required: false, allowed: nil, nonNegative: false),
        ],
        "span.recorded": [
            .init("name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("span_id", [.string], required: false, allowed: nil, nonNegative: false),
            .init("parent_span_id", [.string], required: false, allowed: nil, nonNegative: false),
            .init("kind", [.string], required: false, allowed: nil, nonNegative: false),
            .init("started_at_ms", [.number], required: false, allowed: nil, nonNegative: false, integer: true),
            .init("ended_at_ms", [.number], required: false, allowed: nil, nonNegative: false, integer: true),
            .init("status", [.string], required: false, allowed: ["unset", "ok", "error"], nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
            .init("attributes", [.object], required: false, allowed: nil, nonNegative: false),
        ],
        "tool.called": [
            .init("call_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("tool_name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("arguments", nil, required: false, allowed: nil, nonNegative: false),
            .init("latency_ms", [.number], required: false, allowed: nil, nonNegative: true),
        ],
        "tool.result": [
            .init("call_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("output", nil, required: true, allowed: nil, nonNegative: false),
            .init("is_error", [.bool], required: false, allowed: nil, nonNegative: false),
            .init("error_message", [.string], required: false, allowed: nil, nonNegative: false),
            .init("latency_ms", [.number], required: false, allowed: nil, nonNegative: true),
        ],
        "message.removed": [
            .init("event_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("reason", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "guardrail.evaluated": [
            .init("name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("kind", [.string], required: false, allowed: ["input", "output", "tool_input", "tool_output"], nonNegative: false),
            .init("triggered", [.bool], required: true, allowed: nil, nonNegative: false),
            .init("output_info", nil, required: false, allowed: nil, nonNegative: false),
            .init("span_id", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "interruption.requested": [
            .init("call_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("tool_name", [.string], required: true, allowed: nil, nonNegative: false),
            .init("arguments", nil, required: false, allowed: nil, nonNegative: false),
            .init("agent_name", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "interruption.resolved": [
            .init("call_id", [.string], required: true, allowed: nil, nonNegative: false),
            .init("decision", [.string], required: true, allowed: ["approved", "rejected"], nonNegative: false),
            .init("reason", [.string], required: false, allowed: nil, nonNegative: false),
        ],
        "mcp.tools_listed": [
            .init("server", [.string], required: true, allowed: nil, nonNegative: false),
            .init("tools", [.array], required: true, allowed: nil, nonNegative: false),
        ],
        "run.deleted": [
            .init("reason", [.string], required: false, allowed: nil, nonNegative: false),
        ],
    ]
}
