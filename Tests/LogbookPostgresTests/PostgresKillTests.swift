import Foundation
import LogbookTestSupport
import LogbookWorkload
import Testing

/// Kills real `logbook project --postgres` processes with SIGKILL at random moments,
/// resumes, and compares every table with a clean projection of the same log.
@Suite struct PostgresKillTests {
    @Test(arguments: ["incremental", "bulk"])
    func aProjectorKilledAtRandomMomentsEndsEqualToACleanBuild(mode: String) async throws {
        // A bulk first run folds the log in memory and finishes 60 sessions within the first
        // kill's delay: it gets a log four times as long.
        let drafts = Workload.drafts(sessions: mode == "bulk" ? 240 : 60, seed: 33)
        let killed = try await StoreFixture(drafts)
        let clean = try await StoreFixture(drafts)
        let killedSchema = TestServer.newSchema()
        let cleanSchema = TestServer.newSchema()
        // Node ids of their own: one process projects a node at a time (an advisory lock on the
        // node id), and the two modes run side by side.
        try await clean.projectIntoPostgres(schema: cleanSchema, node: "clean-\(mode)", bulk: false)
        let url = try TestServer.url() + "?schema=\(killedSchema)"
        // --incremental: every batch is statements; otherwise the first run is a bulk rebuild.
        let arguments = ["project", "--store", killed.store, "--postgres", url, "--node-id", "killed-\(mode)", "--batch-size", "20"]
            + (mode == "incremental" ? ["--incremental"] : [])

        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        var random = SplitMix64(seed: seed)
        var kills = 0
        for round in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ChildProcess.executable("logbook"))
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Early rounds kill early: a bulk first run may finish the whole log in a few hundred
            // ms on a quiet machine, and the rounds after it have nothing left to do.
            let delayMs = 20 + Int(random.next() % UInt64(100 * (round + 1)))
            try await Task.sleep(for: .milliseconds(delayMs))
            // Signalled whether or not `isRunning` says so: Foundation can report a child as
            // ended while another test's child exits; ESRCH means it had truly ended.
            let killedNow = kill(process.processIdentifier, SIGKILL) == 0
            if killedNow { kills += 1 }
            process.waitUntilExit()
            // And gone for certain before the next round takes the projections' lock.
            for _ in 0..<200 where kill(process.processIdentifier, 0) == 0 { usleep(10_000) }
            print("postgres projector kill round \(round) (\(mode), seed \(seed)): after \(delayMs) ms, \(killedNow ? "killed" : "had finished")")
        }
        // The server notices a killed client's connection (and frees its node lock) shortly.
        var finish = try ChildProcess.run(ChildProcess.executable("logbook"), arguments)
        for _ in 0..<20 where finish.status != 0 && finish.stderr.contains("another process is projecting") {
            try await Task.sleep(for: .milliseconds(250))
            finish = try ChildProcess.run(ChildProcess.executable("logbook"), arguments)
        }
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(kills > 0, "no projector was still running when killed (seed \(seed))")
        let reference = try clean.projectIntoSQLite()
        let got = try await Tables.dump(postgres: killedSchema, columnsLike: reference)
        let want = try await Tables.dump(postgres: cleanSchema, columnsLike: reference)
        #expect(got == want, "seed \(seed): \(Tables.firstDifference(got, want) ?? "")")
        try await TestServer.dropSchema(killedSchema)
        try await TestServer.dropSchema(cleanSchema)
    }
}
