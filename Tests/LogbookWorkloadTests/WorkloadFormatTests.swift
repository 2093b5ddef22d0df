import Foundation
import LogbookWorkload
import Testing

@Suite("Workload format and determinism")
struct WorkloadFormatTests {
    @Test func sameSeedGivesIdenticalBytes() {
        let first = streamedBytes(sessions: 20, seed: 99)
        #expect(!first.isEmpty)
        #expect(first == streamedBytes(sessions: 20, seed: 99))
        #expect(first != streamedBytes(sessions: 20, seed: 100))
    }

    @Test func convenienceLinesMatchTheStream() {
        let streamed = String(decoding: streamedBytes(sessions: sampleSessions, seed: 20_260_101), as: UTF8.self)
        #expect(streamed == sampleLines.map { $0 + "\n" }.joined())
    }

    @Test func nextLineAppendsExactlyOneLine() {
        var generator = WorkloadGenerator(sessions: 2, seed: 1)
        var line = Array("prefix\n".utf8)
        let produced = generator.nextLine(into: &line)
        #expect(produced)
        #expect(line.starts(with: Array("prefix\n{".utf8)))
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 2)
    }

    @Test func everyLineIsAnEnvelopeWithTypedFields() throws {
        for line in sampleLines {
            #expect(!line.contains("\n"))
            let event = try #require(parse(line), "not a JSON object: \(line)")
            let registered = event.type == "agent.registered"
            var keys: Set<String> = ["id", "event_type", "trace_id", "user_id", "agent_id", "timestamp_ms", "payload"]
            if !registered { keys.insert("session_id") }
            #expect(Set(event.keys) == keys, "\(line)")
            #expect(catalogueTypes.contains(event.type))
            #expect(isUUIDv4(event["id"]))
            #expect(isUUIDv4(event["trace_id"]))
            #expect(registered || isUUIDv4(event["session_id"]))
            let user = try #require(event["user_id"] as? String)
            #expect(user.hasPrefix("user-") && user.count == 9 && Int(user.dropFirst(5)) != nil)
            let agent = try #require(event["agent_id"] as? String)
            #expect(agent.hasPrefix("agent-") && agent.count > 6)
            #expect(integer(event["timestamp_ms"]) != nil)
            #expect(event["payload"] is JSONObject)
        }
    }

    @Test func nestedIdentifiersAreVersion4UUIDs() {
        var checked = 0
        for event in sampleEvents() {
            let payload = event.payload
            for key in ["execution_id", "call_id", "tool_call_id"] where payload[key] != nil {
                #expect(isUUIDv4(payload[key]), "\(key) in \(event.type)")
                checked += 1
            }
            for call in payload["tool_calls"] as? [JSONObject] ?? [] {
                #expect(isUUIDv4(call["id"]))
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func eventIDsAreUnique() {
        let ids = sampleEvents().compactMap { $0["id"] as? String }
        #expect(ids.count == sampleLines.count)
        #expect(Set(ids).count == ids.count)
    }

    @Test func timestampsNeverDecreaseAndStartAtTheGivenTime() throws {
        let start: Int64 = 1_700_000_000_000
        let bytes = streamedBytes(sessions: 30, seed: 5, startTimeMs: start, concurrentSessions: 5)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        var previous = start
        for line in lines {
            let timestamp = try #require(integer(parse(String(line))?["timestamp_ms"]))
            #expect(Int64(timestamp) >= previous)
            previous = Int64(timestamp)
        }
        #expect(previous > start + 60_000, "a 30-session workload should span minutes")
    }

    @Test(arguments: [(0, 8), (1, 8), (3, 8), (17, 4), (40, 1)])
    func sessionCountMatchesTheRequest(sessions: Int, concurrent: Int) {
        let bytes = streamedBytes(sessions: sessions, seed: 3, concurrentSessions: concurrent)
        let events = String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { parse(String($0)) }
        #expect(Set(events.compactMap(\.session)).count == sessions)
        #expect(events.filter { $0.type == "session.started" }.count == sessions)
        #expect(events.filter { $0.type == "agent.registered" }.count == events.prefix { $0.session == nil }.count)
    }

    @Test func sampleSessionCountMatches() {
        let events = sampleEvents()
        #expect(Set(events.compactMap(\.session)).count == sampleSessions)
    }

    @Test func sessionsInterleave() {
        let sessions = sampleEvents().compactMap(\.session)
        var switches = 0
        var finished: Set<String> = []
        var resumedAfterOthers = 0
        for (previous, current) in zip(sessions, sessions.dropFirst()) where previous != current {
            switches += 1
            if finished.contains(current) { resumedAfterOthers += 1 }
            finished.insert(previous)
        }
        #expect(switches > sampleSessions * 10)
        #expect(resumedAfterOthers > sampleSessions)
    }

    @Test func oneConcurrentSessionRunsSessionsBackToBack() {
        let bytes = streamedBytes(sessions: 6, seed: 8, concurrentSessions: 1)
        let sessions = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            .compactMap { parse(String($0))?.session }
        let blocks = zip(sessions, sessions.dropFirst()).filter { $0 != $1 }.count + 1
        #expect(blocks == 6)
    }

    @Test func workloadSizeIsRealistic() {
        let events = sampleEvents().filter { $0.session != nil }
        let perSession = Double(events.count) / Double(sampleSessions)
        #expect((40...80).contains(perSession))
        let sizes = sampleLines.map { $0.utf8.count + 1 }
        let average = sizes.reduce(0, +) / sizes.count
        #expect((500...900).contains(average))
        #expect(sizes.min()! >= 200)
        #expect(sizes.max()! <= 2_600)
    }
}
