import Foundation
import LogbookBench
import LogbookCore
import LogbookTestSupport
import Testing

@Suite("The scattered session of logbook bench")
struct ScatteredWorkloadTests {
    @Test("one session's events are spread evenly through the log, each a valid event of that session, every id once")
    func spreadThroughTheLog() throws {
        let directory = TemporaryDirectory("bench")
        let workload = try BenchWorkload.scattered(background: 3_000, sessionEvents: 30, seed: 5, path: directory.appending("scattered.jsonl"))
        let session = try #require(workload.sessions.first)
        #expect(workload.sessions.count == 1)
        #expect(workload.events == 3_030 && session.events == 30)
        let text = try String(contentsOfFile: workload.path, encoding: .utf8)
        #expect(workload.bytes == text.utf8.count)
        let drafts = try text.split(separator: "\n").map { try EventDraft.parse(jsonLine: String($0), defaultTimestampMs: 0) }
        #expect(drafts.count == workload.events)
        #expect(Set(drafts.map(\.id)).count == drafts.count)
        let indexes = drafts.indices.filter { drafts[$0].sessionID == session.id }
        #expect(indexes.count == 30)
        // One after every 100 others: the gaps between them are all 101 lines.
        #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 - $0 == 101 })
        #expect(indexes.first == 100)
        let bytes = text.split(separator: "\n").enumerated().filter { indexes.contains($0.offset) }.reduce(0) { $0 + $1.element.utf8.count + 1 }
        #expect(bytes == session.bytes)
    }
}
