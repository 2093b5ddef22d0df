import Foundation
import LogbookTestSupport
import Testing

@Suite("append")
struct AppendTests {
    static let session = "0b7e2c51-5a3d-4c1e-9f00-2b6f3c9d1e01"
    static let trace = "6f1c0a77-1d2e-4b3c-8a9f-0c1d2e3f4a5b"

    func append(_ store: TestStore, _ extra: [String], payload: String = #"{"role":"user","content":"hello"}"#) throws -> ChildProcess.Outcome {
        try store.run("append", ["--type", "message.added", "--trace", Self.trace, "--payload", payload] + extra)
    }

    @Test("--expected-version: the right version appends and prints position and session version")
    func expectedVersion() throws {
        let store = TestStore()
        let first = try append(store, ["--session", Self.session, "--expected-version", "0"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0 (session version 1)")

        let second = try append(store, ["--session", Self.session, "--expected-version", "1"], payload: #"{"role":"assistant","content":"hi"}"#)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1 (session version 2)")

        let events = try store.readAll(["--session", Self.session])
        #expect(events.map(\.sessionSeq) == [1, 2])
        #expect(events.map(\.payload) == [#"{"role":"user","content":"hello"}"#, #"{"role":"assistant","content":"hi"}"#])
    }

    @Test("a wrong --expected-version is refused with the actual version", arguments: [0, 1, 5])
    func wrongVersion(expected: Int) throws {
        let store = TestStore()
        for version in 0..<2 {
            let outcome = try append(store, ["--session", Self.session, "--expected-version", "\(version)"])
            try #require(outcome.status == 0, "\(outcome.stderr)")
        }
        let refused = try append(store, ["--session", Self.session, "--expected-version", "\(expected)"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("at version 2"), "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains("expected \(expected)"), "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains(Self.session))
        #expect(try store.readAll().count == 2, "the refused event must not be stored")
    }

    @Test("a duplicate --id reports the original position and stores nothing")
    func duplicateID() throws {
        let store = TestStore()
        let id = "5e0c9a1b-7f3d-4e2a-9b8c-1d2e3f4a5b6c"
        #expect(try append(store, ["--session", Self.session]).status == 0)
        let original = try append(store, ["--session", Self.session, "--id", id])
        #expect(original.stdout.hasPrefix("1 (session version 2)"), "\(original.stdout)\(original.stderr)")
        #expect(try append(store, ["--session", Self.session]).status == 0)

        let again = try append(store, ["--session", Self.session, "--id", id])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("1 "), "should print the original position: \(again.stdout)")
        #expect(again.stdout.contains("already stored"))
        #expect(again.stdout.contains(id))

        let events = try store.readAll()
        #expect(events.count == 3)
        #expect(events.filter { $0.id == id }.map(\.position) == [1])
    }

    @Test("an event without a session prints its position only")
    func withoutSession() throws {
        let store = TestStore()
        let outcome = try append(store, ["--user", "user-7", "--agent", "agent-3", "--timestamp-ms", "1767225600000"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "0\n")
        let event = try #require(try store.readAll().first)
        #expect(event.sessionID == nil && event.sessionSeq == nil)
        #expect(event.timestampMs == 1_767_225_600_000)
        #expect(event.line.contains(#""user_id":"user-7""#) && event.line.contains(#""agent_id":"agent-3""#))
    }

    @Test("append refuses bad arguments without writing")
    func badArguments() throws {
        let store = TestStore()
        let noSession = try append(store, ["--expected-version", "0"])
        #expect(noSession.status != 0)
        #expect(noSession.stderr.contains("--session"), "\(noSession.stderr)")

        let badTrace = try store.run("append", ["--type", "a.b", "--trace", "nope", "--payload", "{}"])
        #expect(badTrace.status != 0)
        #expect(badTrace.stderr.contains("--trace 'nope'"), "\(badTrace.stderr)")
        #expect(badTrace.stderr.contains("Usage: logbook append"), "\(badTrace.stderr)")

        let arrayPayload = try append(store, [], payload: "[1]")
        #expect(arrayPayload.status != 0)
        #expect(arrayPayload.stderr.contains("'payload'"), "\(arrayPayload.stderr)")

        let ok = try append(store, [])
        #expect(ok.stdout == "0\n", "nothing refused may have taken a position: \(ok.stdout)")
    }
}
