import Foundation
import LogbookTestSupport
import Testing

/// `logbook query logs` and the log lines of `logbook replay --trace`, on a store written and
/// projected by the built binary.
@Suite("logbook query logs")
struct QueryLogsTests {
    let logbook = ChildProcess.executable("logbook")
    static let run = "0b7e2c51-0000-4000-8000-00000000000a"

    /// Log lines of two runs, appended out of time order.
    static let lines = [
        line(at: 3, "error", "payment gateway refused the card"),
        line(at: 1, "debug", "loaded 12 rules"),
        line(at: 4, "info", "invoice INV-7 marked unpaid"),
        line(at: 2, "warn", "payment gateway slow, retrying"),
        line(at: 2, "error", "another run's failure", run: "0b7e2c51-0000-4000-8000-00000000000b"),
    ]

    static func line(at offset: Int, _ level: String, _ message: String, run: String = run) -> String {
        #"{"event_type":"run.log","trace_id":"\#(run)","timestamp_ms":\#(1_767_225_600_000 + offset),"payload":{"level":"\#(level)","message":"\#(message)"}}"#
    }

    /// A projected store of `lines`; keep the directory while the store is used.
    func projectedStore() throws -> (TemporaryDirectory, String) {
        let directory = TemporaryDirectory("query-logs")
        let store = directory.appending("store")
        let ingest = try ChildProcess.run(
            logbook, ["ingest", "-", "--store", store, "--durability", "none"], stdin: Data((Self.lines.joined(separator: "\n") + "\n").utf8))
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let project = try ChildProcess.run(logbook, ["project", "--store", store])
        #expect(project.status == 0, "\(project.stderr)")
        return (directory, store)
    }

    func messages(_ arguments: [String], store: String) throws -> [String] {
        let result = try ChildProcess.run(logbook, ["query", "logs", "--json", "--store", store] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return rows.map { "\($0["level"] as? String ?? "?") \($0["message"] as? String ?? "?")" }
    }

    @Test("a run's lines in time order; --level keeps that level and the more severe ones")
    func levels() throws {
        let (directory, store) = try projectedStore()
        defer { withExtendedLifetime(directory) {} }
        #expect(try messages(["--run", Self.run], store: store) == [
            "debug loaded 12 rules", "warn payment gateway slow, retrying", "error payment gateway refused the card",
            "info invoice INV-7 marked unpaid",
        ])
        #expect(try messages(["--run", Self.run, "--level", "warn"], store: store) == [
            "warn payment gateway slow, retrying", "error payment gateway refused the card",
        ])
        #expect(try messages(["--run", Self.run.uppercased(), "--level", "error"], store: store) == ["error payment gateway refused the card"])
        let table = try ChildProcess.run(logbook, ["query", "logs", "--run", Self.run, "--store", store])
        #expect(table.status == 0 && table.stdout.contains("payment gateway slow, retrying"))
        let unknown = try ChildProcess.run(logbook, ["query", "logs", "--run", Self.run, "--level", "fatal", "--store", store])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("fatal"))
    }

    @Test("replay --trace shows the run's log lines in its waterfall")
    func waterfall() throws {
        let (directory, store) = try projectedStore()
        defer { withExtendedLifetime(directory) {} }
        let replay = try ChildProcess.run(logbook, ["replay", "--trace", Self.run, "--store", store])
        #expect(replay.status == 0, "\(replay.stderr)")
        for message in ["loaded 12 rules", "payment gateway slow, retrying", "payment gateway refused the card"] {
            #expect(replay.stdout.contains(message))
        }
        #expect(!replay.stdout.contains("another run's failure"))
    }
}
