/// One run in a list of runs (`query runs`).
public struct RunListRow: QueryRow, Equatable {
    public var runID: String
    public var agentID: String?
    public var agentName: String?
    public var status: String
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var totalIterations: Int64?
    public var llmCalls: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var costUSD: Double?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case runID = "run_id", agentID = "agent_id", agentName = "agent_name", status
        case startedAt = "started_at", finishedAt = "finished_at", totalIterations = "total_iterations"
        case llmCalls = "llm_calls", inputTokens = "input_tokens", outputTokens = "output_tokens", costUSD = "cost_usd"
    }
    public typealias Columns = CodingKeys
}
