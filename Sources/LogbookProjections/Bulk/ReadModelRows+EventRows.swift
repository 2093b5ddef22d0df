/// The tables with one row per event, which no later event merges into: a rebuild writes
/// their rows batch by batch and keeps in memory only the rows that events go on merging
/// into (runs, sessions, executions, …). What a later event still does to a written row —
/// a run's deletion, a message's removal, a trace's numbering and its results' tool names —
/// the rebuild applies with SQL (`BulkFold`).
extension ReadModelRows {
    static let eventTables = [
        LLMInteraction.table, Document.table, TraceStep.table, Message.table, Handoff.table, GuardrailResult.table,
        MCPToolListing.table, RunLog.table,
    ]

    /// Takes the rows of `eventTables` out of the fold; trace steps unnumbered (0).
    mutating func takeEventRows() -> [String: [[SQLValue]]] {
        var taken: [String: [[SQLValue]]] = [:]
        taken[LLMInteraction.table] = Self.take(&llmInteractions)
        taken[Document.table] = Self.take(&documents)
        taken[TraceStep.table] = traceSteps.values.flatMap { $0.values.map(\.values) }
        traceSteps.removeAll(keepingCapacity: true)
        taken[Message.table] = messages.values.map(\.values)
        messages.removeAll(keepingCapacity: true)
        taken[Handoff.table] = Self.take(&handoffs)
        taken[GuardrailResult.table] = Self.take(&guardrailResults)
        taken[MCPToolListing.table] = Self.take(&mcpToolListings)
        taken[RunLog.table] = Self.take(&runLogs)
        return taken
    }

    /// The calls of the tool results held that have no name: their call step is in no batch
    /// so far, or has none. Written so, they are named with SQL when a later batch brings it.
    func unnamedResultCalls() -> [TraceStepsProjector.ToolCall] {
        traceSteps.values.flatMap { steps in
            steps.values.compactMap { step in
                guard step.stepType == "tool_result", step.stepName == nil, let call = step.callID else { return nil }
                return TraceStepsProjector.ToolCall(trace: step.traceID, call: call)
            }
        }
    }

    private static func take<Row: ReadModelRow>(_ byRun: inout [String: [String: Row]]) -> [[SQLValue]] {
        defer { byRun.removeAll(keepingCapacity: true) }
        return byRun.values.flatMap { $0.values.map(\.values) }
    }
}
