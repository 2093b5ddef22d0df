import Foundation
import LogbookCore
import LogbookReplay
import LogbookTestSupport
import Testing

/// `logbook replay` as a user runs it: the built binary on a store written by `logbook ingest`.
@Suite("logbook replay")
struct ReplayCLITests {
    let logbook = ChildProcess.executable("logbook")

    /// A store holding a generated workload, and one of its sessions that calls tools.
    struct Fixture {
        let directory = TemporaryDirectory("replay-cli")
        var store: String { directory.appending("store") }
        var session = LogUUID.random()
    }

    func makeFixture() throws -> Fixture {
        var fixture = Fixture()
        let store = fixture.store
        let lines = Workload.lines(sessions: 8, seed: 42)
        let ingest = try ChildProcess.run(logbook, ["ingest", "-", "--store", store, "--durability", "none"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let drafts = Workload.drafts(sessions: 8, seed: 42)
        fixture.session = drafts.first { $0.eventType == "message.added" && String(decoding: $0.payload, as: UTF8.self).contains("tool_calls") }!.sessionID!
        return fixture
    }

    @Test func transcriptMessagesAndJSON() throws {
        let fixture = try makeFixture()
        let (store, session) = (fixture.store, fixture.session)
        let transcript = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description])
        #expect(transcript.status == 0, "\(transcript.stderr)")
        #expect(transcript.stdout.hasPrefix("Session \(session)"))
        #expect(transcript.stdout.contains("\nConversation ("))
        #expect(transcript.stdout.contains("\nLLM usage\n"))

        let messages = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description, "--format", "messages"])
        #expect(messages.status == 0, "\(messages.stderr)")
        let array = try #require(jsonObject(messages.stdout) as? [[String: Any]])
        #expect(!array.isEmpty)
        #expect(array.allSatisfy { $0["role"] is String && $0["content"] != nil })
        #expect(array.contains { $0["tool_calls"] is [Any] })
        #expect(array.contains { $0["role"] as? String == "tool" && $0["tool_call_id"] is String })

        let window = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description, "--format", "messages", "--last", "2"])
        let last = try #require(jsonObject(window.stdout) as? [[String: Any]])
        #expect(canonical(last) == canonical(Array(array.suffix(2))))

        let json = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(jsonObject(json.stdout) as? [String: Any])
        #expect(object["session_id"] as? String == session.description)
        #expect(canonical(object["messages"]) == canonical(array))
        #expect((object["runs"] as? [Any])?.isEmpty == false)
        #expect(object["usage"] is [String: Any])
    }

    @Test func asOfAPositionAndATraceWaterfall() throws {
        let fixture = try makeFixture()
        let (store, session) = (fixture.store, fixture.session)
        let full = try #require(jsonObject(try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description, "--format", "json"]).stdout) as? [String: Any])
        let runs = try #require(full["runs"] as? [[String: Any]])
        let run = try #require(runs.first)
        let startPosition = try #require(run["start_position"] as? Int)
        let early = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", session.description, "--format", "json", "--as-of-position", String(startPosition)])
        let earlyObject = try #require(jsonObject(early.stdout) as? [String: Any])
        #expect(earlyObject["last_position"] as? Int == startPosition)
        #expect((earlyObject["runs"] as? [[String: Any]])?.last?["status"] as? String == "running")

        let trace = run["trace_id"] as! String
        let waterfall = try ChildProcess.run(logbook, ["replay", "--store", store, "--trace", trace])
        #expect(waterfall.status == 0, "\(waterfall.stderr)")
        #expect(waterfall.stdout.hasPrefix("Trace \(trace)"))
        #expect(waterfall.stdout.contains("| execution "))
        let json = try ChildProcess.run(logbook, ["replay", "--store", store, "--trace", trace, "--format", "json"])
        let object = try #require(jsonObject(json.stdout) as? [String: Any])
        #expect((object["steps"] as? [Any])?.isEmpty == false)
    }

    @Test func anUnknownIdFailsNamingIt() throws {
        let fixture = try makeFixture()
        let store = fixture.store
        let missing = LogUUID.random().description
        for option in ["--session", "--trace"] {
            let outcome = try ChildProcess.run(logbook, ["replay", "--store", store, option, missing])
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains(missing))
            #expect(outcome.stdout.isEmpty)
        }
        let malformed = try ChildProcess.run(logbook, ["replay", "--store", store, "--session", "not-a-uuid"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("not-a-uuid"))
    }
}
