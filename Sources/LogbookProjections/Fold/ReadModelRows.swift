import LogbookCatalogue

/// The read models folded in memory: every table's rows, keyed by primary key, built by
/// `apply` with exactly the projectors' rules (`*Projector.swift`), so they come out as the
/// projectors' tables do, whatever the order of arrival. A bulk writer folds a batch here
/// and writes each final row once; `MemoryReadModels` answers queries from it.
///
/// Fold batch by batch as the projection engine does: `apply` each event of a batch, then
/// `finishBatch()` (or `apply(batch:)`), because a tool result takes its call's name at the
/// end of the batch that brings them together.
public struct ReadModelRows: Sendable {
    public let prices: PriceTable
    /// The position of the last event folded; -1 before the first.
    public internal(set) var position: Int64 = -1

    public internal(set) var agentRuns: [String: AgentRun] = [:]
    public internal(set) var executions: [String: Execution] = [:]
    /// By run, then event id: a run's rows are dropped at once when it is deleted.
    public internal(set) var llmInteractions: [String: [String: LLMInteraction]] = [:]
    public internal(set) var documents: [String: [String: Document]] = [:]
    public internal(set) var sessions: [String: Session] = [:]
    public internal(set) var agents: [String: Agent] = [:]
    /// By trace, then `(timestamp, event id)`, the primary key within a trace.
    public internal(set) var traceSteps: [String: [EventKey: TraceStep]] = [:]
    public internal(set) var messages: [String: Message] = [:]
    public internal(set) var messageRemovals: [String: MessageRemoval] = [:]
    public internal(set) var runStates: [String: RunState] = [:]
    public internal(set) var deletedRuns: [String: DeletedRun] = [:]
    public internal(set) var handoffs: [String: [String: Handoff]] = [:]
    public internal(set) var guardrailResults: [String: [String: GuardrailResult]] = [:]
    /// By run, then call id.
    public internal(set) var interruptions: [String: [String: Interruption]] = [:]
    public internal(set) var mcpToolListings: [String: [String: MCPToolListing]] = [:]
    public internal(set) var runLogs: [String: [String: RunLog]] = [:]

    /// The next row's place in SQLite's rowid order.
    var nextRowID: Int64 = 1
    /// The tool calls the batch touched, by trace: their results are named at its end.
    var touchedCalls: [String: Set<String>] = [:]

    public init(prices: PriceTable = .standard) {
        self.prices = prices
    }

    /// Folds one batch: each event, then the batch's end.
    public mutating func apply(batch: some Sequence<ProjectedEvent>) {
        for event in batch { apply(event) }
        finishBatch()
    }

    /// Folds one event into every table it touches.
    public mutating func apply(_ event: ProjectedEvent) {
        position = max(position, event.position)
        if event.sessionID != nil { session(event) }
        switch event.type {
        case EventType.runDeleted: delete(event)
        case EventType.runStarted, EventType.runCompleted, EventType.runFailed, EventType.runCancelled:
            guard !isDeleted(event) else { return }
            run(event)
        case EventType.llmInteraction:
            guard !isDeleted(event) else { return }
            llmInteraction(event)
        case EventType.executionStarted, EventType.executionCompleted, EventType.executionFailed:
            guard !isDeleted(event) else { return }
            execution(event)
        case EventType.documentRetrieved:
            guard !isDeleted(event) else { return }
            document(event)
        case EventType.runStateSaved:
            guard !isDeleted(event) else { return }
            runState(event)
        case EventType.agentThought, EventType.toolCalled, EventType.toolResult, EventType.spanRecorded:
            noteCall(event)
            guard !isDeleted(event) else { return }
            traceStep(event, usage: nil)
        case EventType.handoffOccurred, EventType.guardrailEvaluated, EventType.interruptionRequested,
             EventType.interruptionResolved, EventType.mcpToolsListed, EventType.runLog:
            guard !isDeleted(event) else { return }
            activity(event)
        case EventType.agentRegistered: agent(event)
        case EventType.messageAdded: message(event)
        case EventType.messageRemoved: messageRemoved(event)
        default: break
        }
    }

    /// Ends a batch: names the results of the tool calls it touched (`TraceStepsProjector.finishBatch`).
    public mutating func finishBatch() {
        for (trace, calls) in touchedCalls { nameResults(trace: trace, calls: calls) }
        touchedCalls.removeAll(keepingCapacity: true)
    }

    /// Each projector's name, version and position, as `projector_checkpoints` holds them.
    public var checkpoints: [(name: String, version: Int, position: Int64)] {
        Projectors.all(prices: prices).map { ($0.name, $0.version, position) }
    }

    func isDeleted(_ event: ProjectedEvent) -> Bool {
        deletedRuns[event.traceID] != nil
    }

    mutating func rowID() -> Int64 {
        defer { nextRowID += 1 }
        return nextRowID
    }
}
