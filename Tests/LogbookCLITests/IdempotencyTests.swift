import Foundation
import LogbookTestSupport
import Testing

@Suite("ingest is idempotent")
struct IdempotencyTests {
    @Test("ingesting the same file twice stores nothing new the second time")
    func twice() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 20, in: store)
        let first = try store.succeed("ingest", [sample.path])
        #expect(ingestedCount(first) == sample.events.count)

        let second = try store.succeed("ingest", [sample.path])
        #expect(ingestedCount(second) == 0, "summary: \(second)")
        #expect(alreadyStoredCount(second) == sample.events.count, "summary: \(second)")
        #expect(second.contains("already stored"))

        let events = try store.readAll()
        #expect(events.map(\.id) == sample.events.map(\.id))
        #expect(try store.stats()["events"] as? Int == sample.events.count)
    }

    @Test("also across segment rolls: the second ingest finds ids in sealed segments")
    func acrossSegmentRoll() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 80, in: store)
        let options = ["--segment-mb", "1", "--batch-size", "250"]
        let first = try store.succeed("ingest", [sample.path] + options)
        #expect(ingestedCount(first) == sample.events.count)
        let sealed = try store.stats()["sealed_segments"] as? Int ?? 0
        try #require(sealed >= 2, "the workload should roll and seal segments")

        let second = try store.succeed("ingest", [sample.path] + options)
        #expect(ingestedCount(second) == 0, "summary: \(second)")
        #expect(alreadyStoredCount(second) == sample.events.count, "summary: \(second)")

        let stats = try store.stats()
        #expect(stats["events"] as? Int == sample.events.count)
        #expect(stats["sealed_segments"] as? Int == sealed, "a no-op ingest should not roll")
        let events = try store.readAll()
        #expect(events.map(\.position) == Array(0..<UInt64(sample.events.count)))
        #expect(events.map(\.id) == sample.events.map(\.id))
        #expect(try store.run("verify").status == 0)
    }

    @Test("an ingest of a longer file stores only the lines not stored before")
    func resumesAfterPrefix() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 60, in: store)
        let half = sample.lines.count / 2
        let prefix = try Sample.write(Array(sample.lines.prefix(half)), in: store, name: "half.jsonl")
        let options = ["--segment-mb", "1", "--batch-size", "300"]
        try store.succeed("ingest", [prefix.path] + options)

        let rest = try store.succeed("ingest", [sample.path] + options)
        #expect(ingestedCount(rest) == sample.lines.count - half, "summary: \(rest)")
        #expect(alreadyStoredCount(rest) == half, "summary: \(rest)")
        let events = try store.readAll()
        #expect(events.map(\.id) == sample.events.map(\.id))
        #expect(events.map(\.position) == Array(0..<UInt64(sample.events.count)))
    }
}
