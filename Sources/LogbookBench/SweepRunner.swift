import LogbookCore

/// Runs `logbook bench --sweep`: Logbook over growing logs (ingest rate, open time, session
/// replay latency, peak RSS), and durable ingest over batch sizes next to its baselines.
public struct SweepRunner {
    public var configuration: BenchConfiguration
    /// Log sizes, in events.
    public var sizes: [Int] = [100_000, 300_000, 1_000_000]
    public var batchSizes: [Int] = [1, 10, 100, 1000, 10_000]
    /// Events per batch-size point: at most this many, and at most `batchesPerPoint` batches.
    public var batchSweepEvents = 100_000
    public var batchesPerPoint = 1000
    /// Also ingest each log size into the SQLite events table.
    public var includeSQLite = true
    /// Opens timed per log size (the clean log, and as many torn copies).
    public var opens = 5
    /// Bytes of the torn write appended to the copies' active segment.
    public var tornTailBytes = 64 << 10
    private let progress: BenchProgress

    public init(configuration: BenchConfiguration, progress: @escaping BenchProgress = { _ in }) {
        self.configuration = configuration
        self.progress = progress
    }

    public static let openMeasures = "EventLog.open (recovery included) then close, on the log as closed after ingest; "
        + "'torn' opens a copy whose active segment ends in a write cut short by a crash (bytes that are no valid batch), "
        + "which recovery checksums from the last checkpoint and cuts off. Warm page cache."

    public func run() throws(BenchError) -> SweepReport {
        try configuration.validate()
        guard !sizes.isEmpty || !batchSizes.isEmpty else { throw BenchError("nothing to sweep: give log sizes or batch sizes") }
        guard sizes.allSatisfy({ $0 > 0 }), batchSizes.allSatisfy({ $0 > 0 }) else { throw BenchError("sizes must be at least 1") }
        let scratch = try BenchFiles.makeScratchDirectory(under: configuration.scratchParent)
        defer { if !configuration.keep { BenchFiles.removeScratchDirectory(scratch) } }
        let peakResets = ProcessMetrics.resetPeakRSS()
        var report = SweepReport(
            runs: configuration.runs, seed: configuration.seed,
            environment: .current(scratch: scratch, peakResets: peakResets),
            openMeasures: Self.openMeasures, sizes: [], batchSizes: []
        )
        for size in sizes.sorted() {
            report.sizes.append(try measure(size: size, scratch: scratch))
        }
        if !batchSizes.isEmpty {
            report.batchSizes = try measureBatchSizes(scratch: scratch)
        }
        if configuration.keep { report.keptAt = scratch }
        return report
    }

    private var logbook: LogbookSubject {
        LogbookSubject(batchSize: configuration.batchSize, pipeline: configuration.pipeline, logger: configuration.logger)
    }

    // MARK: Log sizes

    private func measure(size: Int, scratch: String) throws(BenchError) -> SweepReport.SizePoint {
        let runs = configuration.runs
        let tag = "\(Format.count(size)) events"
        let directory = BenchFiles.path(scratch, "size-\(size)")
        try BenchFiles.makeDirectory(directory)
        defer { if !configuration.keep { BenchFiles.remove(directory) } }
        progress("\(tag): generating")
        let workload = try BenchWorkload.generate(events: size, seed: configuration.seed, path: BenchFiles.path(directory, "workload.jsonl"))
        let store = BenchFiles.path(directory, "logbook")
        var ingest = Samples()
        var sqlite = Samples()
        for run in 1...runs {
            BenchFiles.remove(store)
            BenchFiles.settle()
            ProcessMetrics.resetPeakRSS()
            let (stored, seconds) = try logbook.ingest(jsonl: workload.path, into: store)
            guard stored == workload.events else { throw BenchError("Logbook stored \(stored) of \(workload.events) events") }
            ingest.add(seconds: seconds, workload: workload)
            progress("\(tag): ingest \(run)/\(runs) Logbook \(Format.rate(Double(stored) / seconds)) events/s")
            if includeSQLite {
                let (rows, sqliteSeconds) = try ingestIntoScratchSQLite(workload, in: directory, rowsPerTransaction: configuration.batchSize)
                guard rows == workload.events else { throw BenchError("SQLite inserted \(rows) of \(workload.events) rows") }
                sqlite.add(seconds: sqliteSeconds, workload: workload)
                progress("\(tag): ingest \(run)/\(runs) SQLite \(Format.rate(Double(rows) / sqliteSeconds)) events/s")
            }
        }
        let stats = try logbook.stats(store)
        let segments = try BenchFiles.listDirectory(store).filter { $0.hasSuffix(".seg") }
        let activeBytes = segments.max().map { BenchFiles.fileSize(BenchFiles.path(store, $0)) } ?? 0

        var openSeconds: [Double] = []
        var tornSeconds: [Double] = []
        var tornCut = 0
        var tornVerified = 0
        BenchFiles.settle()
        ProcessMetrics.resetPeakRSS()
        for _ in 0..<opens {
            openSeconds.append(try logbook.timeOpen(store).seconds)
        }
        let tail = Self.tornTail(bytes: tornTailBytes)
        for attempt in 0..<opens {
            let copy = BenchFiles.path(directory, "torn-\(attempt)")
            try BenchFiles.copyLog(store, to: copy)
            guard let active = try BenchFiles.listDirectory(copy).filter({ $0.hasSuffix(".seg") }).max() else {
                throw BenchError("no segment in \(copy)")
            }
            try BenchFiles.appendTail(tail, to: BenchFiles.path(copy, active))
            BenchFiles.settle()
            let (seconds, recovery) = try logbook.timeOpen(copy)
            BenchFiles.remove(copy)
            guard recovery.truncatedBytes == tail.count else {
                throw BenchError("recovery cut \(recovery.truncatedBytes) bytes off the torn copy, not the \(tail.count) appended")
            }
            tornSeconds.append(seconds)
            tornCut = recovery.truncatedBytes
            tornVerified = recovery.verifiedBytes
        }
        let openPeak = ProcessMetrics.peakRSS()
        progress("\(tag): open \(Format.milliseconds(Spread(openSeconds).median * 1000)) ms, torn \(Format.milliseconds(Spread(tornSeconds).median * 1000)) ms")

        let sessions = workload.sampleSessions(configuration.sessionSamples)
        var latencies: [Double] = []
        ProcessMetrics.resetPeakRSS()
        for _ in 1...runs {
            let replays = try logbook.replaySessions(store, sessions: sessions.map(\.id))
            let expected = sessions.reduce(0) { $0 + $1.events }
            let replayed = replays.reduce(0) { $0 + $1.events }
            guard replayed == expected else { throw BenchError("session reads returned \(replayed) of \(expected) events") }
            latencies += replays.map(\.seconds)
        }
        let replayPeak = ProcessMetrics.peakRSS()
        let p50 = latencies.isEmpty ? 0 : Spread.percentile(0.5, of: latencies) * 1000
        let p99 = latencies.isEmpty ? 0 : Spread.percentile(0.99, of: latencies) * 1000
        progress("\(tag): session replay p50 \(Format.milliseconds(p50)) ms, p99 \(Format.milliseconds(p99)) ms")

        let ingestRow = ingest.row(id: "logbook", label: "Logbook", setting: "", events: workload.events)
        let sqliteRow = includeSQLite ? sqlite.row(id: "sqlite", label: "SQLite", setting: "", events: workload.events) : nil
        return SweepReport.SizePoint(
            events: workload.events, jsonlBytes: workload.bytes,
            ingestEventsPerSecond: ingestRow.eventsPerSecond!, ingestMegabytesPerSecond: ingestRow.megabytesPerSecond!,
            sqliteIngestEventsPerSecond: sqliteRow?.eventsPerSecond, sqliteIngestMegabytesPerSecond: sqliteRow?.megabytesPerSecond,
            bytesOnDisk: stats.bytesOnDisk, sealedSegments: stats.sealedSegments, activeSegmentBytes: activeBytes,
            openMs: Spread(openSeconds.map { $0 * 1000 }), openTornMs: Spread(tornSeconds.map { $0 * 1000 }),
            tornTailBytes: tornCut, tornVerifiedBytes: tornVerified,
            sessionsReplayed: sessions.count, sessionReplayP50Ms: p50, sessionReplayP99Ms: p99,
            peakRSSIngestBytes: ingest.peakRSS, peakRSSOpenBytes: openPeak, peakRSSReplayBytes: replayPeak
        )
    }

    /// Bytes that no valid batch starts with, the same every time: what a write cut short
    /// by a crash leaves behind the last complete batch.
    static func tornTail(bytes: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<bytes).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    // MARK: Batch sizes

    private func measureBatchSizes(scratch: String) throws(BenchError) -> [SweepReport.BatchPoint] {
        let runs = configuration.runs
        let directory = BenchFiles.path(scratch, "batch-sizes")
        try BenchFiles.makeDirectory(directory)
        defer { if !configuration.keep { BenchFiles.remove(directory) } }
        let largest = batchSizes.map { min(batchSweepEvents, $0 * batchesPerPoint) }.max() ?? 0
        progress("batch sizes: generating \(Format.count(largest)) events")
        let full = try BenchWorkload.generate(events: max(1, largest), seed: configuration.seed, path: BenchFiles.path(directory, "workload.jsonl"))
        var points: [SweepReport.BatchPoint] = []
        for batchSize in batchSizes.sorted() {
            let count = min(batchSweepEvents, batchSize * batchesPerPoint)
            let workload = try full.prefix(count, path: BenchFiles.path(directory, "prefix.jsonl"))
            var subject = logbook
            subject.batchSize = batchSize
            var ours = Samples(), sqlite = Samples(), bare = Samples()
            for run in 1...runs {
                let store = BenchFiles.path(directory, "logbook")
                BenchFiles.remove(store)
                BenchFiles.settle()
                let (stored, seconds) = try subject.ingest(jsonl: workload.path, into: store)
                guard stored == workload.events else { throw BenchError("Logbook stored \(stored) of \(workload.events) events") }
                ours.add(seconds: seconds, workload: workload)
                BenchFiles.remove(store)

                if includeSQLite {
                    let (_, sqliteSeconds) = try ingestIntoScratchSQLite(workload, in: directory, rowsPerTransaction: batchSize)
                    sqlite.add(seconds: sqliteSeconds, workload: workload)
                }

                let barePath = BenchFiles.path(directory, "bare-loop.jsonl")
                BenchFiles.settle()
                let (_, bareSeconds) = try ProcessMetrics.timed { () throws(BenchError) in
                    try BareAppendLoop.run(jsonl: workload.path, to: barePath, linesPerChunk: batchSize)
                }
                BenchFiles.remove(barePath)
                bare.add(seconds: bareSeconds, workload: workload)
                progress("batch \(Format.count(batchSize)) (\(Format.count(workload.events)) events) run \(run)/\(runs): Logbook \(Format.rate(ours.eventsPerSecond.last ?? 0)), "
                    + (includeSQLite ? "SQLite \(Format.rate(sqlite.eventsPerSecond.last ?? 0)), " : "")
                    + "bare loop \(Format.rate(bare.eventsPerSecond.last ?? 0)) events/s")
            }
            points.append(SweepReport.BatchPoint(
                batchSize: batchSize, events: workload.events, jsonlBytes: workload.bytes,
                logbookEventsPerSecond: Spread(ours.eventsPerSecond),
                sqliteEventsPerSecond: includeSQLite ? Spread(sqlite.eventsPerSecond) : nil,
                bareLoopEventsPerSecond: Spread(bare.eventsPerSecond),
                logbookMegabytesPerSecond: Spread(ours.megabytesPerSecond),
                sqliteMegabytesPerSecond: includeSQLite ? Spread(sqlite.megabytesPerSecond) : nil,
                bareLoopMegabytesPerSecond: Spread(bare.megabytesPerSecond)
            ))
        }
        return points
    }

    /// Ingests the workload into a fresh SQLite events table under `directory`, removed
    /// afterwards; returns the rows inserted and the seconds it took.
    private func ingestIntoScratchSQLite(_ workload: BenchWorkload, in directory: String, rowsPerTransaction: Int) throws(BenchError) -> (rows: Int, seconds: Double) {
        let sqliteDirectory = BenchFiles.path(directory, "sqlite")
        BenchFiles.remove(sqliteDirectory)
        try BenchFiles.makeDirectory(sqliteDirectory)
        BenchFiles.settle()
        let table = try SQLiteEventsTable(path: BenchFiles.path(sqliteDirectory, "events.db"))
        let timed = try ProcessMetrics.timed { () throws(BenchError) in
            try table.ingest(jsonl: workload.path, rowsPerTransaction: rowsPerTransaction)
        }
        table.close()
        BenchFiles.remove(sqliteDirectory)
        return timed
    }
}
