import ArgumentParser
import Foundation
import LogbookCore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print segments, events, sessions, bytes on disk and the compression ratio."
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var store: StoreOptions

    func run() throws {
        let stats: LogStats
        do {
            stats = try store.openStore().reader.stats()
        } catch {
            throw fail(error)
        }
        let rows: [(String, String)] = [
            ("segments", "\(stats.sealedSegments + stats.activeSegments) (\(stats.sealedSegments) sealed, \(stats.activeSegments) active)"),
            ("events", "\(stats.events)"),
            ("sessions", "\(stats.sessions)"),
            ("traces", "\(stats.traces)"),
            ("bytes on disk", "\(stats.bytesOnDisk) (\(format(Double(stats.bytesOnDisk) / 1_048_576, digits: 1)) MB)"),
            ("bytes per event", stats.bytesPerEvent.map { format($0, digits: 1) } ?? "-"),
            ("compression ratio", stats.compressionRatio.map { format($0, digits: 2) + "x (sealed segments)" } ?? "- (nothing sealed yet)"),
        ]
        if json {
            var object: [String: Any] = [
                "sealed_segments": stats.sealedSegments, "active_segments": stats.activeSegments,
                "events": stats.events, "sessions": stats.sessions, "traces": stats.traces,
                "bytes_on_disk": stats.bytesOnDisk, "sealed_record_bytes": stats.sealedRecordBytes,
                "sealed_file_bytes": stats.sealedFileBytes,
            ]
            object["bytes_per_event"] = stats.bytesPerEvent
            object["compression_ratio"] = stats.compressionRatio
            object["min_timestamp_ms"] = stats.minTimestampMs
            object["max_timestamp_ms"] = stats.maxTimestampMs
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            let width = rows.map(\.0.count).max() ?? 0
            for (name, value) in rows { print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
        }
    }
}
