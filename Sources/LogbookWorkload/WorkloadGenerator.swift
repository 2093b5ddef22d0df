/// Deterministic generator of a realistic multi-agent workload as JSONL.
///
/// The agents of `AgentCatalog` register first; then `sessions` sessions run,
/// `concurrentSessions` at a time. Each open session has a script and the time
/// its next event is due; the generator always emits the earliest due event, so
/// sessions interleave the way a real deployment's log does and `timestamp_ms`
/// never decreases. Everything random, UUIDs included, comes from one seeded
/// xoshiro256** stream: the same arguments give byte-identical output. Only the
/// open sessions are held in memory, so workloads of any size stream.
public struct WorkloadGenerator: Sendable {
    private let sessionCount: Int
    private let concurrency: Int
    /// Size of the user population: about four sessions per user.
    private let userCount: Int
    private var composer: EventComposer
    private var open: [SessionScript] = []
    private var sessionsStarted = 0
    private var agentsRegistered = 0
    private var clockMs: Int64

    public init(
        sessions: Int, seed: UInt64, startTimeMs: Int64 = 1_767_225_600_000, concurrentSessions: Int = 8
    ) {
        precondition(sessions >= 0, "sessions must not be negative")
        precondition(concurrentSessions >= 1, "concurrentSessions must be at least 1")
        sessionCount = sessions
        concurrency = concurrentSessions
        userCount = max(1, min(9_999, (sessions + 3) / 4))
        composer = EventComposer(seed: seed)
        clockMs = startTimeMs
        open.reserveCapacity(concurrentSessions)
    }

    /// Appends the next event's JSONL line (ending in "\n") to `line`; false when the workload is exhausted.
    public mutating func nextLine(into line: inout [UInt8]) -> Bool {
        swap(&line, &composer.json.bytes)
        defer { swap(&line, &composer.json.bytes) }
        return writeNextEvent()
    }

    /// Convenience: all lines as Strings, without their trailing newlines (tests, small workloads).
    public static func lines(sessions: Int, seed: UInt64) -> [String] {
        var generator = WorkloadGenerator(sessions: sessions, seed: seed)
        var line: [UInt8] = []
        var lines: [String] = []
        while generator.nextLine(into: &line) {
            lines.append(String(decoding: line.dropLast(), as: UTF8.self))
            line.removeAll(keepingCapacity: true)
        }
        return lines
    }

    private mutating func writeNextEvent() -> Bool {
        if agentsRegistered < AgentCatalog.agents.count {
            clockMs += Int64(composer.rng.int(in: 1...40))
            composer.agentRegistered(AgentCatalog.agents[agentsRegistered], at: clockMs)
            agentsRegistered += 1
            return true
        }
        // Sessions arrive up to 20 s after a slot frees up.
        while open.count < concurrency && sessionsStarted < sessionCount {
            let due = clockMs + Int64(composer.rng.below(20_000))
            open.append(SessionScript(rng: &composer.rng, userCount: userCount, dueMs: due))
            sessionsStarted += 1
        }
        guard !open.isEmpty else { return false }
        var next = 0
        for index in open.indices.dropFirst() where open[index].dueMs < open[next].dueMs {
            next = index
        }
        clockMs = open[next].dueMs
        composer.writeStep(of: &open[next], at: clockMs)
        if !open[next].advance(nowMs: clockMs, rng: &composer.rng) {
            open.remove(at: next)
        }
        return true
    }
}
