import Foundation
import LogbookTestSupport
import Testing

@Suite("ingest refuses bad lines")
struct BadInputTests {
    /// A way to spoil a good line, and what the error must name.
    struct BadLine: Sendable, CustomTestStringConvertible {
        var name: String
        var spoil: @Sendable (String) -> String
        /// Text stderr must contain besides the line number: the field, or what is wrong.
        var mentions: [String]
        var testDescription: String { name }
    }

    /// Replaces the value of top-level `field` with `value` (raw JSON), or removes it when nil.
    static func replacing(_ field: String, with value: String?) -> @Sendable (String) -> String {
        { line in
            guard let old = try? RawJSON.fields(line)[field] else { return line }
            let member = "\"\(field)\":\(old)"
            guard let value else {
                return line.replacingOccurrences(of: member + ",", with: "").replacingOccurrences(of: "," + member, with: "")
            }
            return line.replacingOccurrences(of: member, with: "\"\(field)\":\(value)")
        }
    }

    static let kinds: [BadLine] = [
        BadLine(name: "malformed JSON", spoil: { String($0.dropLast(2)) }, mentions: ["not valid JSON"]),
        BadLine(name: "not JSON at all", spoil: { _ in "this is not json" }, mentions: ["not valid JSON"]),
        BadLine(name: "payload an array", spoil: replacing("payload", with: "[1,2,3]"), mentions: ["'payload'", "object"]),
        BadLine(name: "payload a string", spoil: replacing("payload", with: "\"hello\""), mentions: ["'payload'", "object"]),
        BadLine(name: "missing trace_id", spoil: replacing("trace_id", with: nil), mentions: ["'trace_id'", "missing"]),
        BadLine(name: "missing event_type", spoil: replacing("event_type", with: nil), mentions: ["'event_type'", "missing"]),
        BadLine(name: "bad session_id UUID", spoil: replacing("session_id", with: "\"0b7e-not-a-uuid\""), mentions: ["'session_id'", "0b7e-not-a-uuid", "UUID"]),
        BadLine(name: "bad id UUID", spoil: replacing("id", with: "\"12345678-1234-1234-1234-12345678901Z\""), mentions: ["'id'", "UUID"]),
        BadLine(name: "unknown field", spoil: { line in String(line.dropLast()) + ",\"colour\":\"red\"}" }, mentions: ["colour", "unknown field"]),
        BadLine(name: "timestamp_ms not an integer", spoil: replacing("timestamp_ms", with: "\"yesterday\""), mentions: ["'timestamp_ms'"]),
    ]

    /// Lines of the second batch (batch size 10): its first, a middle one and its last.
    static let badLineNumbers = [11, 15, 20]

    @Test("a bad line stops the ingest, names the line and field, and keeps only the complete batches before it",
          arguments: kinds, badLineNumbers)
    func badLine(kind: BadLine, lineNumber: Int) throws {
        let store = TestStore()
        let good = Workload.lines(sessions: 2, seed: 3)
        try #require(good.count >= 30)
        // The spoiled line keeps its session, so the refused batch is not the first event of any session.
        var lines = Array(good.prefix(30))
        lines[lineNumber - 1] = kind.spoil(lines[lineNumber - 1])
        #expect(lines[lineNumber - 1] != good[lineNumber - 1], "the spoiler changed nothing")
        let sample = try Sample.write(Array(good.prefix(30)), in: store, name: "good.jsonl")
        let badPath = store.file("bad.jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: badPath))

        let ingest = try store.run("ingest", [badPath, "--batch-size", "10"])
        #expect(ingest.status != 0)
        #expect(ingest.stderr.contains("line \(lineNumber)"), "stderr: \(ingest.stderr)")
        for text in kind.mentions {
            #expect(ingest.stderr.contains(text), "stderr should mention \(text): \(ingest.stderr)")
        }
        #expect(ingest.stdout.isEmpty || ingestedCount(ingest.stdout) == nil, "no success summary on stdout: \(ingest.stdout)")

        // Exactly the first batch (lines 1-10) is stored; nothing of lines 11-20.
        let stored = try store.readAll()
        #expect(stored.map(\.id) == sample.events.prefix(10).map(\.id))
        #expect(stored.map(\.position) == Array(0..<10))

        // Once the line is fixed, the same file ingests the rest, and the first batch is not stored twice.
        let retry = try store.run("ingest", [sample.path, "--batch-size", "10"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(ingestedCount(retry.stdout) == 20, "summary: \(retry.stdout)")
        #expect(alreadyStoredCount(retry.stdout) == 10, "summary: \(retry.stdout)")
        let all = try store.readAll()
        #expect(all.map(\.id) == sample.events.map(\.id))
        #expect(all.map(\.position) == Array(0..<30))
    }

    @Test("a bad line in the first batch stores nothing")
    func badFirstBatch() throws {
        let store = TestStore()
        var lines = Workload.lines(sessions: 1, seed: 5)
        lines[2] = "{}"
        let path = store.file("bad.jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        let ingest = try store.run("ingest", [path, "--batch-size", "10"])
        #expect(ingest.status != 0)
        #expect(ingest.stderr.contains("line 3"), "stderr: \(ingest.stderr)")
        #expect(try store.readAll().isEmpty)
    }
}
