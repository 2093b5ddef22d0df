import Foundation
import LogbookTestSupport
import Testing

@Suite("one writer, many readers")
struct ConcurrencyTests {
    static let trace = "6f1c0a77-1d2e-4b3c-8a9f-0c1d2e3f4a5b"

    @Test("a second writer is refused while one holds the store; readers work and see only acknowledged events")
    func writerLock() async throws {
        let store = TestStore()
        let lines = Workload.lines(sessions: 3, seed: 11)
        try #require(lines.count >= 30)
        let writer = try RunningLogbook(["ingest", "-", "--batch-size", "10", "--store", store.path])
        defer { writer.stop() }
        // Two complete batches are acknowledged; the last two lines wait in an unfilled batch.
        try writer.write(lines.prefix(22).map { $0 + "\n" }.joined())
        let acknowledged = try await eventually {
            let read = try store.run("read")
            let count = try OutputEvent.parseLines(read.stdout).count
            return read.status == 0 && count == 20
        }
        try #require(acknowledged, "the writer should acknowledge two batches; stderr: \(writer.stderr)")
        #expect(writer.isRunning)

        // A reader that follows does not take the lock: it starts and prints what is there.
        let follower = try RunningLogbook(["read", "--follow", "--store", store.path])
        defer { follower.stop() }
        #expect(try await eventually { follower.stdoutLines.count == 20 }, "follower printed: \(follower.stdout) \(follower.stderr)")

        // Second writers: append and ingest, both refused, naming the lock.
        let append = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--payload", "{}"])
        #expect(append.status != 0)
        #expect(append.stderr.contains("LOCK"), "stderr: \(append.stderr)")
        #expect(append.stderr.contains("another writer"), "stderr: \(append.stderr)")
        let extra = try Sample.write(Array(lines.suffix(3)), in: store, name: "extra.jsonl")
        let ingest = try store.run("ingest", [extra.path])
        #expect(ingest.status != 0)
        #expect(ingest.stderr.contains("LOCK"), "stderr: \(ingest.stderr)")

        // Readers in other processes: read, stats, verify.
        let read = try store.readAll()
        #expect(read.map(\.id) == lines.prefix(20).map { try! InputEvent(line: $0).id })
        #expect(try store.stats()["events"] as? Int == 20)
        let verify = try store.run("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // Closing stdin ends the ingest: the two waiting lines are written, the lock is released.
        try writer.closeInput()
        let status = try await writer.waitForExit()
        #expect(status == 0, "ingest stderr: \(writer.stderr)")
        #expect(ingestedCount(writer.stdout) == 22, "summary: \(writer.stdout)")
        #expect(try await eventually { follower.stdoutLines.count == 22 })
        #expect(try store.readAll().count == 22)
        let after = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--payload", "{}"])
        #expect(after.status == 0, "the lock should be free: \(after.stderr)")
        #expect(after.stdout == "22\n")
    }

    @Test("read --follow prints events appended afterwards by other processes")
    func followSeesAppends() async throws {
        let store = TestStore()
        let first = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--payload", #"{"n":0}"#])
        try #require(first.status == 0, "\(first.stderr)")

        let follower = try RunningLogbook(["read", "--follow", "--store", store.path])
        defer { follower.stop() }
        #expect(try await eventually { follower.stdoutLines.count == 1 }, "follower: \(follower.stdout) \(follower.stderr)")

        for n in 1...3 {
            let outcome = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--payload", #"{"n":\#(n)}"#])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        #expect(try await eventually { follower.stdoutLines.count == 4 }, "follower: \(follower.stdout) \(follower.stderr)")
        #expect(follower.isRunning, "--follow keeps running")
        follower.stop()
        let events = try follower.stdoutLines.map(OutputEvent.init(line:))
        #expect(events.map(\.position) == [0, 1, 2, 3])
        #expect(events.map(\.payload) == (0...3).map { #"{"n":\#($0)}"# })
    }

    @Test("read --follow --session on a store without that session yet prints its first event")
    func followSessionFromStart() async throws {
        let store = TestStore()
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        let session = "0b7e2c51-5a3d-4c1e-9f00-2b6f3c9d1e01"
        let follower = try RunningLogbook(["read", "--follow", "--session", session, "--store", store.path])
        defer { follower.stop() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(follower.isRunning, "stderr: \(follower.stderr)")

        for n in 0..<3 {
            let outcome = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--session", session, "--payload", #"{"n":\#(n)}"#])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let other = try store.run("append", ["--type", "note.added", "--trace", Self.trace, "--payload", "{}"])
            #expect(other.status == 0, "\(other.stderr)")
        }
        #expect(try await eventually(timeout: .seconds(10)) { follower.stdoutLines.count == 3 }, "follower: \(follower.stdout)")
        follower.stop()
        let events = try follower.stdoutLines.map(OutputEvent.init(line:))
        #expect(events.map(\.position) == [0, 2, 4])
        #expect(events.map(\.sessionSeq) == [1, 2, 3])
    }

    @Test("read --follow started while a writer appends prints every position exactly once")
    func followDuringIngest() async throws {
        let store = TestStore()
        let lines = Workload.lines(sessions: 8, seed: 13)
        let writer = try RunningLogbook(["ingest", "-", "--batch-size", "1", "--durability", "none", "--store", store.path])
        defer { writer.stop() }
        try writer.write(lines.prefix(20).map { $0 + "\n" }.joined())
        try #require(try await eventually {
            let read = try store.run("read")
            return read.status == 0 && read.stdout.split(separator: "\n").count >= 20
        })

        // Keep appending while the follower starts: it must not skip what lands in between.
        let feeder = Task.detached {
            for chunk in stride(from: 20, to: lines.count, by: 5) {
                try writer.write(lines[chunk..<min(chunk + 5, lines.count)].map { $0 + "\n" }.joined())
                try await Task.sleep(for: .milliseconds(2))
            }
            try writer.closeInput()
        }
        var followers: [RunningLogbook] = []
        for _ in 0..<4 {
            followers.append(try RunningLogbook(["read", "--follow", "--store", store.path]))
            try await Task.sleep(for: .milliseconds(40))
        }
        defer { followers.forEach { $0.stop() } }
        try await feeder.value
        #expect(try await writer.waitForExit() == 0, "\(writer.stderr)")
        for follower in followers {
            // Wait for the last event (not for a count, so that a skipped event fails fast).
            let last = UInt64(lines.count - 1)
            let caughtUp = try await eventually {
                guard let line = follower.stdoutLines.last else { return false }
                return try OutputEvent(line: line).position >= last
            }
            #expect(caughtUp, "follower printed \(follower.stdoutLines.count) of \(lines.count): \(follower.stderr)")
            follower.stop()
            let positions = try follower.stdoutLines.map { try OutputEvent(line: $0).position }
            #expect(positions == Array(0..<UInt64(lines.count)))
        }
    }
}
