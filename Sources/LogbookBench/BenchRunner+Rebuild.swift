import Foundation
import LogbookCore
import LogbookProjections

extension BenchRunner {
    /// Rebuilds every projection from position 0 of the ingested log, `runs` times, and sets
    /// the rate beside the naive SQLite ingest of the same workload: what it costs to derive
    /// the read models again against what it costs to store the events the obvious way.
    func measureRebuild(_ workload: BenchWorkload, stores: Stores, naiveIngest: BenchReport.Row?) throws(BenchError) -> BenchReport.Section {
        var ours = Samples()
        for run in 1...configuration.runs {
            for path in [ProjectionEngine.databasePath(store: stores.logbook), ProjectionEngine.shadowPath(store: stores.logbook)] {
                for suffix in ["", "-wal", "-shm"] { BenchFiles.remove(path + suffix) }
            }
            BenchFiles.settle()
            ProcessMetrics.resetPeakRSS()
            let seconds: Double
            do {
                let reader = try LogReader.open(directory: stores.logbook)
                let engine = try ProjectionEngine(reader: reader, logger: configuration.logger)
                let start = Date()
                _ = try engine.rebuild()
                seconds = Date().timeIntervalSince(start)
            } catch {
                throw BenchError("rebuild failed: \(error)")
            }
            ours.add(seconds: seconds, workload: workload)
            progress("rebuild \(run)/\(configuration.runs): \(Format.rate(Double(workload.events) / seconds)) events/s")
        }
        let row = ours.row(
            id: "logbook", label: "Logbook",
            setting: "all projectors from position 0 into a shadow database (no sync, indexes after the load), then copied and swapped in",
            events: workload.events
        )
        var rows = [row]
        if var naive = naiveIngest {
            naive.label = "SQLite events table (ingest)"
            naive.setting = "the naive ingest rate of the same workload, from the ingest section"
            rows.append(naive)
        }
        let ratios = [
            BenchReport.Ratio.of(
                .eventsPerSecond, rows[0], over: rows.count > 1 ? rows[1] : nil, target: 6,
                measurement: "rebuild of the read models, events/s, against the naive SQLite ingest")
        ].compactMap { $0 }
        return BenchReport.Section(
            id: "rebuild", title: "rebuild (projections from position 0)", available: true,
            note: "from opening the log to the swapped-in read models", rows: rows, ratios: ratios
        )
    }
}
