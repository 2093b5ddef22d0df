import LogbookJSON

/// A provider's own usage object, as its API returned it, read into Logbook's conventions
/// (input counts every prompt token with cache reads and writes; output counts reasoning):
///
/// | shape | input | cached | cache write | output | reasoning |
/// |---|---|---|---|---|---|
/// | OpenAI Chat | `prompt_tokens` | `prompt_tokens_details.cached_tokens` | `….cache_write_tokens` | `completion_tokens` | `completion_tokens_details.reasoning_tokens` |
/// | OpenAI Responses (and the Agents SDK's `Usage`) | `input_tokens` | `input_tokens_details.cached_tokens` | `….cache_write_tokens` | `output_tokens` | `output_tokens_details.reasoning_tokens` |
/// | Anthropic | `input_tokens + cache_read_input_tokens + cache_creation_input_tokens` | `cache_read_input_tokens` | `cache_creation_input_tokens` | `output_tokens` | `output_tokens_details.thinking_tokens` |
/// | Gemini | `prompt_token_count + tool_use_prompt_token_count` | `cached_content_token_count` | — | `candidates_token_count + thoughts_token_count` | `thoughts_token_count` |
///
/// The shape is told by its keys (Gemini's in snake_case or the REST API's camelCase;
/// Anthropic's by its cache keys or the provider's name). A count that is not a token count
/// is left out and named in `problems`.
public struct ProviderUsage: Sendable, Equatable {
    public enum Shape: String, Sendable {
        case openAIChat, openAIResponses, anthropic, gemini
    }

    public var shape: Shape
    public var inputTokens: Int64?
    public var cachedInputTokens: Int64?
    public var cacheWriteInputTokens: Int64?
    public var outputTokens: Int64?
    public var reasoningTokens: Int64?
    public var problems: [String] = []

    /// Nil when `usage` is not an object of a known shape.
    public init?(usage: JSONValue, provider: String?) {
        guard let fields = usage.object else { return nil }
        var problems: [String] = []
        func count(_ path: String...) -> Int64? {
            var value: JSONValue? = usage
            for key in path { value = value?[key] }
            guard let value, value != .null else { return nil }
            return LLMCallUsage.tokens(value, name: "usage." + path.joined(separator: "."), problems: &problems)
        }
        func sum(_ parts: Int64?...) -> Int64? {
            let present = parts.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
        }
        if fields["prompt_token_count"] != nil || fields["candidates_token_count"] != nil || fields["promptTokenCount"] != nil
            || fields["candidatesTokenCount"] != nil {
            let camel = fields["promptTokenCount"] != nil || fields["candidatesTokenCount"] != nil
            func gemini(_ snake: String, _ camelCase: String) -> Int64? { count(camel ? camelCase : snake) }
            let thoughts = gemini("thoughts_token_count", "thoughtsTokenCount")
            shape = .gemini
            inputTokens = sum(gemini("prompt_token_count", "promptTokenCount"), gemini("tool_use_prompt_token_count", "toolUsePromptTokenCount"))
            cachedInputTokens = gemini("cached_content_token_count", "cachedContentTokenCount")
            outputTokens = sum(gemini("candidates_token_count", "candidatesTokenCount"), thoughts)
            reasoningTokens = thoughts
        } else if fields["prompt_tokens"] != nil || fields["completion_tokens"] != nil {
            shape = .openAIChat
            inputTokens = count("prompt_tokens")
            cachedInputTokens = count("prompt_tokens_details", "cached_tokens")
            cacheWriteInputTokens = count("prompt_tokens_details", "cache_write_tokens")
            outputTokens = count("completion_tokens")
            reasoningTokens = count("completion_tokens_details", "reasoning_tokens")
        } else if fields["cache_read_input_tokens"] != nil || fields["cache_creation_input_tokens"] != nil
                    || (provider?.lowercased().contains("anthropic") == true && fields["input_tokens"] != nil) {
            let read = count("cache_read_input_tokens")
            let write = count("cache_creation_input_tokens")
            shape = .anthropic
            inputTokens = sum(count("input_tokens"), read, write)
            cachedInputTokens = read
            cacheWriteInputTokens = write
            outputTokens = count("output_tokens")
            reasoningTokens = count("output_tokens_details", "thinking_tokens")
        } else if fields["input_tokens"] != nil || fields["output_tokens"] != nil {
            shape = .openAIResponses
            inputTokens = count("input_tokens")
            cachedInputTokens = count("input_tokens_details", "cached_tokens")
            cacheWriteInputTokens = count("input_tokens_details", "cache_write_tokens")
            outputTokens = count("output_tokens")
            reasoningTokens = count("output_tokens_details", "reasoning_tokens")
        } else {
            return nil
        }
        self.problems = problems
    }
}
