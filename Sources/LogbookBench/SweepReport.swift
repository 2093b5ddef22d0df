/// The result of `logbook bench --sweep`: how Logbook behaves as the log grows, and how
/// durable ingest throughput depends on the batch size.
public struct SweepReport: Codable, Sendable {
    public var kind = "sweep"
    public var runs: Int
    public var seed: UInt64
    public var environment: BenchEnvironment
    /// What "open" measures, in words.
    public var openMeasures: String
    public var sizes: [SizePoint]
    public var batchSizes: [BatchPoint]
    public var keptAt: String?

    /// One log size.
    public struct SizePoint: Codable, Sendable {
        public var events: Int
        public var jsonlBytes: Int
        /// Logbook durable ingest of the whole workload into an empty log.
        public var ingestEventsPerSecond: Spread
        public var ingestMegabytesPerSecond: Spread
        /// The same workload into the SQLite events table, when the sweep includes it.
        public var sqliteIngestEventsPerSecond: Spread?
        public var sqliteIngestMegabytesPerSecond: Spread?
        /// The log as closed after ingest.
        public var bytesOnDisk: Int
        public var sealedSegments: Int
        public var activeSegmentBytes: Int
        /// `EventLog.open` of the closed log, and of a copy whose active segment ends in a torn write.
        public var openMs: Spread
        public var openTornMs: Spread
        /// Bytes recovery cut off the torn copy (the torn tail appended).
        public var tornTailBytes: Int
        /// Bytes of the active segment recovery checksummed on the torn copy.
        public var tornVerifiedBytes: Int
        public var sessionsReplayed: Int
        /// `events(session:)` latency over every replayed session of every run.
        public var sessionReplayP50Ms: Double
        public var sessionReplayP99Ms: Double
        public var peakRSSIngestBytes: Int
        public var peakRSSOpenBytes: Int
        public var peakRSSReplayBytes: Int
    }

    /// One batch size: events per Logbook batch, rows per SQLite transaction, lines per bare-loop chunk.
    public struct BatchPoint: Codable, Sendable {
        public var batchSize: Int
        public var events: Int
        public var jsonlBytes: Int
        public var logbookEventsPerSecond: Spread
        public var sqliteEventsPerSecond: Spread?
        public var bareLoopEventsPerSecond: Spread
        public var logbookMegabytesPerSecond: Spread
        public var sqliteMegabytesPerSecond: Spread?
        public var bareLoopMegabytesPerSecond: Spread
    }
}

extension SweepReport {
    public func table() -> String {
        var lines: [String] = []
        lines.append("logbook bench --sweep: \(runs) run\(runs == 1 ? "" : "s") per point, median [min–max]; seed \(seed)")
        lines.append("scratch on \(environment.scratchFileSystem), SQLite \(environment.sqliteVersion), \(environment.processors) processors, \(environment.build) build")
        lines.append("peak RSS: \(environment.peakRSS)")
        if environment.build != "release" {
            lines.append("warning: a debug build; build with -c release for figures that mean something")
        }
        if !sizes.isEmpty {
            lines.append("")
            lines.append("BY LOG SIZE (Logbook, durable ingest into an empty log, then reads of the closed log)")
            var table = TextTable(header: [
                "events", "ingest events/s", "MB/s", "SQLite events/s", "open ms", "open torn ms", "session p50 ms", "p99 ms",
                "RSS ingest", "RSS open", "RSS replay", "on disk", "active seg",
            ])
            for point in sizes {
                table.rows.append([
                    Format.count(point.events),
                    Format.spread(point.ingestEventsPerSecond, Format.rate),
                    Format.significant(point.ingestMegabytesPerSecond.median),
                    Format.spread(point.sqliteIngestEventsPerSecond, Format.rate),
                    Format.spread(point.openMs, Format.milliseconds),
                    Format.spread(point.openTornMs, Format.milliseconds),
                    Format.milliseconds(point.sessionReplayP50Ms),
                    Format.milliseconds(point.sessionReplayP99Ms),
                    Format.megabytes(point.peakRSSIngestBytes),
                    Format.megabytes(point.peakRSSOpenBytes),
                    Format.megabytes(point.peakRSSReplayBytes),
                    Format.megabytes(point.bytesOnDisk),
                    Format.megabytes(point.activeSegmentBytes),
                ])
            }
            lines += table.render(indent: "  ")
            lines.append("  open: \(openMeasures)")
            if let point = sizes.first {
                lines.append("  torn copy: recovery cut \(Format.count(point.tornTailBytes)) bytes and checksummed \(Format.megabytes(point.tornVerifiedBytes)) of the active segment (smallest size)")
            }
            lines.append("  session p50/p99: reader.events(session:) on \(sizes.first?.sessionsReplayed ?? 0) sessions spread over the log, every run")
        }
        if !batchSizes.isEmpty {
            lines.append("")
            lines.append("BY BATCH SIZE (durable ingest: events per Logbook batch, rows per SQLite transaction, lines per bare-loop fdatasync)")
            var table = TextTable(header: ["batch", "events", "Logbook events/s", "SQLite events/s", "bare loop events/s", "Logbook/SQLite", "Logbook/bare"])
            for point in batchSizes {
                let overSQLite = point.sqliteEventsPerSecond.map { Format.ratio(point.logbookEventsPerSecond.median / $0.median) } ?? "-"
                table.rows.append([
                    Format.count(point.batchSize),
                    Format.count(point.events),
                    Format.spread(point.logbookEventsPerSecond, Format.rate),
                    Format.spread(point.sqliteEventsPerSecond, Format.rate),
                    Format.spread(point.bareLoopEventsPerSecond, Format.rate),
                    overSQLite,
                    Format.ratio(point.logbookEventsPerSecond.median / point.bareLoopEventsPerSecond.median),
                ])
            }
            lines += table.render(indent: "  ")
            lines.append("  Logbook keeps up to the pipeline's batches in flight, so one fdatasync can cover several small batches (group commit)")
        }
        if let keptAt { lines.append(""); lines.append("kept: \(keptAt)") }
        return lines.joined(separator: "\n")
    }

    public func json() throws(BenchError) -> String {
        try encodeJSON(self)
    }
}
