import Foundation
import GRDB
import LogbookTestSupport
import LogbookWorkload
import Testing

/// Kills real `logbook project` processes with SIGKILL at random moments, resumes, and
/// compares every table with a clean projection of the same log.
@Suite struct ProjectorKillTests {
    /// Batch by batch from the start (`--incremental`): a kill lands between or inside batches.
    /// (The bulk first run is killed in the PostgreSQL kill test; killing it here was flaky in
    /// the whole suite, where the child often ended within 30 ms.)
    @Test func aProjectorKilledAtRandomMomentsEndsEqualToACleanBuild() async throws {
        let drafts = Workload.drafts(sessions: 100, seed: 31)
        let killed = try await ProjectionFixture(drafts)
        let clean = try await ProjectionFixture(drafts)
        try clean.engine().catchUp()

        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        var random = SplitMix64(seed: seed)
        var kills = 0
        for round in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ChildProcess.executable("logbook"))
            process.arguments = ["project", "--store", killed.store, "--batch-size", "20", "--incremental"]
            process.standardOutput = FileHandle.nullDevice
            // To a file, not a pipe: a child blocked on a full pipe would outlive its kill.
            let errors = killed.directory.appending("round-\(round).stderr")
            FileManager.default.createFile(atPath: errors, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            try process.run()
            let delayMs = 40 + Int(random.next() % 160)
            // A blocking sleep: in the whole suite the cooperative threads are busy, and a
            // `Task.sleep` of 127 ms once ended after the child's whole 1.5 s run.
            usleep(useconds_t(delayMs * 1000))
            // Signalled whether or not `isRunning` says so: Foundation can report a child as
            // ended while another test's child exits; ESRCH means it had truly ended.
            let killedNow = kill(process.processIdentifier, SIGKILL) == 0
            if killedNow { kills += 1 }
            process.waitUntilExit()
            // And gone for certain before the next round takes the projections' lock.
            for _ in 0..<200 where kill(process.processIdentifier, 0) == 0 { usleep(10_000) }
            print("projector kill round \(round) (seed \(seed)): after \(delayMs) ms, \(killedNow ? "killed" : "had finished")")
            if !killedNow {
                // A child that ended first may have failed at start: say how it ended.
                let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
                print("  exit status \(process.terminationStatus); stderr: \(said.isEmpty ? "(empty)" : said)")
            }
        }
        let finish = try ChildProcess.run(ChildProcess.executable("logbook"), ["project", "--store", killed.store])
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(kills > 0, "no projector was still running when killed (seed \(seed))")
        #expect(try Tables.dumpAll(killed.readOnly()) == Tables.dumpAll(clean.readOnly()))
    }
}
