import Foundation
import LogbookTestSupport
import Testing

@Suite("generate | ingest | read")
struct IngestReadTests {
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case file, stdin
        var testDescription: String { rawValue }
    }

    @Test("ingest a generated workload, then read prints exactly those events", arguments: Source.allCases)
    func roundTrip(source: Source) throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 30, in: store)
        // The CLI's generator and the library's agree byte for byte.
        #expect(sample.lines == Workload.lines(sessions: 30, seed: 7))

        let ingest = switch source {
        case .file: try store.run("ingest", [sample.path, "--batch-size", "100"])
        case .stdin: try store.run("ingest", ["-", "--batch-size", "100"], stdin: Data(contentsOf: URL(fileURLWithPath: sample.path)))
        }
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingestedCount(ingest.stdout) == sample.events.count, "summary: \(ingest.stdout)")
        #expect(alreadyStoredCount(ingest.stdout) == nil)

        let events = try store.readAll()
        try #require(events.count == sample.events.count)
        #expect(events.map(\.position) == Array(0..<UInt64(sample.events.count)))
        var versions: [String: UInt64] = [:]
        for (output, input) in zip(events, sample.events) {
            #expect(output.id == input.id)
            #expect(output.eventType == input.eventType)
            #expect(output.sessionID == input.sessionID)
            #expect(output.traceID == input.traceID)
            #expect(output.payload == input.payload, "payload of event \(output.position) differs from line \(output.position + 1)")
            #expect(output.recordedAtMs > 0)
            if let session = input.sessionID {
                let expected = versions[session, default: 0] + 1
                versions[session] = expected
                #expect(output.sessionSeq == expected, "session_seq of event \(output.position)")
            } else {
                #expect(output.sessionSeq == nil)
                #expect(!output.line.contains("\"session_seq\""))
            }
        }
    }

    @Test("stats --json reports the counts of what was ingested")
    func statsJSON() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 25, in: store)
        try store.succeed("ingest", [sample.path])
        let stats = try store.stats()
        #expect(stats["events"] as? Int == sample.events.count)
        #expect(stats["sessions"] as? Int == sample.sessionIDs.count)
        #expect(stats["traces"] as? Int == sample.traceIDs.count)
        #expect(stats["sealed_segments"] as? Int == 0)
        #expect(stats["active_segments"] as? Int == 1)
        #expect((stats["bytes_on_disk"] as? Int ?? 0) > 0)

        let table = try store.succeed("stats")
        #expect(table.contains("events"))
        #expect(table.contains("\(sample.events.count)"))
    }

    @Test("verify exits 0 and says clean on a healthy store")
    func verifyClean() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 20, in: store)
        try store.succeed("ingest", [sample.path])
        let verify = try store.run("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("clean"))
        #expect(verify.stdout.contains("\(sample.events.count) events"))
    }

    @Test("LOGBOOK_STORE names the store when --store is absent")
    func storeFromEnvironment() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 3, in: store)
        let environment = ["LOGBOOK_STORE": store.path]
        let ingest = try CLI.run(["ingest", sample.path], environment: environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let read = try CLI.run(["read"], environment: environment)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try OutputEvent.parseLines(read.stdout).count == sample.events.count)
    }
}

@Suite("read filters")
struct ReadFilterTests {
    /// A way to call `read`, and the same selection made on the full read.
    struct Filter: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: @Sendable (Sample) -> [String]
        var select: @Sendable (Sample, [OutputEvent]) -> [OutputEvent]
        var testDescription: String { name }
    }

    static let midTrace: @Sendable (Sample) -> String = { sample in sample.events[sample.events.count / 2].traceID }

    static let filters: [Filter] = [
        Filter(name: "--session", arguments: { ["--session", $0.busiestSession] },
               select: { sample, all in all.filter { $0.sessionID == sample.busiestSession } }),
        Filter(name: "--session --from --limit", arguments: { ["--session", $0.busiestSession, "--from", "300", "--limit", "5"] },
               select: { sample, all in Array(all.filter { $0.sessionID == sample.busiestSession && $0.position >= 300 }.prefix(5)) }),
        Filter(name: "--trace", arguments: { ["--trace", midTrace($0)] },
               select: { sample, all in all.filter { $0.traceID == midTrace(sample) } }),
        Filter(name: "--trace --type", arguments: { ["--trace", midTrace($0), "--type", "llm.interaction"] },
               select: { sample, all in all.filter { $0.traceID == midTrace(sample) && $0.eventType == "llm.interaction" } }),
        Filter(name: "--type", arguments: { _ in ["--type", "tool.result"] },
               select: { _, all in all.filter { $0.eventType == "tool.result" } }),
        Filter(name: "--type --from --limit", arguments: { _ in ["--type", "message.added", "--from", "250", "--limit", "7"] },
               select: { _, all in Array(all.filter { $0.eventType == "message.added" && $0.position >= 250 }.prefix(7)) }),
        Filter(name: "--session --type", arguments: { ["--session", $0.busiestSession, "--type", "message.added"] },
               select: { sample, all in all.filter { $0.sessionID == sample.busiestSession && $0.eventType == "message.added" } }),
        Filter(name: "--from --limit", arguments: { _ in ["--from", "123", "--limit", "45"] },
               select: { _, all in Array(all.filter { $0.position >= 123 }.prefix(45)) }),
        Filter(name: "--from", arguments: { $0.events.count > 0 ? ["--from", "\($0.events.count - 3)"] : [] },
               select: { sample, all in all.filter { $0.position >= sample.events.count - 3 } }),
        Filter(name: "--limit 0", arguments: { _ in ["--limit", "0"] }, select: { _, _ in [] }),
        Filter(name: "--from past the end", arguments: { ["--from", "\($0.events.count + 10)", "--limit", "5"] }, select: { _, _ in [] }),
        Filter(name: "--from near the largest position", arguments: { _ in ["--from", "\(UInt64.max - 1)", "--limit", "5"] }, select: { _, _ in [] }),
    ]

    @Test("read with a filter returns what filtering the full read returns", arguments: filters)
    func filterMatchesFullRead(filter: Filter) throws {
        let store = TestStore()
        // Two segments, one sealed, so the filters read sealed and active data.
        let sample = try Sample.generate(sessions: 40, in: store)
        try store.succeed("ingest", [sample.path, "--segment-mb", "1", "--batch-size", "250"])
        try #require((try store.stats()["sealed_segments"] as? Int ?? 0) >= 1)
        let all = try store.readAll()
        try #require(all.count == sample.events.count)

        let expected = filter.select(sample, all)
        if filter.name != "--limit 0" && !filter.name.contains("past") && !filter.name.contains("largest") {
            #expect(!expected.isEmpty, "the filter should select something in this sample")
        }
        let filtered = try store.readAll(filter.arguments(sample))
        #expect(filtered.map(\.position) == expected.map(\.position))
        #expect(filtered.map(\.line) == expected.map(\.line))
    }

    @Test("read --session prints the session in session order")
    func sessionOrder() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 30, in: store)
        try store.succeed("ingest", [sample.path])
        for session in sample.sessionIDs.sorted().prefix(5) {
            let events = try store.readAll(["--session", session])
            #expect(events.map(\.sessionSeq) == (1...UInt64(events.count)).map { $0 })
            #expect(events.map(\.position) == events.map(\.position).sorted())
            #expect(events.count == sample.events.filter { $0.sessionID == session }.count)
        }
    }
}
