import ArgumentParser
import Foundation
import LogbookCatalogue
import LogbookCore
import LogbookTestSupport
import LogbookWorkload
import Logging

/// Runs writer children against one store and kills each with SIGKILL at a random moment
/// (while opening, appending, rolling or sealing), then reopens the store and checks that
/// every acknowledged event is present and byte-identical, positions are dense, no event is
/// stored twice, and `verify` is clean.
struct LoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loop",
        abstract: "Kill writers again and again; check that nothing acknowledged is lost.",
        discussion: "Example:  logbook-crash-writer loop --iterations 1000"
    )

    @Option(help: "How many writers to start and kill.") var iterations = 20
    @Option(help: "Sessions each writer appends.") var sessions = 4
    @Option(help: "The seed of the run (random when absent; printed either way).") var seed: UInt64?
    @Option(help: "The store directory (a fresh temporary one when absent).") var store: String?
    @Option(help: "Run `verify` every this many iterations (and at the end).") var verifyEvery = 25
    @Option(help: "Segment size in bytes for the writers and the reopens; a few KiB rolls and seals every few dozen events.")
    var segmentBytes = 48 << 10
    @Flag(help: "After each writer, also start `logbook project` and kill it; at each check, the projections must equal a clean build.")
    var project = false

    func run() throws {
        let seed = self.seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let temporary = store == nil ? TemporaryDirectory("crashloop") : nil
        let directory = store ?? temporary!.path
        print("crash loop: \(iterations) iterations, seed \(seed), segments of \(segmentBytes) bytes, store \(directory)")
        var random = SplitMix64(seed: seed)
        var ledger = AckLedger()
        var kills = 0
        var tornTails = 0
        var sealsFinished = 0
        var projectorKills = 0
        var logger = Logger(label: "crashloop")
        logger.logLevel = .error
        let started = Date()
        for iteration in 1...iterations {
            let workloadSeed = seed &* 1_000_003 &+ UInt64(iteration)
            let drafts = Workload.drafts(sessions: sessions, seed: workloadSeed)
            let acks = try runChild(store: directory, seed: workloadSeed, random: &random, events: drafts.count, killed: &kills)
            try ledger.record(acks, drafts: drafts)
            let log = try EventLog.open(directory: directory, options: options, logger: logger)
            if log.recovery.truncatedBytes > 0 { tornTails += 1 }
            sealsFinished += log.recovery.sealedOnOpen.count
            try ledger.check(log.reader, full: iteration % verifyEvery == 0 || iteration == iterations)
            log.close()
            if project { projectorKills += try runProjector(store: directory, random: &random) }
            if iteration % verifyEvery == 0 || iteration == iterations {
                let report = try LogVerifier(directory: directory).verify()
                if !report.isClean { ledger.problems += report.issues.map { "verify: \($0)" } }
                if project {
                    let differing = try ProjectionCheck.compareWithCleanBuild(store: directory, logger: logger)
                    ledger.problems += differing.map { "projection table \($0) differs from a clean build" }
                }
                print("iteration \(iteration): \(kills) kills, \(ledger.acknowledged) acknowledged events, \(ledger.problems.count) problems")
            }
            if !ledger.problems.isEmpty { break }
        }
        print("iterations \(iterations), kills \(kills), acknowledged \(ledger.acknowledged), losses \(ledger.problems.count), "
            + "torn tails cut \(tornTails), seals finished on open \(sealsFinished)"
            + (project ? ", projectors killed \(projectorKills)" : "") + ", \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        for problem in ledger.problems.prefix(20) { print("LOST: \(problem)") }
        if !ledger.problems.isEmpty { throw ExitCode(1) }
    }

    private var options: LogOptions {
        var options = LogOptions()
        options.payloadCheck = EventCatalogue.problem
        options.segmentBytes = segmentBytes
        return options
    }

    /// Starts `logbook project` (beside this executable) and kills it after a random time;
    /// returns 1 when it was still running.
    private func runProjector(store: String, random: inout SplitMix64) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("logbook")
        process.arguments = ["project", "--store", store, "--batch-size", "20"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: Double(random.next() % 120) / 1000)
        var killed = 0
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed = 1
        }
        process.waitUntilExit()
        return killed
    }

    /// Starts a writer and kills it after a random number of acknowledgements or a random
    /// time, whichever the draw picked; returns the acknowledgements it printed.
    private func runChild(store: String, seed: UInt64, random: inout SplitMix64, events: Int, killed: inout Int) throws -> [(index: Int, position: UInt64)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["write", store, "--sessions", "\(sessions)", "--seed", "\(seed)", "--segment-bytes", "\(segmentBytes)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let byTime = random.next() % 2 == 0
        let killAfterAcks = Int(random.next() % UInt64(events + 1))
        let killAtMs = Double(random.next() % 150)
        let handle = output.fileHandleForReading
        var text = Data()
        if byTime {
            Thread.sleep(forTimeInterval: killAtMs / 1000)
        } else {
            while process.isRunning, text.count(where: { $0 == 0x0A }) < killAfterAcks {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
            }
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed += 1
        }
        process.waitUntilExit()
        text.append(handle.readDataToEndOfFile())
        return String(decoding: text, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let index = Int(parts[1]), let position = UInt64(parts[2]) else { return nil }
            return (index, position)
        }
    }
}
