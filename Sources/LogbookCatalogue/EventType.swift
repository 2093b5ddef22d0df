/// The names of the catalogued event types (`schemas/events/`), so modules that fold or write
/// events name them once. Any other dotted name is a valid, uncatalogued type.
public enum EventType {
    public static let agentRegistered = "agent.registered"
    public static let agentThought = "agent.thought"
    public static let documentRetrieved = "document.retrieved"
    public static let executionCompleted = "execution.completed"
    public static let executionFailed = "execution.failed"
    public static let executionStarted = "execution.started"
    public static let guardrailEvaluated = "guardrail.evaluated"
    public static let handoffOccurred = "handoff.occurred"
    public static let interruptionRequested = "interruption.requested"
    public static let interruptionResolved = "interruption.resolved"
    public static let llmInteraction = "llm.interaction"
    public static let mcpToolsListed = "mcp.tools_listed"
    public static let messageAdded = "message.added"
    public static let messageRemoved = "message.removed"
    public static let runCancelled = "run.cancelled"
    public static let runCompleted = "run.completed"
    public static let runDeleted = "run.deleted"
    public static let runFailed = "run.failed"
    public static let runLog = "run.log"
    public static let runStarted = "run.started"
    public static let runStateSaved = "run.state_saved"
    public static let sessionCleared = "session.cleared"
    public static let sessionStarted = "session.started"
    public static let spanRecorded = "span.recorded"
    public static let toolCalled = "tool.called"
    public static let toolResult = "tool.result"

    /// Every catalogued type.
    public static let all: [String] = [
        agentRegistered, agentThought, documentRetrieved, executionCompleted, executionFailed, executionStarted, guardrailEvaluated, handoffOccurred, interruptionRequested, interruptionResolved, llmInteraction, mcpToolsListed, messageAdded, messageRemoved, runCancelled, runCompleted, runDeleted, runFailed, runLog, runStarted, runStateSaved, sessionCleared, sessionStarted, spanRecorded, toolCalled, toolResult,
    ]
}
