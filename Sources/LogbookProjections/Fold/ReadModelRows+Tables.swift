/// The folded tables read out as SQLite stores them: each row's values in the schema's
/// column order, the rows in primary-key order.
extension ReadModelRows {
    /// The tables the fold holds.
    public static let tables = [
        AgentRun.table, Execution.table, LLMInteraction.table, Document.table, Session.table, Agent.table, TraceStep.table,
        Message.table, MessageRemoval.table, RunState.table, DeletedRun.table, Handoff.table, GuardrailResult.table,
        Interruption.table, MCPToolListing.table, RunLog.table,
    ]

    /// The column names of `table`; nil for a table the fold does not hold.
    public static func columns(of table: String) -> [String]? {
        switch table {
        case AgentRun.table: AgentRun.columns
        case Execution.table: Execution.columns
        case LLMInteraction.table: LLMInteraction.columns
        case Document.table: Document.columns
        case Session.table: Session.columns
        case Agent.table: Agent.columns
        case TraceStep.table: TraceStep.columns
        case Message.table: Message.columns
        case MessageRemoval.table: MessageRemoval.columns
        case RunState.table: RunState.columns
        case DeletedRun.table: DeletedRun.columns
        case Handoff.table: Handoff.columns
        case GuardrailResult.table: GuardrailResult.columns
        case Interruption.table: Interruption.columns
        case MCPToolListing.table: MCPToolListing.columns
        case RunLog.table: RunLog.columns
        default: nil
        }
    }

    /// Every row of `table`, by primary key; nil for a table the fold does not hold.
    public func rows(of table: String) -> [[SQLValue]]? {
        switch table {
        case AgentRun.table: Self.byKey(agentRuns)
        case Execution.table: Self.byKey(executions)
        case LLMInteraction.table: Self.byEventID(llmInteractions)
        case Document.table: Self.byEventID(documents)
        case Session.table: Self.byKey(sessions)
        case Agent.table: Self.byKey(agents)
        case TraceStep.table: traceSteps.keys.sorted { $0.sortsBefore($1) }.flatMap { steps(trace: $0).map(\.values) }
        case Message.table: Self.byKey(messages)
        case MessageRemoval.table: Self.byKey(messageRemovals)
        case RunState.table: Self.byKey(runStates)
        case DeletedRun.table: Self.byKey(deletedRuns)
        case Handoff.table: Self.byEventID(handoffs)
        case GuardrailResult.table: Self.byEventID(guardrailResults)
        case Interruption.table:
            interruptions.sorted { $0.key.sortsBefore($1.key) }.flatMap { run in
                run.value.sorted { $0.key.sortsBefore($1.key) }.map(\.value.values)
            }
        case MCPToolListing.table: Self.byEventID(mcpToolListings)
        case RunLog.table: Self.byEventID(runLogs)
        default: nil
        }
    }

    private static func byKey<Row: ReadModelRow>(_ rows: [String: Row]) -> [[SQLValue]] {
        rows.sorted { $0.key.sortsBefore($1.key) }.map(\.value.values)
    }

    /// Rows kept by run, keyed by event id.
    private static func byEventID<Row: ReadModelRow>(_ runs: [String: [String: Row]]) -> [[SQLValue]] {
        runs.values.flatMap { $0 }.sorted { $0.key.sortsBefore($1.key) }.map(\.value.values)
    }
}
