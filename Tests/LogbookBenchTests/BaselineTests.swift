import Foundation
import LogbookBench
import LogbookCore
import LogbookTestSupport
import Logging
import Testing

@Suite struct BaselineTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func workload(_ directory: TemporaryDirectory, events: Int = 2000) throws -> BenchWorkload {
        try BenchWorkload.generate(events: events, seed: 3, path: directory.appending("workload.jsonl"))
    }

    @Test func theWorkloadHasExactlyTheEventsAskedFor() throws {
        let directory = TemporaryDirectory("bench")
        let workload = try Self.workload(directory, events: 1234)
        let text = try String(contentsOfFile: workload.path, encoding: .utf8)
        #expect(workload.events == 1234)
        #expect(text.split(separator: "\n").count == 1234)
        #expect(workload.bytes == text.utf8.count)
        #expect(workload.sessions.reduce(0) { $0 + $1.events } <= 1234)
        #expect(workload.sampleSessions(10).count == 10)
        #expect(Set(workload.sampleSessions(10).map(\.id)).count == 10)
    }

    @Test func theSQLiteTableHoldsExactlyTheIngestedRows() throws {
        let directory = TemporaryDirectory("bench")
        let workload = try Self.workload(directory)
        let table = try SQLiteEventsTable(path: directory.appending("events.db"))
        #expect(try table.ingest(jsonl: workload.path, rowsPerTransaction: 300) == workload.events)
        #expect(try table.rowCount() == workload.events)
        let lines = try String(contentsOfFile: workload.path, encoding: .utf8).split(separator: "\n")
        let expected = Set(try lines.map { line in try EventDraft.parse(jsonLine: String(line), defaultTimestampMs: 0).id.description })
        #expect(expected.count == workload.events)
        #expect(try table.ids() == expected)
        // Ingesting the same file again stores nothing new: ids are the primary key.
        try table.ingest(jsonl: workload.path)
        #expect(try table.rowCount() == workload.events)
        #expect(try table.scanAll().rows == workload.events)
        let query = try table.sessionQuery()
        for session in workload.sampleSessions(5) {
            #expect(try query.run(session: session.text).rows == session.events)
        }
        try table.checkpoint()
        #expect(table.bytesOnDisk > 0)
        table.close()
    }

    @Test func logbookAndSQLiteReadBackTheSameSessions() throws {
        let directory = TemporaryDirectory("bench")
        let workload = try Self.workload(directory)
        let logbook = LogbookSubject(logger: Self.logger)
        let store = directory.appending("logbook")
        #expect(try logbook.ingest(jsonl: workload.path, into: store).events == workload.events)
        try logbook.sealActiveSegment(store)
        let stats = try logbook.stats(store)
        #expect(stats.events == UInt64(workload.events))
        #expect(stats.sealedSegments == 1)
        #expect(try logbook.scanAll(store).events == workload.events)
        let sessions = workload.sampleSessions(8)
        let replays = try logbook.replaySessions(store, sessions: sessions.map(\.id))
        #expect(replays.map(\.events) == sessions.map(\.events))
    }

    @Test func theBareLoopWritesTheInputBytes() throws {
        let directory = TemporaryDirectory("bench")
        let workload = try Self.workload(directory, events: 500)
        let copy = directory.appending("copy.jsonl")
        #expect(try BareAppendLoop.run(jsonl: workload.path, to: copy, linesPerChunk: 7) == workload.bytes)
        #expect(FileManager.default.contentsEqual(atPath: copy, andPath: workload.path))
    }

    @Test(arguments: [[1.0], [3.0, 1.0, 2.0], [4.0, 1.0, 3.0, 2.0]])
    func spreadsAreMedianAndRange(samples: [Double]) {
        let spread = Spread(samples)
        #expect(spread.min == samples.min())
        #expect(spread.max == samples.max())
        #expect(spread.median == [[1.0]: 1.0, [3.0, 1.0, 2.0]: 2.0, [4.0, 1.0, 3.0, 2.0]: 2.5][samples])
        #expect(spread.samples == samples)
    }

    @Test func aSmallSweepMeasuresEveryPoint() throws {
        let directory = TemporaryDirectory("bench")
        var configuration = BenchConfiguration(logger: Self.logger)
        configuration.runs = 1
        configuration.sessionSamples = 10
        configuration.scratchParent = directory.path
        var runner = SweepRunner(configuration: configuration)
        runner.sizes = [1500, 3000]
        runner.batchSizes = [10, 100]
        runner.batchSweepEvents = 1000
        runner.batchesPerPoint = 20
        runner.opens = 2
        let report = try runner.run()
        #expect(report.sizes.map(\.events) == [1500, 3000])
        for point in report.sizes {
            #expect(point.ingestEventsPerSecond.median > 0)
            #expect(point.openMs.median > 0 && point.openTornMs.median > 0)
            #expect(point.tornTailBytes == runner.tornTailBytes)
            #expect(point.sessionReplayP99Ms >= point.sessionReplayP50Ms)
            #expect(point.peakRSSIngestBytes > 0)
        }
        #expect(report.batchSizes.map(\.batchSize) == [10, 100])
        #expect(report.batchSizes.map(\.events) == [200, 1000])
        let table = report.table()
        #expect(table.contains("BY LOG SIZE") && table.contains("BY BATCH SIZE"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "sweep")
        #expect((object["sizes"] as? [Any])?.count == 2)
        #expect((object["batch_sizes"] as? [Any])?.count == 2)
    }
}
