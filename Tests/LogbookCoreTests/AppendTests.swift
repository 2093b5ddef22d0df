import Foundation
import Testing
@testable import LogbookCore
import LogbookTestSupport

@Suite struct AppendTests {
    @Test func appendedEventsReadBackWithDensePositionsAndSessionVersions() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let drafts = Workload.drafts(sessions: 12, seed: 5)
        try await TestLog.append(drafts, to: log, batchSize: 37)
        let events = try log.reader.read()
        #expect(events.map(\.position) == Array(0..<UInt64(drafts.count)))
        #expect(events.map(\.draft) == drafts)
        var versions: [LogUUID: UInt64] = [:]
        for event in events {
            guard let session = event.sessionID else {
                #expect(event.sessionSeq == 0)
                continue
            }
            versions[session, default: 0] += 1
            #expect(event.sessionSeq == versions[session])
        }
        log.close()
    }

    @Test func aStoreDirectoryIsCreatedWithItsMissingParents() async throws {
        let directory = TemporaryDirectory()
        let nested = directory.appending("data/logbook/")
        let log = try EventLog.open(directory: nested, options: TestLog.options(), logger: TestLog.logger)
        try await log.append([Workload.draft(session: nil)])
        log.close()
        #expect(try LogReader.open(directory: nested).head() == 1)
    }

    @Test func aBadEventRefusesTheWholeBatchAndNamesEventAndField() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let session = LogUUID.random()
        try await log.append([Workload.draft(session: session)])
        var batch = (0..<5).map { _ in Workload.draft(session: session) }
        batch[3].payload = Array(#"{"role":"user","content":}"#.utf8)
        let error = await #expect(throws: LogbookError.self) { try await log.append(batch) }
        #expect(error?.code == .invalidEvent)
        #expect(error?.message.contains("event 3") == true)
        #expect(error?.message.contains("'payload'") == true)
        #expect(try log.reader.head() == 1)

        let cases: [(String, (inout EventDraft) -> Void)] = [
            ("payload", { $0.payload = Array("[1,2]".utf8) }),
            ("payload", { $0.payload = Array(#"{"a":1"#.utf8) }),
            ("event_type", { $0.eventType = "" }),
            ("event_type", { $0.eventType = "run started!" }),
            ("user_id", { $0.userID = String(repeating: "u", count: 5000) }),
        ]
        for (field, damage) in cases {
            var bad = Workload.draft(session: session)
            damage(&bad)
            let error = await #expect(throws: LogbookError.self) { try await log.append([Workload.draft(session: session), bad]) }
            #expect(error?.message.contains("event 1") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("'\(field)'") == true, "\(error?.message ?? "")")
        }
        #expect(try log.reader.head() == 1)
        log.close()
    }

    @Test func payloadsOverTheLimitAreRefused() async throws {
        let directory = TemporaryDirectory()
        var options = TestLog.options()
        options.maxPayloadBytes = 1024
        let log = try EventLog.open(directory: directory.path, options: options, logger: TestLog.logger)
        var big = Workload.draft(session: nil)
        big.payload = Array(("{\"content\":\"" + String(repeating: "x", count: 2000) + "\"}").utf8)
        let error = await #expect(throws: LogbookError.self) { try await log.append([big]) }
        #expect(error?.message.contains("limit is 1024") == true)
        #expect(try log.reader.head() == 0)
        log.close()
    }

    @Test func expectedVersionConflictsReportTheActualVersion() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let session = LogUUID.random()
        let first = try await log.append([Workload.draft(session: session)], expecting: [session: 0])
        #expect(first.events[0].sessionSeq == 1)
        try await log.append([Workload.draft(session: session), Workload.draft(session: session)], expecting: [session: 1])
        let error = await #expect(throws: LogbookError.self) {
            try await log.append([Workload.draft(session: session)], expecting: [session: 1])
        }
        #expect(error?.code == .wrongExpectedVersion)
        #expect(error?.message.contains("is at version 3") == true)
        #expect(try log.reader.head() == 3)
        let next = try await log.append([Workload.draft(session: session)], expecting: [session: 3])
        #expect(next.events[0].sessionSeq == 4)
        log.close()
    }

    /// An expected version names a session the batch must write to; one for a session with no
    /// event in the batch is a mistake of the caller, refused rather than ignored.
    @Test func anExpectedVersionForASessionWithoutEventsInTheBatchIsRefused() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        let session = LogUUID.random()
        let other = LogUUID.random()
        let error = await #expect(throws: LogbookError.self) {
            try await log.append([Workload.draft(session: session)], expecting: [session: 0, other: 0])
        }
        #expect(error?.code == .invalidEvent)
        #expect(error?.message.contains("\(other)") == true && error?.message.contains("no event in the batch") == true, "\(error?.message ?? "")")
        #expect(try log.reader.head() == 0)
        log.close()
    }

    @Test func appendingAnExistingIdStoresNothingAndReportsTheOriginal() async throws {
        let directory = TemporaryDirectory()
        let session = LogUUID.random()
        let drafts = (0..<300).map { Workload.draft(session: session, text: "message \($0)") }
        do {
            // Small segments: most ids end up in sealed segments, found through their filters.
            let log = try TestLog.open(directory, segmentBytes: 8 << 10)
            try await TestLog.append(drafts, to: log, batchSize: 10)
            let again = try await log.append(Array(drafts[5..<8]))
            #expect(again.events.map(\.isDuplicate) == [true, true, true])
            #expect(again.events.map(\.position) == [5, 6, 7])
            log.close()
        }
        #expect(try TestLog.segmentFiles(directory).count > 3)
        let reopened = try TestLog.open(directory, segmentBytes: 8 << 10)
        let fresh = Workload.draft(session: session)
        let mixed = try await reopened.append([drafts[0], fresh, drafts[299], drafts[150]])
        #expect(mixed.events.map(\.isDuplicate) == [true, false, true, true])
        #expect(mixed.events.map(\.position) == [0, 300, 299, 150])
        #expect(mixed.events[1].sessionSeq == 301)
        // A retried batch whose events are all stored passes its version check: it was applied.
        let retry = try await reopened.append([drafts[0]], expecting: [session: 0])
        #expect(retry.duplicateCount == 1)
        #expect(try reopened.reader.head() == 301)
        reopened.close()
    }

    @Test func concurrentAppendersShareSyncs() async throws {
        let directory = TemporaryDirectory()
        let faults = FaultInjector()
        let log = try TestLog.open(directory, faults: faults)
        let syncsBefore = faults.count(.sync)
        let appends = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                group.addTask {
                    for index in 0..<(appends / 64 + 1) where task * (appends / 64 + 1) + index < appends {
                        try await log.append([Workload.draft(session: nil, text: "\(task)-\(index)")])
                    }
                }
            }
            try await group.waitForAll()
        }
        let syncs = faults.count(.sync) - syncsBefore
        #expect(try log.reader.head() == UInt64(appends))
        #expect(syncs < appends, "\(syncs) syncs for \(appends) durable appends: no group commit")
        print("group commit: \(appends) appends from 64 tasks took \(syncs) data syncs")
        log.close()
    }

    @Test func aSecondWriterIsRefusedWhileTheFirstHoldsTheLock() throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        #expect {
            _ = try TestLog.open(directory)
        } throws: { error in
            (error as? LogbookError)?.code == .locked && "\(error)".contains("LOCK")
        }
        log.close()
    }

    /// Readers in other processes (`read --follow`, `verify`) ask whether a writer holds the
    /// lock, again and again; asking must never look like holding it to a writer opening.
    @Test func aReaderAskingWhetherAWriterRunsNeverKeepsOneFromOpening() throws {
        let directory = TemporaryDirectory()
        try TestLog.open(directory).close()
        let stop = Locked(false)
        let asked = Locked(0)
        let asking = Thread {
            while !stop.withLock({ $0 }) {
                _ = DirectoryLock.isHeld(directory: directory.path, io: SystemIO())
                asked.withLock { $0 += 1 }
            }
        }
        asking.start()
        defer { stop.withLock { $0 = true } }
        for _ in 0..<300 {
            let log = try TestLog.open(directory)
            #expect(DirectoryLock.isHeld(directory: directory.path, io: SystemIO()))
            log.close()
        }
        #expect(!DirectoryLock.isHeld(directory: directory.path, io: SystemIO()))
        #expect(asked.withLock { $0 } > 300)
    }

    @Test func jsonLinesParseIntoDraftsAndBadFieldsAreNamed() throws {
        let line = #"{"id":"6f1c2b7e-0a4d-4e21-9c3b-5d2e8f7a1b90","event_type":"run.started","session_id":"0b7e2c51-1111-4222-8333-944455556666","trace_id":"a3fd1dea-5e18-44ee-b7e0-0afb3229fd51","timestamp_ms":42,"payload":{"agent_name":"coder","objective":"fix"}}"#
        let draft = try EventDraft.parse(jsonLine: line, defaultTimestampMs: 7)
        #expect(draft.eventType == "run.started")
        #expect(draft.timestampMs == 42)
        #expect(String(decoding: draft.payload, as: UTF8.self) == #"{"agent_name":"coder","objective":"fix"}"#)
        let bad: [(String, String)] = [
            (#"{"event_type":"a","payload":{}}"#, "trace_id"),
            (#"{"event_type":"a","trace_id":"nope","payload":{}}"#, "trace_id"),
            (#"{"event_type":"a","trace_id":"a3fd1dea-5e18-44ee-b7e0-0afb3229fd51","payload":[]}"#, "payload"),
            (#"{"trace_id":"a3fd1dea-5e18-44ee-b7e0-0afb3229fd51","payload":{}}"#, "event_type"),
            (#"{"event_type":"a","trace_id":"a3fd1dea-5e18-44ee-b7e0-0afb3229fd51","payload":{},"sesion_id":"x"}"#, "sesion_id"),
            (#"{"event_type":"a","trace_id":"a3fd1dea-5e18-44ee-b7e0-0afb3229fd51","timestamp_ms":1.5,"payload":{}}"#, "timestamp_ms"),
        ]
        for (text, field) in bad {
            #expect {
                _ = try EventDraft.parse(jsonLine: text, location: EventLocation(index: 0, line: 17), defaultTimestampMs: 0)
            } throws: { error in
                let message = "\(error)"
                return message.contains("line 17") && message.contains(field)
            }
        }
    }

    @Test func printedEventsIngestAgainAsTheSameEvent() async throws {
        let directory = TemporaryDirectory()
        let log = try TestLog.open(directory)
        try await TestLog.append(Workload.drafts(sessions: 3, seed: 9), to: log)
        for event in try log.reader.read() {
            let reparsed = try EventDraft.parse(jsonLine: event.jsonLine, defaultTimestampMs: 0)
            #expect(reparsed == event.draft)
            let object = try JSONSerialization.jsonObject(with: Data(event.jsonLine.utf8)) as? [String: Any]
            #expect(object?["position"] as? Int == Int(event.position))
        }
        log.close()
    }
}
