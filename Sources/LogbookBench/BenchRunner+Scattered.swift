import LogbookCore

extension BenchRunner {
    /// One long session scattered through a large log, read whole, again and again: the
    /// replay an agent does before every turn of a long-lived conversation, where each of the
    /// session's events lies in a different part of the log. Logbook reads it through the
    /// session index; SQLite through the `session_id` index of the same events table. The
    /// stores are built once (their building is not measured); each run times
    /// `scatteredReads` reads on each side after a first read, which is reported apart: a
    /// reader opened for the run reads the session cold the first time, and again from what
    /// it kept of the sealed segments (`SealedStreamCache`).
    func measureScatteredSession(stores: Stores) throws(BenchError) -> BenchReport.Section {
        let background = configuration.scatteredEvents
        let workload = try BenchWorkload.scattered(
            background: background, sessionEvents: configuration.scatteredSessionEvents, seed: configuration.seed,
            path: BenchFiles.path(stores.scratch, "scattered.jsonl"))
        let session = workload.sessions[0]
        progress("scattered session: \(Format.count(session.events)) events of one session among \(Format.count(background)) others")
        let logDirectory = BenchFiles.path(stores.scratch, "scattered-logbook")
        let (stored, _) = try logbook.ingest(jsonl: workload.path, into: logDirectory)
        guard stored == workload.events else { throw BenchError("Logbook stored \(stored) of \(workload.events) events") }
        try logbook.sealActiveSegment(logDirectory)
        let sqliteDirectory = BenchFiles.path(stores.scratch, "scattered-sqlite")
        try BenchFiles.makeDirectory(sqliteDirectory)
        let table = try SQLiteEventsTable(path: BenchFiles.path(sqliteDirectory, "events.db"), synchronous: "OFF")
        defer { table.close() }
        let rows = try table.ingest(jsonl: workload.path, rowsPerTransaction: configuration.batchSize)
        guard rows == workload.events else { throw BenchError("SQLite inserted \(rows) of \(workload.events) rows") }
        try table.checkpoint()
        BenchFiles.remove(workload.path)
        BenchFiles.settle()

        let reads = configuration.scatteredReads
        let query = try table.sessionQuery()
        var ours = Samples(), sqlite = Samples(), oursFirst = Samples(), sqliteFirst = Samples()
        for run in 1...configuration.runs {
            ProcessMetrics.resetPeakRSS()
            let replays = try logbook.replaySessions(logDirectory, sessions: Array(repeating: session.id, count: reads + 1))
            guard replays.allSatisfy({ $0.events == session.events }) else { throw BenchError("Logbook's read of the scattered session missed events") }
            oursFirst.add(latencies: [replays[0].seconds], events: session.events, bytes: session.bytes)
            ours.add(latencies: replays.dropFirst().map(\.seconds), events: session.events * reads, bytes: session.bytes * reads)

            ProcessMetrics.resetPeakRSS()
            let firstStart = ProcessMetrics.now()
            let firstRows = try query.run(session: session.text).rows
            sqliteFirst.add(latencies: [ProcessMetrics.now() - firstStart], events: session.events, bytes: session.bytes)
            guard firstRows == session.events else { throw BenchError("SQLite's first query of the scattered session returned \(firstRows) of \(session.events) rows") }
            var latencies: [Double] = []
            for _ in 0..<reads {
                let start = ProcessMetrics.now()
                let result = try query.run(session: session.text)
                latencies.append(ProcessMetrics.now() - start)
                guard result.rows == session.events else { throw BenchError("SQLite's query of the scattered session returned \(result.rows) of \(session.events) rows") }
            }
            sqlite.add(latencies: latencies, events: session.events * reads, bytes: session.bytes * reads)
            progress("scattered session \(run)/\(configuration.runs): Logbook median \(Format.milliseconds(ours.latencyMs.last ?? 0)) ms, SQLite \(Format.milliseconds(sqlite.latencyMs.last ?? 0)) ms")
        }
        let rowsOut = [
            ours.row(id: "logbook", label: "Logbook", setting: "reader.events(session:) again after its first read, by the same reader: the sealed segments' part from what it kept (the log sealed whole)", events: session.events),
            sqlite.row(id: "sqlite", label: "SQLite events table", setting: "SELECT * FROM events WHERE session_id = ? ORDER BY timestamp_ms, prepared once (table loaded without sync: its loading is not measured)", events: session.events),
            oursFirst.row(id: "logbook_first", label: "Logbook, first read", setting: "the first read of each run by the reader opened for it: every block holding the session is decompressed", events: session.events),
            sqliteFirst.row(id: "sqlite_first", label: "SQLite events table, first read", setting: "the first query of each run", events: session.events),
        ]
        let name = "a \(Format.count(session.events))-event session scattered through a \(Format.count(workload.events))-event log"
        return BenchReport.Section(
            id: "replay_scattered", title: "replay: one session scattered through a large log", available: true,
            note: "\(name), one of its events after every \(Format.count(max(1, background / session.events))) others; \(reads) reads a run after a first read; latency is each run's median and p99 (of the first reads: their median over the runs)",
            rows: rowsOut,
            ratios: [
                BenchReport.Ratio.of(.latencyMs, rowsOut[0], over: rowsOut[1], target: 1, higherIsBetter: false, measurement: "\(name), p50"),
                BenchReport.Ratio.of(.latencyP99Ms, rowsOut[0], over: rowsOut[1], target: 1, higherIsBetter: false, measurement: "\(name), p99"),
                BenchReport.Ratio.of(.latencyMs, rowsOut[2], over: rowsOut[3], higherIsBetter: false, measurement: "\(name), first read"),
            ].compactMap { $0 }
        )
    }
}
