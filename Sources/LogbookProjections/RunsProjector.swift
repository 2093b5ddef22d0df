import LogbookCatalogue
import LogbookJSON

/// `agent_runs`: a run's start, its end and the totals of its LLM calls, merged in any order.
/// Of several starts or several terminal events the earliest by `(timestamp_ms, event id)`
/// counts (`EventRules.precedes`, as in replay); a terminal status wins over running.
/// `agent_id` and `session_id` are those of the earliest event of the run that carries one.
/// A `run.deleted` drops the run (`RunDeletion`).
public struct RunsProjector: Projector {
    public let name = "runs"
    public let version: Int
    public let schemaFile = "runs"
    let prices: PriceTable

    public init(prices: PriceTable = .standard) {
        self.prices = prices
        version = prices.projectorVersion(3)
    }

    public func apply(_ event: ProjectedEvent, to db: any ProjectionSQL) throws {
        guard Self.types.contains(event.type), try !RunDeletion.handled(event, tables: ["agent_runs"], in: db) else { return }
        switch event.type {
        case EventType.runStarted: try started(event, db)
        case EventType.runCompleted: try ended(event, status: "completed", db)
        case EventType.runFailed: try ended(event, status: "error", db)
        case EventType.runCancelled: try ended(event, status: "cancelled", db)
        case EventType.llmInteraction: try llmCall(event, db)
        default: break
        }
    }

    private static let types: Set<String> = [
        EventType.runStarted, EventType.runCompleted, EventType.runFailed, EventType.runCancelled, EventType.llmInteraction,
        EventType.runDeleted,
    ]

    /// The identity columns every statement merges.
    private static let identity = EarliestValue.assignments("agent_id", table: "agent_runs") + ",\n"
        + EarliestValue.assignments("session_id", table: "agent_runs")

    private func identityArguments(_ event: ProjectedEvent) -> SQLArguments {
        [
            event.event.agentID, event.event.agentID == nil ? nil : event.orderKey,
            event.sessionID, event.sessionID == nil ? nil : event.orderKey,
        ]
    }

    private static func whenWins(_ condition: String, _ columns: [String]) -> String {
        columns.map { "\($0) = CASE WHEN \(condition) THEN excluded.\($0) ELSE agent_runs.\($0) END" }.joined(separator: ",\n")
    }

    private static let startWins = """
        (agent_runs.started_at IS NULL OR (excluded.started_at, excluded.start_event_id) < (agent_runs.started_at, agent_runs.start_event_id))
        """

    private func started(_ event: ProjectedEvent, _ db: any ProjectionSQL) throws {
        var metadata: [String: JSONValue] = [:]
        for key in ["run_name", "system_prompt_snapshot", "model_config_snapshot", "tags", "environment"] {
            if let value = event.payload[key] { metadata[key] = value }
        }
        try db.execute("""
            INSERT INTO agent_runs (run_id, agent_id, agent_id_from, session_id, session_id_from, agent_name, objective,
                additional_context, started_at, start_event_id, status, metadata, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                \(Self.identity),
                \(Self.whenWins(Self.startWins, ["agent_name", "objective", "additional_context", "metadata", "started_at", "start_event_id"])),
                status = CASE WHEN agent_runs.status = 'pending' THEN 'running' ELSE agent_runs.status END,
                last_position = max(agent_runs.last_position, excluded.last_position)
            """, [event.traceID] + identityArguments(event) + [
                event.string("agent_name"), event.text("objective"), event.text("additional_context"), event.timestampMs,
                event.eventID, metadata.isEmpty ? nil : JSONValue.object(metadata).compactJSON, event.position,
            ])
    }

    private static let endWins = """
        (agent_runs.finished_at IS NULL OR (excluded.finished_at, excluded.end_event_id) < (agent_runs.finished_at, agent_runs.end_event_id))
        """

    private func ended(_ event: ProjectedEvent, status: String, _ db: any ProjectionSQL) throws {
        try db.execute("""
            INSERT INTO agent_runs (run_id, agent_id, agent_id_from, session_id, session_id_from, finished_at, end_event_id,
                total_iterations, final_synthesis_output, status, error_message, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                \(Self.identity),
                \(Self.whenWins(Self.endWins, ["total_iterations", "final_synthesis_output", "status", "error_message", "finished_at", "end_event_id"])),
                last_position = max(agent_runs.last_position, excluded.last_position)
            """, [event.traceID] + identityArguments(event) + [
                event.timestampMs, event.eventID, event.int("total_iterations"), event.text("final_output"), status,
                event.text("error_message"), event.position,
            ])
    }

    private func llmCall(_ event: ProjectedEvent, _ db: any ProjectionSQL) throws {
        let usage = LLMUsage(event, prices: prices)
        try db.execute("""
            INSERT INTO agent_runs (run_id, agent_id, agent_id_from, session_id, session_id_from, status, input_tokens,
                cached_input_tokens, output_tokens, reasoning_tokens, cost_usd, llm_calls, unpriced_calls, latency_ms, last_position)
            VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, 1, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                \(Self.identity),
                input_tokens = agent_runs.input_tokens + excluded.input_tokens,
                cached_input_tokens = agent_runs.cached_input_tokens + excluded.cached_input_tokens,
                output_tokens = agent_runs.output_tokens + excluded.output_tokens,
                reasoning_tokens = agent_runs.reasoning_tokens + excluded.reasoning_tokens,
                cost_usd = CASE WHEN excluded.cost_usd IS NULL THEN agent_runs.cost_usd
                    ELSE round(coalesce(agent_runs.cost_usd, 0) + excluded.cost_usd, 9) END,
                llm_calls = agent_runs.llm_calls + 1,
                unpriced_calls = agent_runs.unpriced_calls + excluded.unpriced_calls,
                latency_ms = agent_runs.latency_ms + excluded.latency_ms,
                last_position = max(agent_runs.last_position, excluded.last_position)
            """, [event.traceID] + identityArguments(event) + [
                usage.inputTokens, usage.cachedInputTokens, usage.outputTokens, usage.reasoningTokens, usage.costUSD,
                usage.costUSD == nil ? 1 : 0, usage.latencyMs ?? 0, event.position,
            ])
    }
}
