import LogbookCore

/// Runs `logbook bench`: generates a workload, then measures Logbook, the SQLite events
/// table and the bare append loop on it, `runs` times each, in one process.
public struct BenchRunner {
    public let configuration: BenchConfiguration
    let progress: BenchProgress

    public init(configuration: BenchConfiguration, progress: @escaping BenchProgress = { _ in }) {
        self.configuration = configuration
        self.progress = progress
    }

    public func run() throws(BenchError) -> BenchReport {
        try configuration.validate()
        let scratch = try BenchFiles.makeScratchDirectory(under: configuration.scratchParent)
        defer { if !configuration.keep { BenchFiles.removeScratchDirectory(scratch) } }
        let peakResets = ProcessMetrics.resetPeakRSS()
        progress("generating \(configuration.events) events (seed \(configuration.seed)) in \(scratch)")
        let workload = try BenchWorkload.generate(events: configuration.events, seed: configuration.seed, path: BenchFiles.path(scratch, "workload.jsonl"))
        var report = BenchReport(
            workload: .init(
                events: workload.events, jsonlBytes: workload.bytes, sessions: workload.sessions.count, seed: workload.seed,
                sessionsReplayed: min(configuration.sessionSamples, workload.sessions.count)
            ),
            runs: configuration.runs,
            environment: .current(scratch: scratch, peakResets: peakResets),
            sections: []
        )
        let stores = Stores(scratch: scratch)
        let ingest = try measureIngest(workload, stores: stores)
        report.sections.append(ingest)
        report.sections += try measureReplay(workload, stores: stores)
        if configuration.scatteredEvents > 0 {
            report.sections.append(try measureScatteredSession(stores: stores))
        }
        report.sections.append(try measureRebuild(workload, stores: stores, naiveIngest: ingest.row("sqlite")))
        report.targets = report.collectTargets()
        if configuration.keep { report.keptAt = scratch }
        return report
    }

    struct Stores {
        let scratch: String
        var logbook: String { BenchFiles.path(scratch, "logbook") }
        var sqliteDirectory: String { BenchFiles.path(scratch, "sqlite") }
        var sqlite: String { BenchFiles.path(sqliteDirectory, "events.db") }
        var bareLoop: String { BenchFiles.path(scratch, "bare-loop.jsonl") }
    }

    var logbook: LogbookSubject {
        LogbookSubject(batchSize: configuration.batchSize, pipeline: configuration.pipeline, logger: configuration.logger)
    }

    // MARK: Ingest

    private func measureIngest(_ workload: BenchWorkload, stores: Stores) throws(BenchError) -> BenchReport.Section {
        let runs = configuration.runs
        let batch = configuration.batchSize
        var ours = Samples(), sqlite = Samples(), bare = Samples()
        var closedBytes = 0
        for run in 1...runs {
            let tag = "ingest \(run)/\(runs)"

            BenchFiles.remove(stores.logbook)
            BenchFiles.settle()
            ProcessMetrics.resetPeakRSS()
            let (stored, seconds) = try logbook.ingest(jsonl: workload.path, into: stores.logbook)
            guard stored == workload.events else { throw BenchError("Logbook stored \(stored) of \(workload.events) events") }
            ours.add(seconds: seconds, workload: workload)
            closedBytes = try logbook.stats(stores.logbook).bytesOnDisk
            try logbook.sealActiveSegment(stores.logbook)
            ours.bytesOnDisk = try logbook.stats(stores.logbook).bytesOnDisk
            progress("\(tag) Logbook: \(Format.rate(Double(workload.events) / seconds)) events/s")

            BenchFiles.remove(stores.sqliteDirectory)
            try BenchFiles.makeDirectory(stores.sqliteDirectory)
            BenchFiles.settle()
            ProcessMetrics.resetPeakRSS()
            let table = try SQLiteEventsTable(path: stores.sqlite)
            let (rows, sqliteSeconds) = try ProcessMetrics.timed { () throws(BenchError) in try table.ingest(jsonl: workload.path, rowsPerTransaction: batch) }
            sqlite.add(seconds: sqliteSeconds, workload: workload)
            try table.checkpoint()
            sqlite.bytesOnDisk = table.bytesOnDisk
            table.close()
            guard rows == workload.events else { throw BenchError("SQLite inserted \(rows) of \(workload.events) rows") }
            progress("\(tag) SQLite: \(Format.rate(Double(workload.events) / sqliteSeconds)) events/s")

            BenchFiles.remove(stores.bareLoop)
            BenchFiles.settle()
            ProcessMetrics.resetPeakRSS()
            let (written, bareSeconds) = try ProcessMetrics.timed { () throws(BenchError) in try BareAppendLoop.run(jsonl: workload.path, to: stores.bareLoop, linesPerChunk: batch) }
            bare.add(seconds: bareSeconds, workload: workload)
            bare.bytesOnDisk = written
            progress("\(tag) bare loop: \(Format.rate(Double(workload.events) / bareSeconds)) events/s")
        }
        let pipeline = configuration.pipeline
        var rows = [
            ours.row(
                id: "logbook", label: "Logbook",
                setting: "the `logbook ingest` path: batches of \(Format.count(batch)), \(pipeline) in flight, fdatasync before each ack (group commit); "
                    + "on disk after close and sealing the active segment (\(Format.perEvent(closedBytes, workload.events)) B/event as closed, active segment unsealed)",
                events: workload.events),
            sqlite.row(
                id: "sqlite", label: "SQLite events table",
                setting: "\(SQLiteEventsTable.settings), \(Format.count(batch)) rows per transaction, 4 indexes (id, session_id, timestamp_ms, event_type); "
                    + "on disk: db + wal after wal_checkpoint(TRUNCATE)",
                events: workload.events),
            bare.row(
                id: "bare_loop", label: "bare append loop",
                setting: "the JSONL bytes, \(Format.count(batch)) lines per pwrite + fdatasync: the disk's limit",
                events: workload.events),
        ]
        rows[0].bytesOnDisk = ours.bytesOnDisk
        let ratios = [
            BenchReport.Ratio.of(.eventsPerSecond, rows[0], over: rows[1], target: 20, measurement: "durable ingest, events/s"),
            BenchReport.Ratio.of(.megabytesPerSecond, rows[0], over: rows[2], target: 0.7, measurement: "ingest MB/s against the bare pwrite + fdatasync loop"),
            BenchReport.Ratio.of(.bytesOnDiskPerEvent, rows[0], over: rows[1], target: 0.35, higherIsBetter: false, measurement: "bytes on disk per event"),
        ].compactMap { $0 }
        return BenchReport.Section(
            id: "ingest", title: "ingest (durable: acknowledged once on disk)", available: true,
            note: "from the first line read to the last batch acknowledged", rows: rows, ratios: ratios
        )
    }

    // MARK: Replay

    private func measureReplay(_ workload: BenchWorkload, stores: Stores) throws(BenchError) -> [BenchReport.Section] {
        let runs = configuration.runs
        let sessions = workload.sampleSessions(configuration.sessionSamples)
        let sessionEvents = sessions.reduce(0) { $0 + $1.events }
        let sessionBytes = sessions.reduce(0) { $0 + $1.bytes }
        var oursFull = Samples(), sqliteFull = Samples(), oursSession = Samples(), sqliteSession = Samples(), oursActive = Samples()
        // The same events all in one active segment (never rolled, so never sealed): where a
        // live log holds its newest events, the ones agents read most.
        let activeStore = BenchFiles.path(stores.scratch, "logbook-active")
        let (activeStored, _) = try logbook.ingest(jsonl: workload.path, into: activeStore, segmentBytes: Int.max)
        guard activeStored == workload.events else { throw BenchError("Logbook stored \(activeStored) of \(workload.events) events in the active-segment store") }
        BenchFiles.settle()
        for run in 1...runs {
            let tag = "replay \(run)/\(runs)"

            ProcessMetrics.resetPeakRSS()
            let (scanned, seconds) = try ProcessMetrics.timed { () throws(BenchError) in try logbook.scanAll(stores.logbook) }
            guard scanned.events == workload.events else { throw BenchError("Logbook's scan read \(scanned.events) of \(workload.events) events") }
            oursFull.add(seconds: seconds, workload: workload)
            progress("\(tag) Logbook full scan: \(Format.rate(Double(workload.events) / seconds)) events/s")

            ProcessMetrics.resetPeakRSS()
            let table = try SQLiteEventsTable(path: stores.sqlite)
            let (rows, sqliteSeconds) = try ProcessMetrics.timed { () throws(BenchError) in try table.scanAll() }
            guard rows.rows == workload.events else { throw BenchError("SQLite's scan read \(rows.rows) of \(workload.events) rows") }
            sqliteFull.add(seconds: sqliteSeconds, workload: workload)
            progress("\(tag) SQLite full scan: \(Format.rate(Double(workload.events) / sqliteSeconds)) events/s")

            ProcessMetrics.resetPeakRSS()
            let replays = try logbook.replaySessions(stores.logbook, sessions: sessions.map(\.id))
            let replayed = replays.reduce(0) { $0 + $1.events }
            guard replayed == sessionEvents else { throw BenchError("Logbook's session reads returned \(replayed) of \(sessionEvents) events") }
            oursSession.add(latencies: replays.map(\.seconds), events: sessionEvents, bytes: sessionBytes)
            progress("\(tag) Logbook sessions: median \(Format.milliseconds(Spread.percentile(0.5, of: replays.map(\.seconds)) * 1000)) ms")

            ProcessMetrics.resetPeakRSS()
            let activeReplays = try logbook.replaySessions(activeStore, sessions: sessions.map(\.id))
            guard activeReplays.reduce(0, { $0 + $1.events }) == sessionEvents else { throw BenchError("Logbook's session reads in the active segment missed events") }
            oursActive.add(latencies: activeReplays.map(\.seconds), events: sessionEvents, bytes: sessionBytes)
            progress("\(tag) Logbook sessions, active segment: median \(Format.milliseconds(Spread.percentile(0.5, of: activeReplays.map(\.seconds)) * 1000)) ms")

            ProcessMetrics.resetPeakRSS()
            let query = try table.sessionQuery()
            var latencies: [Double] = []
            var sqliteReplayed = 0
            for session in sessions {
                let start = ProcessMetrics.now()
                let result = try query.run(session: session.text)
                latencies.append(ProcessMetrics.now() - start)
                sqliteReplayed += result.rows
            }
            table.close()
            guard sqliteReplayed == sessionEvents else { throw BenchError("SQLite's session queries returned \(sqliteReplayed) of \(sessionEvents) rows") }
            sqliteSession.add(latencies: latencies, events: sessionEvents, bytes: sessionBytes)
            progress("\(tag) SQLite sessions: median \(Format.milliseconds(Spread.percentile(0.5, of: latencies) * 1000)) ms")
        }
        let full = [
            oursFull.row(id: "logbook", label: "Logbook", setting: "reader.forEach over every position, each event decoded into a RecordedEvent", events: workload.events),
            sqliteFull.row(id: "sqlite", label: "SQLite events table", setting: "SELECT * FROM events ORDER BY rowid, every column read in place (no copies)", events: workload.events),
        ]
        let session = [
            oursSession.row(id: "logbook", label: "Logbook", setting: "reader.events(session:) through the session index", events: sessionEvents),
            sqliteSession.row(id: "sqlite", label: "SQLite events table", setting: "SELECT * FROM events WHERE session_id = ? ORDER BY timestamp_ms, prepared once", events: sessionEvents),
            oursActive.row(id: "logbook_active", label: "Logbook, active segment", setting: "the same reads in a log whose events are all in its active segment (not sealed yet: uncompressed batches)", events: sessionEvents),
        ]
        return [
            BenchReport.Section(
                id: "replay_full", title: "replay: full log scan", available: true, note: nil, rows: full,
                ratios: [BenchReport.Ratio.of(.eventsPerSecond, full[0], over: full[1], target: 5, measurement: "full replay, events/s")].compactMap { $0 }
            ),
            BenchReport.Section(
                id: "replay_session", title: "replay: one session at a time", available: true,
                note: "\(sessions.count) sessions spread over the workload (\(Format.count(sessionEvents)) events); latency is each run's median and p99 per session",
                rows: session,
                ratios: [
                    BenchReport.Ratio.of(.eventsPerSecond, session[0], over: session[1]),
                    BenchReport.Ratio.of(.latencyMs, session[0], over: session[1], target: 1, higherIsBetter: false, measurement: "one session at a time, p50"),
                    BenchReport.Ratio.of(.latencyP99Ms, session[0], over: session[1], target: 1, higherIsBetter: false, measurement: "one session at a time, p99"),
                    BenchReport.Ratio.of(.latencyMs, session[2], over: session[1], higherIsBetter: false, measurement: "one session at a time in the active segment, p50"),
                ].compactMap { $0 }
            ),
        ]
    }
}

/// The runs of one subject in one section.
struct Samples {
    var eventsPerSecond: [Double] = []
    var megabytesPerSecond: [Double] = []
    var latencyMs: [Double] = []
    var latencyP99Ms: [Double] = []
    var peakRSS = 0
    var bytesOnDisk: Int?

    /// A run over the whole workload that took `seconds`; also takes the peak RSS since the last reset.
    mutating func add(seconds: Double, workload: BenchWorkload) {
        add(seconds: seconds, events: workload.events, bytes: workload.bytes)
    }

    mutating func add(seconds: Double, events: Int, bytes: Int) {
        let seconds = max(seconds, 1e-9)
        eventsPerSecond.append(Double(events) / seconds)
        megabytesPerSecond.append(Double(bytes) / 1_048_576 / seconds)
        peakRSS = max(peakRSS, ProcessMetrics.peakRSS())
    }

    /// A run of reads, one latency each, that returned `events` events of `bytes` JSONL bytes in all.
    mutating func add(latencies: [Double], events: Int, bytes: Int) {
        add(seconds: latencies.reduce(0, +), events: events, bytes: bytes)
        if !latencies.isEmpty {
            latencyMs.append(Spread.percentile(0.5, of: latencies) * 1000)
            latencyP99Ms.append(Spread.percentile(0.99, of: latencies) * 1000)
        }
    }

    func row(id: String, label: String, setting: String, events: Int) -> BenchReport.Row {
        var row = BenchReport.Row(id: id, label: label, setting: setting)
        if !eventsPerSecond.isEmpty { row.eventsPerSecond = Spread(eventsPerSecond) }
        if !megabytesPerSecond.isEmpty { row.megabytesPerSecond = Spread(megabytesPerSecond) }
        if !latencyMs.isEmpty { row.latencyMs = Spread(latencyMs) }
        if !latencyP99Ms.isEmpty { row.latencyP99Ms = Spread(latencyP99Ms) }
        row.peakRSSBytes = peakRSS
        if let bytesOnDisk {
            row.bytesOnDisk = bytesOnDisk
            row.bytesOnDiskPerEvent = events > 0 ? Double(bytesOnDisk) / Double(events) : nil
        }
        return row
    }
}
