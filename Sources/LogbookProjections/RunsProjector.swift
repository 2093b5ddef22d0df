import GRDB
import LogbookCatalogue
import LogbookJSON

/// `agent_runs`: a run's start, its end and the totals of its LLM calls, merged in any order.
/// A terminal status wins over running (the earliest ending, by timestamp, when there are
/// several); the start's fields are taken whenever run.started arrives.
public struct RunsProjector: Projector {
    public let name = "runs"
    public let version = 1
    public let schemaFile = "runs"

    public init() {}

    public func apply(_ event: ProjectedEvent, in db: Database) throws {
        switch event.type {
        case EventType.runStarted: try started(event, db)
        case EventType.runCompleted: try ended(event, status: "completed", db)
        case EventType.runFailed: try ended(event, status: "error", db)
        case EventType.runCancelled: try ended(event, status: "cancelled", db)
        case EventType.llmInteraction: try llmCall(event, db)
        default: break
        }
    }

    private func started(_ event: ProjectedEvent, _ db: Database) throws {
        var metadata: [String: JSONValue] = [:]
        for key in ["run_name", "system_prompt_snapshot", "model_config_snapshot", "tags", "environment"] {
            if let value = event.payload[key] { metadata[key] = value }
        }
        try db.cachedStatement(sql: """
            INSERT INTO agent_runs (run_id, agent_id, agent_name, objective, additional_context, session_id,
                started_at, status, metadata, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                agent_id = excluded.agent_id, agent_name = excluded.agent_name, objective = excluded.objective,
                additional_context = excluded.additional_context, session_id = excluded.session_id,
                started_at = excluded.started_at, metadata = excluded.metadata,
                status = CASE WHEN agent_runs.status = 'pending' THEN 'running' ELSE agent_runs.status END,
                last_position = max(agent_runs.last_position, excluded.last_position)
            WHERE agent_runs.started_at IS NULL OR excluded.started_at < agent_runs.started_at
            """).execute(arguments: [
                event.traceID, event.event.agentID, event.string("agent_name"), event.text("objective"),
                event.text("additional_context"), event.sessionID, event.timestampMs,
                metadata.isEmpty ? nil : JSONValue.object(metadata).compactJSON, event.position,
            ])
    }

    private func ended(_ event: ProjectedEvent, status: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO agent_runs (run_id, agent_id, session_id, finished_at, total_iterations,
                final_synthesis_output, status, error_message, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                agent_id = coalesce(agent_runs.agent_id, excluded.agent_id),
                session_id = coalesce(agent_runs.session_id, excluded.session_id),
                finished_at = excluded.finished_at, total_iterations = excluded.total_iterations,
                final_synthesis_output = excluded.final_synthesis_output, status = excluded.status,
                error_message = excluded.error_message,
                last_position = max(agent_runs.last_position, excluded.last_position)
            WHERE agent_runs.finished_at IS NULL OR excluded.finished_at < agent_runs.finished_at
                OR (excluded.finished_at = agent_runs.finished_at AND excluded.status < agent_runs.status)
            """).execute(arguments: [
                event.traceID, event.event.agentID, event.sessionID, event.timestampMs, event.int("total_iterations"),
                event.text("final_output"), status, event.text("error_message"), event.position,
            ])
    }

    private func llmCall(_ event: ProjectedEvent, _ db: Database) throws {
        let usage = LLMUsage(event)
        try db.cachedStatement(sql: """
            INSERT INTO agent_runs (run_id, agent_id, session_id, status, input_tokens, cached_input_tokens,
                output_tokens, reasoning_tokens, cost_usd, llm_calls, latency_ms, last_position)
            VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET
                agent_id = coalesce(agent_runs.agent_id, excluded.agent_id),
                session_id = coalesce(agent_runs.session_id, excluded.session_id),
                input_tokens = agent_runs.input_tokens + excluded.input_tokens,
                cached_input_tokens = agent_runs.cached_input_tokens + excluded.cached_input_tokens,
                output_tokens = agent_runs.output_tokens + excluded.output_tokens,
                reasoning_tokens = agent_runs.reasoning_tokens + excluded.reasoning_tokens,
                cost_usd = CASE WHEN excluded.cost_usd IS NULL THEN agent_runs.cost_usd
                    ELSE round(coalesce(agent_runs.cost_usd, 0) + excluded.cost_usd, 9) END,
                llm_calls = agent_runs.llm_calls + 1,
                latency_ms = agent_runs.latency_ms + excluded.latency_ms,
                last_position = max(agent_runs.last_position, excluded.last_position)
            """).execute(arguments: [
                event.traceID, event.event.agentID, event.sessionID, usage.inputTokens, usage.cachedInputTokens,
                usage.outputTokens, usage.reasoningTokens, usage.costUSD, usage.latencyMs ?? 0, event.position,
            ])
    }
}
