/// The read-model queries every front end asks, answered alike by each backend: SQLite
/// (`ReadModels`, the embedded default), PostgreSQL and memory. `async`, so that a backend
/// over the network does not hold a thread while it waits; a backend that answers at once
/// implements them synchronously.
public protocol ReadModelQueries: Sendable {
    /// Runs, newest first (by start; runs not started yet last), optionally after the run
    /// `filter.after` of a previous page.
    func runs(_ filter: RunFilter) async throws -> [RunListRow]
    /// One run, every column; nil when the read models have no such run.
    func run(id: String) async throws -> AgentRunRow?
    /// LLM usage and cost grouped by agent, run or model, most expensive first; by day, newest first.
    func llmUsage(_ filter: LLMUsageFilter) async throws -> [LLMUsageRow]
    /// The models without a price, most calls first.
    func unpricedModels(run: String?, limit: Int) async throws -> [UnpricedModelRow]
    /// Run statistics over every run, or one agent's (by name or id).
    func stats(agent: String?) async throws -> RunStatsRow
    /// Sessions, most recently active first, with their message and run counts, agents,
    /// status, tokens and cost.
    func sessions(_ filter: SessionFilter) async throws -> [SessionRow]
    /// The documents a session retrieved, in order.
    func documents(session: String) async throws -> [DocumentRow]
    /// A trace's steps in order.
    func steps(trace: String) async throws -> [StepRow]
    /// A run's log lines in time order.
    func logs(_ filter: RunLogFilter) async throws -> [RunLogRow]
    /// Each projector's version and the position it has applied up to.
    func checkpoints() async throws -> [ProjectorCheckpoint]
}

extension ReadModels: ReadModelQueries {}
