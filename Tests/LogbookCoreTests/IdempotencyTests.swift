import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

/// An event id is an idempotency key, for at-least-once delivery: the same id with the same
/// content is stored once and reported as a duplicate — in one batch, across batches, after
/// a restart; the same id with different content is a conflict that names the id, the
/// position holding it and the field that differs, and refuses its whole batch.
@Suite struct IdempotencyTests {
    static func conflict(_ error: LogbookError?) -> LogbookError.IDConflict? {
        guard let error, error.code == .idConflict else { return nil }
        return error.conflict
    }

    static func changed(_ draft: EventDraft, _ field: String) -> EventDraft {
        var copy = draft
        switch field {
        case "payload": copy.payload = Array(#"{"role":"user","content":"changed"}"#.utf8)
        case "event_type": copy.eventType = "custom.other"
        case "session_id": copy.sessionID = .random()
        case "trace_id": copy.traceID = .random()
        case "user_id": copy.userID = "someone-else"
        case "agent_id": copy.agentID = nil
        default: copy.timestampMs += 1
        }
        return copy
    }

    static let fields = ["payload", "event_type", "session_id", "trace_id", "user_id", "agent_id", "timestamp_ms"]

    @Test func theSameEventTwiceInABatchIsStoredOnce() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let session = LogUUID.random()
        let first = Workload.draft(session: session)
        let second = Workload.draft(session: session)
        let result = try await log.append([first, second, first, first])
        #expect(result.events.map(\.position) == [0, 1, 0, 0])
        #expect(result.events.map(\.isDuplicate) == [false, false, true, true])
        #expect(result.events.map(\.sessionSeq) == [1, 2, nil, nil])
        #expect(result.duplicateCount == 2)
        #expect(try log.reader.read().map(\.draft) == [first, second])
        log.close()
    }

    /// A line without `timestamp_ms` gets the receiver's clock; sent again later it gets another
    /// reading, and is still the same event.
    @Test func aRetriedLineWithoutATimestampIsADuplicate() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let line = #"{"id":"5e0c9a1b-7f3d-4e2a-9b8c-1d2e3f4a5b6c","event_type":"message.added","trace_id":"1e0c9a1b-7f3d-4e2a-9b8c-1d2e3f4a5b6c","payload":{"role":"user","content":"hi"}}"#
        try await log.append([EventDraft.parse(jsonLine: line, defaultTimestampMs: 1000)])
        let again = try await log.append([EventDraft.parse(jsonLine: line, defaultTimestampMs: 2000)])
        #expect(again.events.map(\.isDuplicate) == [true])
        var timed = try EventDraft.parse(jsonLine: line, defaultTimestampMs: 3000)
        timed.timestampIsDefault = false
        let error = await #expect(throws: LogbookError.self) { try await log.append([timed]) }
        #expect(Self.conflict(error)?.field == "timestamp_ms")
        log.close()
    }

    @Test func duplicatesAcrossBatchesAndARestartAreReportedWithTheirPositions() async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<300).map { Workload.draft(session: nil, text: "message \($0)") }
        do {
            let log = try TestLog.open(directory, segmentBytes: 8 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 10)
            let again = try await log.append([drafts[5], drafts[299]])
            #expect(again.events.map(\.position) == [5, 299])
            #expect(again.events.allSatisfy { $0.isDuplicate })
            log.close()
        }
        let reopened = try TestLog.open(directory, segmentBytes: 8 << 10)
        // One in a sealed segment, one in the active one, one twice in the batch.
        let again = try await reopened.append([drafts[0], drafts[298], drafts[0]])
        #expect(again.events.map(\.position) == [0, 298, 0])
        #expect(again.events.allSatisfy { $0.isDuplicate })
        #expect(try reopened.reader.head() == 300)
        reopened.close()
    }

    @Test(arguments: fields)
    func aChangedEventTwiceInABatchIsAConflict(field: String) async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let event = Workload.draft(session: .random())
        let error = await #expect(throws: LogbookError.self) {
            try await log.append([event, Workload.draft(session: nil), Self.changed(event, field)])
        }
        let conflict = try #require(Self.conflict(error), "\(String(describing: error))")
        #expect(conflict.id == event.id)
        #expect(conflict.field == field)
        #expect(conflict.position == nil)
        #expect(error?.message.contains("event 2 of the batch") == true && error?.message.contains("event 0") == true, "\(error?.message ?? "")")
        #expect(try log.reader.head() == 0)
        log.close()
    }

    @Test(arguments: fields)
    func aChangedEventAfterItWasStoredIsAConflictAlsoAfterARestart(field: String) async throws {
        let directory = TemporaryDirectory()
        let drafts = (0..<300).map { Workload.draft(session: LogUUID(high: 7, low: UInt64($0 % 3)), text: "message \($0)") }
        let log = try TestLog.open(directory, segmentBytes: 8 << 10)
        try await TestLog.append(drafts, to: log, batchSize: 10)
        // One in a sealed segment, one in the active one; the fresh event goes in with neither.
        for position in [5, 298] {
            let fresh = Workload.draft(session: nil)
            let error = await #expect(throws: LogbookError.self) { try await log.append([fresh, Self.changed(drafts[position], field)]) }
            #expect(Self.conflict(error) == .init(id: drafts[position].id, position: UInt64(position), field: field), "\(String(describing: error))")
            #expect(error?.message.contains("position \(position)") == true)
        }
        log.close()
        let reopened = try TestLog.open(directory, segmentBytes: 8 << 10)
        for position in [3, 150, 299] {
            let error = await #expect(throws: LogbookError.self) { try await reopened.append([Self.changed(drafts[position], field)]) }
            #expect(Self.conflict(error) == .init(id: drafts[position].id, position: UInt64(position), field: field), "\(String(describing: error))")
        }
        #expect(try reopened.reader.read().map(\.draft) == drafts)
        reopened.close()
    }

    /// Two requests committed in one group: the second changes an event the first stages.
    @Test func aConflictWithAnEventStagedInTheSameGroupRefusesOnlyItsBatch() throws {
        let directory = TemporaryDirectory()
        let options = TestLog.options()
        let recovered = try LogRecovery(directory: directory.path, options: options, logger: TestLog.logger).recover()
        let head = HeadState(head: recovered.activeIndex.nextPosition)
        let reader = try LogReader(directory: directory.path, io: options.io, headSource: .writer(head))
        let core = try WriterCore(directory: directory.path, options: options, catalog: reader.catalog, head: head, logger: TestLog.logger, recovered: recovered)
        let results = Locked<[Int: Result<AppendResult, LogbookError>]>([:])
        func request(_ number: Int, _ events: [EventDraft]) -> AppendRequest {
            AppendRequest(events: events, expectations: [:]) { result in results.withLock { $0[number] = result } }
        }
        let event = Workload.draft(session: nil)
        let other = Workload.draft(session: nil)
        core.process([request(0, [event]), request(1, [other, Self.changed(event, "payload")]), request(2, [other, event])])
        core.close()
        let outcomes = results.withLock { $0 }
        #expect(try outcomes[0]?.get().events.map(\.position) == [0])
        guard case .failure(let error)? = outcomes[1] else {
            Issue.record("the changed event was not refused: \(String(describing: outcomes[1]))")
            return
        }
        #expect(Self.conflict(error) == .init(id: event.id, position: 0, field: "payload"))
        #expect(try outcomes[2]?.get().events.map(\.position) == [1, 0])
        #expect(try outcomes[2]?.get().events.map(\.isDuplicate) == [false, true])
    }
}
