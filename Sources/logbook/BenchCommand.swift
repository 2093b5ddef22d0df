import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LogbookBench
import LogbookPostgres
import Logging

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest and replay throughput side by side with an SQLite events table.",
        discussion: """
            Generates a workload (JSONL) in a scratch directory, then measures, --runs times each: \
            durable ingest into Logbook (the `logbook ingest` path) against an SQLite `events` table \
            (WAL, synchronous=FULL, one transaction per batch) and against a bare pwrite + fdatasync \
            loop over the same bytes (the disk's limit); a full replay (reader.forEach against \
            SELECT * ORDER BY rowid); session replays (the session index against \
            WHERE session_id = ?); one long session scattered through a large log \
            (--scattered-events, 1,000,000 by default), read whole again and again; and a rebuild \
            of the read models. Prints median [min–max] per row, ours/baseline ratios, and a table \
            of the targets with whether each is met (--json carries the same).

            --sweep instead measures Logbook as the log grows (ingest rate, open time of the closed \
            log and of a copy with a torn tail, session replay p50/p99, peak RSS) and ingest \
            throughput by batch size. --sweep --growth grows one log --runs times, to 10 million \
            events and more, and measures at each size the ingest rate of its last tenth (the \
            sealing and index merging it causes included), peak RSS, open descriptors, open after \
            kill -9 and session replay:
              logbook bench --sweep --growth --sweep-sizes 100000,1000000,10000000 --segment-mb 4

            The scratch directory goes under --dir (default $TMPDIR or /tmp): its disk is the one \
            measured. Build with -c release.

            Examples:
              logbook bench --events 200000 --runs 3
              logbook bench --sweep --sweep-sizes 100000,300000,1000000 --json-output sweep.json

            --postgres URL instead measures the PostgreSQL read models: projection catch-up into an \
            empty database (bulk) and statement by statement, beside a naive PostgreSQL events table \
            (COPY, --batch-size rows per transaction), each in a scratch schema dropped afterwards:
              logbook bench --postgres postgres://logbook@127.0.0.1:5432/postgres --events 200000
            """
    )

    @Option(help: "Events in the generated workload.")
    var events = 200_000

    @Option(help: "Times each measurement is repeated (median and range are printed).")
    var runs = 3

    @Option(help: "The workload generator's seed.")
    var seed: UInt64 = 1

    @Option(help: "Events per batch (Logbook), rows per transaction (SQLite), lines per fdatasync (bare loop).")
    var batchSize = 1000

    @Option(help: "Logbook batches in flight, as `logbook ingest --pipeline`.")
    var pipeline = 4

    @Option(help: "Sessions replayed one by one per run.")
    var sessions = 200

    @Option(help: ArgumentHelp("Events of the large log a long session is scattered through; 0 skips that measurement.", valueName: "n"))
    var scatteredEvents = 1_000_000

    @Option(help: ArgumentHelp("Events of the scattered session.", valueName: "n"))
    var scatteredSessionEvents = 1_000

    @Option(help: ArgumentHelp("Reads of the scattered session timed per run.", valueName: "n"))
    var scatteredReads = 30

    @Option(help: ArgumentHelp("Where to make the scratch directory (created when missing).", valueName: "dir"))
    var dir: String?

    @Flag(help: "Keep the scratch directory (workload and stores) and print where it is.")
    var keep = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Also write the JSON report to this file (for scripts/bench-chart.py).", valueName: "file"))
    var jsonOutput: String?

    @Flag(help: "Sweep log sizes and batch sizes instead of the side-by-side run.")
    var sweep = false

    @Option(help: ArgumentHelp("Log sizes of the sweep, in events, comma-separated (up to 10,000,000 for a long run).", valueName: "n,n,…"))
    var sweepSizes = "100000,300000,1000000"

    @Option(help: ArgumentHelp("Batch sizes of the sweep, comma-separated; empty for none.", valueName: "n,n,…"))
    var sweepBatchSizes = "1,10,100,1000,10000"

    @Flag(inversion: .prefixedNo, help: "Also ingest each sweep size into the SQLite table.")
    var sweepSQLite = true

    @Flag(help: "With --sweep: grow one log to the largest size, events generated in-process into the append path (no JSONL file), and measure at each size.")
    var growth = false

    @Option(help: ArgumentHelp("With --growth: segment size in MiB (small segments: the many sealed segments of a very large log).", valueName: "n"))
    var segmentMb = 4

    @Flag(name: .long, help: "Log what the store does (recovery, sealing) to stderr.")
    var verbose = false

    @OptionGroup var postgres: PostgresOptions

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        guard pipeline > 0 else { throw ValidationError("--pipeline must be at least 1") }
        guard sessions > 0 else { throw ValidationError("--sessions must be at least 1") }
        guard scatteredEvents >= 0 else { throw ValidationError("--scattered-events must not be negative") }
        guard scatteredSessionEvents > 0 else { throw ValidationError("--scattered-session-events must be at least 1") }
        guard scatteredReads > 0 else { throw ValidationError("--scattered-reads must be at least 1") }
        let sizes = try Self.numbers(sweepSizes, option: "--sweep-sizes")
        guard growth || sizes.allSatisfy({ $0 <= 10_000_000 }) else { throw ValidationError("--sweep-sizes: at most 10000000 events per size") }
        _ = try Self.numbers(sweepBatchSizes, option: "--sweep-batch-sizes")
    }

    static func numbers(_ text: String, option: String) throws -> [Int] {
        try text.split(separator: ",").map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            guard let value = Int(trimmed), value > 0 else { throw ValidationError("\(option): '\(part)' is not a positive number") }
            return value
        }
    }

    func run() async throws {
        if let location = try postgres.location(flagOnly: true) {
            try await runPostgres(location)
            return
        }
        var configuration = BenchConfiguration(logger: logger())
        configuration.events = events
        configuration.runs = runs
        configuration.seed = seed
        configuration.batchSize = batchSize
        configuration.pipeline = pipeline
        configuration.sessionSamples = sessions
        configuration.scatteredEvents = scatteredEvents
        configuration.scatteredSessionEvents = scatteredSessionEvents
        configuration.scatteredReads = scatteredReads
        configuration.keep = keep
        if let dir { configuration.scratchParent = dir }
        let progress: BenchProgress = { line in StandardError.write("bench: \(line)\n") }
        let interrupts = keep ? [] : Self.removeScratchOnInterrupt()
        defer { interrupts.forEach { $0.cancel() } }
        do {
            if sweep && growth {
                let report: GrowthSweep.Report
                if runs == 1 {
                    var runner = GrowthSweep(configuration: configuration, progress: progress)
                    runner.sizes = try Self.numbers(sweepSizes, option: "--sweep-sizes")
                    runner.segmentBytes = segmentMb << 20
                    report = try runner.run()
                } else {
                    report = try growthInProcesses()
                }
                try save(try report.json())
                print(json ? try report.json() : report.table())
            } else if sweep {
                var runner = SweepRunner(configuration: configuration, progress: progress)
                runner.sizes = try Self.numbers(sweepSizes, option: "--sweep-sizes")
                runner.batchSizes = try Self.numbers(sweepBatchSizes, option: "--sweep-batch-sizes")
                runner.includeSQLite = sweepSQLite
                let report = try runner.run()
                try save(try report.json())
                print(json ? try report.json() : report.table())
            } else {
                let report = try BenchRunner(configuration: configuration, progress: progress).run()
                try save(try report.json())
                print(json ? try report.json() : report.table())
                if let kept = report.keptAt, !json { print("\nkept: \(kept)") }
            }
        } catch let error as BenchError {
            throw fail(error)
        }
    }

    /// `--sweep --growth` with several runs: each run is this command with `--runs 1 --json`
    /// in a process of its own, so that its peak RSS and descriptors are its own and not what
    /// the run before it left.
    private func growthInProcesses() throws -> GrowthSweep.Report {
        let executable: String
        do {
            executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw fail(BenchError("cannot find this executable to run each run in: \(error.localizedDescription)"))
        }
        var arguments = [
            "bench", "--sweep", "--growth", "--runs", "1", "--json", "--sweep-sizes", sweepSizes, "--segment-mb", "\(segmentMb)",
            "--seed", "\(seed)", "--batch-size", "\(batchSize)", "--pipeline", "\(pipeline)", "--sessions", "\(sessions)",
        ]
        if let dir { arguments += ["--dir", dir] }
        if keep { arguments.append("--keep") }
        if verbose { arguments.append("--verbose") }
        var reports: [GrowthSweep.Report] = []
        for run in 1...runs {
            StandardError.write("bench: run \(run) of \(runs)\n")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            let data: Data
            do {
                try process.run()
                data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
            } catch {
                throw fail(BenchError("cannot start run \(run): \(error.localizedDescription)"))
            }
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                throw fail(BenchError("run \(run) failed (exit status \(process.terminationStatus))"))
            }
            do {
                reports.append(try JSONDecoder().decode(GrowthSweep.Report.self, from: data))
            } catch {
                throw fail(BenchError("run \(run) printed no report: \(error)"))
            }
        }
        return try GrowthSweep.Report.combining(reports)
    }

    /// On Ctrl-C (or SIGTERM), removes the scratch directory before exiting: the run's own
    /// cleanup never comes.
    private static func removeScratchOnInterrupt() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                BenchFiles.removeScratchDirectories()
                StandardError.write("bench: interrupted; scratch files removed\n")
                Glibc.exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    private func runPostgres(_ location: PostgresLocation) async throws {
        var bench = PostgresBench(location: location, logger: logger())
        bench.events = events
        bench.seed = seed
        bench.rowsPerTransaction = batchSize
        if let dir { bench.scratchParent = dir }
        let rows: [PostgresBench.Row]
        do {
            rows = try await bench.run { line in StandardError.write("bench: \(line)\n") }
        } catch {
            throw fail(error)
        }
        let naive = rows[0].eventsPerSecond
        print("PostgreSQL (\(location.host):\(location.port)/\(location.database)), \(events) events, seed \(seed)")
        for row in rows {
            let ratio = row.eventsPerSecond / max(naive, 1e-9)
            let name = row.name.padding(toLength: 62, withPad: " ", startingAt: 0)
            let statements = row.statements.map { ", \(format(Double($0) / Double(max(row.events, 1)), digits: 1)) statements/event" } ?? ""
            print("  \(name) \(format(row.eventsPerSecond, digits: 0)) events/s, \(format(row.seconds, digits: 2)) s, \(format(ratio, digits: 2))× naive\(statements)")
        }
    }

    private func save(_ text: String) throws {
        guard let jsonOutput else { return }
        do {
            try (text + "\n").write(toFile: jsonOutput, atomically: true, encoding: .utf8)
        } catch {
            throw fail(BenchError("cannot write \(jsonOutput): \(error.localizedDescription)"))
        }
    }

    /// The bench tears logs on purpose (the sweep's crash copies), so recovery's warnings are
    /// expected: only errors are shown unless --verbose.
    private func logger() -> Logger {
        var logger = Logger(label: "logbook") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .error
        return logger
    }
}
