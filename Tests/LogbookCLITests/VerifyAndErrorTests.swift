import Foundation
import LogbookTestSupport
import Testing

@Suite("verify finds damage")
struct VerifyDamageTests {
    @Test("one flipped byte in a sealed segment: verify exits non-zero naming the segment and a byte offset")
    func flippedByte() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 60, in: store)
        try store.succeed("ingest", [sample.path, "--segment-mb", "1", "--batch-size", "250"])
        try #require((try store.stats()["sealed_segments"] as? Int ?? 0) >= 1)
        #expect(try store.run("verify").status == 0)

        let segments = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { $0.hasSuffix(".seg") }.sorted()
        let first = try #require(segments.first)
        #expect(first == "00000000000000000000.seg")
        let url = URL(fileURLWithPath: store.path).appendingPathComponent(first)
        var bytes = try Data(contentsOf: url)
        let offset = bytes.count / 2
        bytes[offset] ^= 0x5A
        try bytes.write(to: url)

        let verify = try store.run("verify")
        #expect(verify.status != 0)
        let report = verify.stdout + verify.stderr
        #expect(report.contains(first), "report: \(report)")
        let offsets = report.matches(of: /byte (\d+)/).compactMap { Int($0.1) }
        #expect(offsets.contains { $0 > 0 && $0 <= offset }, "a reported offset should locate the damage at or before byte \(offset): \(report)")
        #expect(!report.contains("\nclean"))
    }
}

@Suite("errors and help")
struct ErrorAndHelpTests {
    @Test("read --session with an unknown session exits non-zero naming it")
    func unknownSession() throws {
        let store = TestStore()
        let sample = try Sample.generate(sessions: 3, in: store)
        try store.succeed("ingest", [sample.path])
        let unknown = "deadbeef-0000-4000-8000-000000000001"
        let outcome = try store.run("read", ["--session", unknown])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(unknown), "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)

        let trace = try store.run("read", ["--trace", unknown])
        #expect(trace.status != 0)
        #expect(trace.stderr.contains(unknown), "stderr: \(trace.stderr)")
    }

    @Test("read --session with a malformed id is a usage error naming it")
    func malformedSession() throws {
        let store = TestStore()
        try store.succeed("append", ["--type", "a.b", "--trace", "6f1c0a77-1d2e-4b3c-8a9f-0c1d2e3f4a5b", "--payload", "{}"])
        let outcome = try store.run("read", ["--session", "not-a-uuid"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("not-a-uuid"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("logbook read"), "the usage shown should be read's: \(outcome.stderr)")
    }

    @Test("a --store that does not exist gives a clear error and is not created", arguments: ["read", "stats", "verify"])
    func missingStore(subcommand: String) throws {
        let store = TestStore()
        let outcome = try store.run(subcommand)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("no log at \(store.path)"), "stderr: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: store.path), "a reader must not create the store")
    }

    static let helpCases: [(subcommand: String, options: [String])] = [
        ("generate", ["--sessions", "--seed"]),
        ("ingest", ["--batch-size", "--pipeline", "--store", "--durability", "--segment-mb", "--max-payload-mb"]),
        ("append", ["--type", "--trace", "--session", "--id", "--expected-version", "--payload", "--store"]),
        ("read", ["--from", "--limit", "--session", "--trace", "--type", "--follow", "--store"]),
        ("verify", ["--store"]),
        ("stats", ["--json", "--store"]),
    ]

    @Test("every subcommand's --help exits 0 and lists its options", arguments: helpCases)
    func help(subcommand: String, options: [String]) throws {
        let outcome = try CLI.run([subcommand, "--help"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("USAGE: logbook \(subcommand)"))
        for option in options {
            #expect(outcome.stdout.contains(option), "\(subcommand) --help should mention \(option)")
        }
    }

    @Test("logbook --help lists every subcommand")
    func topLevelHelp() throws {
        let outcome = try CLI.run(["--help"])
        #expect(outcome.status == 0)
        for subcommand in ["generate", "ingest", "append", "read", "verify", "stats"] {
            #expect(outcome.stdout.contains(subcommand))
        }
    }
}
