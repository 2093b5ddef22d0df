/// What a span is, read from the conventions its instrumentation follows: OpenInference's
/// `openinference.span.kind`, else the GenAI semantic conventions' `gen_ai.operation.name`.
enum SpanCategory: Equatable {
    /// An agent invocation: `AGENT`, `invoke_agent`.
    case agent
    /// A workflow or other grouping step: `CHAIN`, `invoke_workflow`.
    case chain
    /// A model call: `LLM`, `EMBEDDING`, `chat`, `text_completion`, `generate_content`, `embeddings`.
    case llm
    /// A tool execution: `TOOL`, `execute_tool`.
    case tool
    /// A handoff between agents: OpenInference records the Agents SDK's handoff spans as `TOOL`
    /// spans named "handoff to <agent>", with the agents in input.value and output.value.
    case handoff
    /// A retrieval: `RETRIEVER`, `retrieval`.
    case retriever
    /// `create_agent`.
    case agentCreation
    /// Anything else (guardrails, rerankers, HTTP, database spans, ...).
    case other

    init(name: String, attributes: AttributeBag) {
        if let kind = attributes.peekString("openinference.span.kind") {
            switch kind.uppercased() {
            case "LLM", "EMBEDDING": self = .llm
            case "TOOL": self = name.hasPrefix(Self.handoffPrefix) ? .handoff : .tool
            case "AGENT": self = .agent
            case "CHAIN": self = .chain
            case "RETRIEVER": self = .retriever
            default: self = .other
            }
        } else if let operation = attributes.peekString("gen_ai.operation.name") {
            switch operation {
            case "chat", "text_completion", "generate_content", "embeddings": self = .llm
            case "execute_tool": self = .tool
            case "invoke_agent": self = .agent
            case "create_agent": self = .agentCreation
            case "retrieval": self = .retriever
            case "invoke_workflow": self = .chain
            default: self = .other
            }
        } else if attributes.peek("gen_ai.request.model") != nil,
            attributes.peek("gen_ai.system") != nil || attributes.peek("gen_ai.provider.name") != nil
        {
            // Older GenAI instrumentations set no operation name on model calls.
            self = .llm
        } else {
            self = .other
        }
    }

    static let handoffPrefix = "handoff to "
}
