/// How a run ends; each run gets exactly one terminal event.
enum RunOutcome: Sendable {
    case completed, failed, cancelled
}

/// The `state_type` of a `run.state_saved` event.
enum StateKind: Sendable {
    case interrupted, checkpoint, final
}

/// One step of a session's script; `EventComposer` turns each into exactly one event.
enum Step: Sendable {
    case sessionStarted
    case systemMessage
    case userMessage
    case sessionCleared
    /// An assistant message carrying `count` tool_calls, answered by that many tool messages.
    case assistantToolCalls(count: Int)
    case toolMessage(index: Int)
    case assistantMessage(afterRun: Bool)
    case runStarted
    case executionStarted
    case llmInteraction
    case toolCalled
    case toolResult
    case thought
    case documentRetrieved
    case stateSaved(StateKind)
    case executionEnded(failed: Bool)
    case runEnded(RunOutcome)
}

/// A tool call awaiting its result (or tool message): its id and the index of the tool in the agent's list.
struct PendingCall: Sendable {
    let id: UUID128
    let tool: Int
}

/// One session's script, planned a conversational turn at a time, so an open
/// session holds a few dozen steps however large the workload. It also keeps
/// the identifiers later events must repeat (run trace, execution id, pending
/// tool calls) and when the session's next event is due.
struct SessionScript: Sendable {
    let sessionID: UUID128
    /// Trace for session-level events outside runs.
    let conversationTrace: UUID128
    let user: Int
    let agent: Int
    /// When the current step happens; the generator emits the earliest due session next.
    private(set) var dueMs: Int64
    /// Latency drawn when the current step was scheduled. LLM and tool events
    /// report it, so their durations agree with the timestamps around them.
    private(set) var latencyMs = 0

    /// Trace for the next message: the conversation's, or the run's for the reply that follows a run.
    var messageTrace: UUID128
    var runTrace = UUID128.unassigned
    var executionID = UUID128.unassigned
    var activeCall = PendingCall(id: .unassigned, tool: 0)
    var pendingCalls: [PendingCall] = []
    /// Index into the agent's topics: what the conversation is currently about.
    var topic: Int
    /// Index into the agent's objectives for the current run.
    var objective = 0
    var iterations = 0
    var messages = 0

    private var steps: [Step] = [.sessionStarted, .systemMessage]
    private var cursor = 0
    private var runsLeft: Int
    private var chatTurnsLeft: Int
    private var turns = 0
    private var cleared = false

    init(rng: inout Xoshiro256, userCount: Int, dueMs: Int64) {
        sessionID = UUID128(&rng)
        conversationTrace = UUID128(&rng)
        messageTrace = conversationTrace
        user = 1 + rng.below(userCount)
        agent = rng.below(AgentCatalog.agents.count)
        topic = rng.below(AgentCatalog.agents[agent].topics.count)
        self.dueMs = dueMs
        // 1-4 runs (mean 2.2) and 0-3 plain chat turns.
        runsLeft = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4][rng.below(10)]
        chatTurnsLeft = rng.int(in: 0...3)
    }

    var step: Step { steps[cursor] }

    /// Moves past the step emitted at `nowMs` and schedules the next one;
    /// false when the session has ended.
    mutating func advance(nowMs: Int64, rng: inout Xoshiro256) -> Bool {
        cursor += 1
        if cursor == steps.count {
            planTurn(&rng)
            if steps.isEmpty { return false }
        }
        dueMs = nowMs + Int64(gap(before: steps[cursor], &rng))
        return true
    }

    /// One turn: the user asks, then either an agent run or a plain chat reply
    /// (sometimes via function calls) answers. Occasionally the conversation is
    /// cleared first and restarts from the system message.
    private mutating func planTurn(_ rng: inout Xoshiro256) {
        steps.removeAll(keepingCapacity: true)
        cursor = 0
        guard runsLeft + chatTurnsLeft > 0 else { return }
        if !cleared && turns >= 2 && rng.percent(8) {
            cleared = true
            steps.append(.sessionCleared)
            steps.append(.systemMessage)
        }
        turns += 1
        steps.append(.userMessage)
        if runsLeft > 0 && rng.below(runsLeft + chatTurnsLeft) < runsLeft {
            runsLeft -= 1
            planRun(&rng)
            steps.append(.assistantMessage(afterRun: true))
        } else {
            chatTurnsLeft -= 1
            if rng.percent(35) {
                let count = rng.percent(70) ? 1 : rng.int(in: 2...3)
                steps.append(.assistantToolCalls(count: count))
                for index in 0..<count { steps.append(.toolMessage(index: index)) }
            }
            steps.append(.assistantMessage(afterRun: false))
        }
    }

    /// run.started, one to three executions of LLM/tool/thought/retrieval
    /// iterations with checkpoints between them, then one terminal event. The
    /// outcome is decided up front so a failed or cancelled run's last execution fails.
    private mutating func planRun(_ rng: inout Xoshiro256) {
        let roll = rng.below(100)
        let outcome: RunOutcome = roll < 80 ? .completed : roll < 93 ? .failed : .cancelled
        let executions = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3][rng.below(10)]
        steps.append(.runStarted)
        for execution in 1...executions {
            let last = execution == executions
            steps.append(.executionStarted)
            for _ in 0..<rng.int(in: 1...4) {
                steps.append(.llmInteraction)
                if rng.percent(65) {
                    steps.append(.toolCalled)
                    steps.append(.toolResult)
                }
                if rng.percent(45) { steps.append(.thought) }
                if rng.percent(30) { steps.append(.documentRetrieved) }
            }
            steps.append(.executionEnded(failed: last ? outcome != .completed : rng.percent(12)))
            if !last && rng.percent(50) { steps.append(.stateSaved(.checkpoint)) }
        }
        switch outcome {
        case .completed: if rng.percent(60) { steps.append(.stateSaved(.final)) }
        case .cancelled: steps.append(.stateSaved(.interrupted))
        case .failed: break
        }
        steps.append(.runEnded(outcome))
    }

    /// Milliseconds between the previous event of this session and `step`:
    /// people type for seconds, models answer in 0.2-8 s, bookkeeping takes milliseconds.
    private mutating func gap(before step: Step, _ rng: inout Xoshiro256) -> Int {
        switch step {
        case .sessionStarted, .systemMessage: return rng.int(in: 1...15)
        case .userMessage: return rng.int(in: 3_000...45_000)
        case .sessionCleared: return rng.int(in: 5_000...60_000)
        case .assistantToolCalls: return rng.int(in: 600...4_000)
        case .toolMessage: return rng.int(in: 30...2_500)
        case .assistantMessage(let afterRun): return afterRun ? rng.int(in: 30...400) : rng.int(in: 700...6_000)
        case .runStarted: return rng.int(in: 20...300)
        case .executionStarted: return rng.int(in: 2...40)
        case .llmInteraction:
            let base = rng.int(in: 200...2_400)
            latencyMs = rng.percent(25) ? base + rng.below(5_601) : base
            return latencyMs
        case .toolCalled: return rng.int(in: 5...150)
        case .toolResult:
            let base = rng.int(in: 15...800)
            latencyMs = rng.percent(20) ? base + rng.below(4_000) : base
            return latencyMs
        case .thought: return rng.int(in: 80...1_200)
        case .documentRetrieved: return rng.int(in: 40...700)
        case .stateSaved: return rng.int(in: 1...30)
        case .executionEnded, .runEnded: return rng.int(in: 2...60)
        }
    }
}
