import Foundation
import Testing
import LogbookTestSupport

/// Kills real writer processes with SIGKILL at random moments — while opening, appending
/// from four tasks, rolling and sealing — and checks after each kill that every event they
/// acknowledged is present and byte-identical, positions are dense, nothing is stored
/// twice, and `verify` is clean; projectors are killed too, and the projections must equal a
/// clean build. `logbook-crash-writer loop --iterations 1000 --project` is the long run.
@Suite struct CrashTests {
    @Test func nothingAcknowledgedIsLostAcrossTwentyKills() throws {
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        let outcome = try ChildProcess.run(
            ChildProcess.executable("logbook-crash-writer"),
            ["loop", "--iterations", "20", "--seed", "\(seed)", "--verify-every", "10", "--project"]
        )
        print(outcome.stdout)
        #expect(outcome.status == 0, "crash loop with seed \(seed) failed:\n\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("losses 0"))
        let kills = outcome.stdout.split(separator: "\n").last.flatMap { line in
            line.split(separator: ",").first { $0.contains("kills") }?.split(separator: " ").last.flatMap { Int($0) }
        }
        #expect((kills ?? 0) >= 5, "too few writers were killed to mean anything: \(outcome.stdout)")
    }

    /// Segments of 4 KiB: a roll and a seal every few events, so kills land inside them.
    @Test func nothingAcknowledgedIsLostWhenKillsLandInRollsAndSeals() throws {
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        let outcome = try ChildProcess.run(
            ChildProcess.executable("logbook-crash-writer"),
            ["loop", "--iterations", "15", "--seed", "\(seed)", "--verify-every", "5", "--segment-bytes", "4096"]
        )
        print(outcome.stdout)
        #expect(outcome.status == 0, "crash loop with seed \(seed) failed:\n\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("losses 0"))
    }
}
