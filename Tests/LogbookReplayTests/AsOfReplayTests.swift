import Foundation
import LogbookCore
import LogbookReplay
import LogbookTestSupport
import Testing

/// Replay as of a position or a time, read from a real log.
@Suite("Replay as of a point")
struct AsOfReplayTests {
    /// The generated session with the most events among those that clear their conversation.
    static func sessionWithClear(in drafts: [EventDraft]) -> LogUUID {
        let cleared = Set(drafts.filter { $0.eventType == "session.cleared" }.compactMap(\.sessionID))
        let counts = Dictionary(grouping: drafts.compactMap(\.sessionID).filter(cleared.contains)) { $0 }.mapValues(\.count)
        return counts.max { $0.value < $1.value }!.key
    }

    @Test func everyPositionGivesTheFoldOfExactlyTheEventsUpToIt() async throws {
        let log = try TestLog()
        let drafts = Workload.drafts(sessions: 12, seed: 99)
        try await log.append(drafts)
        let session = Self.sessionWithClear(in: drafts)
        let all = try log.log.reader.events(session: session)
        #expect(all.count > 50)
        let replayer = log.sessions
        var previous: SessionContext?
        for event in all {
            // Just before the event, and at it: positions of other sessions change nothing.
            for position in [event.position - 1, event.position] {
                let context = try replayer.context(session: session, at: .position(position))
                let visible = all.filter { $0.position <= position }
                #expect(context == SessionFold.context(session: session, events: visible, point: .position(position)))
                #expect(context.eventCount == visible.count)
                #expect(context.lastPosition == visible.last?.position)
                if let previous {
                    let clearedBetween = context.clears.count != previous.clears.count
                    if clearedBetween {
                        #expect(context.messages.count <= 1)
                    } else {
                        #expect(Array(context.messages.prefix(previous.messages.count)) == previous.messages, "messages at \(position) extend those before")
                    }
                }
                previous = context
            }
        }
        var latest = try replayer.context(session: session)
        latest.point = .position(all.last!.position)
        #expect(latest == previous)
    }

    @Test func aLaterRunCompletionIsNotAppliedEarlier() async throws {
        let log = try TestLog()
        let drafts = Workload.drafts(sessions: 6, seed: 7)
        try await log.append(drafts)
        let session = drafts.first { $0.eventType == "run.completed" }!.sessionID!
        let events = try log.log.reader.events(session: session)
        let completion = events.first { $0.eventType == "run.completed" }!
        let before = try log.sessions.context(session: session, at: .position(completion.position - 1))
        let at = try log.sessions.context(session: session, at: .position(completion.position))
        #expect(before.runs.first { $0.traceID == completion.traceID }?.status == .running)
        #expect(at.runs.first { $0.traceID == completion.traceID }?.status == .completed)
    }

    @Test func aTimeShowsWhatTheStoreHadRecordedByThen() async throws {
        let log = try TestLog()
        var script = SessionScriptBuilder()
        for index in 0..<4 { script.message("user", "message \(index)", at: Int64(index)) }
        for draft in script.drafts {
            try await log.append([draft])
            try await Task.sleep(for: .milliseconds(5))
        }
        let events = try log.log.reader.events(session: script.session)
        #expect(Set(events.map(\.recordedAtMs)).count > 1, "appends 5 ms apart should be recorded at different times")
        for event in events {
            let context = try log.sessions.context(session: script.session, at: .recordedAt(event.recordedAtMs))
            #expect(context.eventCount == events.count { $0.recordedAtMs <= event.recordedAtMs })
        }
        let beforeAll = try log.sessions.context(session: script.session, at: .recordedAt(events[0].recordedAtMs - 1))
        #expect(beforeAll.eventCount == 0)
        #expect(beforeAll.messages.isEmpty)
    }

    @Test(arguments: [
        ("1767225600000", Int64(1_767_225_600_000)),
        ("2026-01-01T00:00:00Z", Int64(1_767_225_600_000)),
        ("2026-01-01T00:00:00.250Z", Int64(1_767_225_600_250)),
        ("2026-01-01T01:00:00+01:00", Int64(1_767_225_600_000)),
    ])
    func timesParseAsISO8601OrEpochMilliseconds(text: String, ms: Int64) {
        #expect(ReplayPoint.time(text) == .recordedAt(ms))
    }

    @Test func aTimeThatIsNeitherIsRefused() {
        #expect(ReplayPoint.time("yesterday") == nil)
        #expect(ReplayPoint.time("2026-13-01T00:00:00Z") == nil)
    }

    @Test func anUnknownSessionOrTraceIsAnErrorNamingIt() async throws {
        let log = try TestLog()
        try await log.append(Workload.drafts(sessions: 2, seed: 1))
        let missing = LogUUID.random()
        for point in [ReplayPoint.latest, .position(3), .recordedAt(0)] {
            let sessionError = #expect(throws: LogbookError.self) { try log.sessions.context(session: missing, at: point) }
            #expect(sessionError?.code == .notFound)
            #expect(sessionError?.message.contains(missing.description) == true)
            let traceError = #expect(throws: LogbookError.self) { try log.traces.waterfall(trace: missing, at: point) }
            #expect(traceError?.code == .notFound)
            #expect(traceError?.message.contains(missing.description) == true)
        }
    }

    @Test func eventsArrivingOutOfOrderFoldInSessionOrderThroughTheLog() async throws {
        let log = try TestLog()
        var script = SessionScriptBuilder()
        let run = LogUUID.random()
        script.add("run.completed", at: 500, trace: run, ["final_output": "shipped", "total_iterations": 2])
        script.add("tool.result", at: 300, trace: run, ["call_id": "k", "output": "42"])
        script.add("run.started", at: 0, trace: run, ["agent_name": "a", "objective": "o"])
        script.add("tool.called", at: 100, trace: run, ["call_id": "k", "tool_name": "calc"])
        let stored = try await log.append(script.drafts)
        let context = try log.sessions.context(session: script.session)
        try #require(context.runs.map(\.status) == [.completed])
        #expect(context.runs[0].objective == "o")
        try #require(context.toolCalls.map(\.status) == [.succeeded])
        #expect(context.toolCalls[0].toolName == "calc")
        #expect(context.toolCalls[0].latencyMs == 200)
        let early = try log.sessions.context(session: script.session, at: .position(stored[1].position))
        try #require(early.toolCalls.count == 1 && early.runs.count == 1)
        #expect(early.toolCalls[0].toolName == nil)
        #expect(early.toolCalls[0].status == .succeeded)
        #expect(early.runs[0].startPosition == nil)
    }
}
