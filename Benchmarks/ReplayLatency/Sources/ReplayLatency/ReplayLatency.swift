import Foundation
import LogbookCore
import LogbookReplay
import Logging

/// Replay latency of one 1,000-event session interleaved through a log of 1,000,000+
/// events, next to the same query on a naive SQLite events table holding the same events,
/// in the same run:
///
///     swift run -c release ReplayLatency [--events 1000000] [--session-events 1000] [--runs 300]
///
/// Everything lives in a temporary directory that is removed at the end.
@main
struct ReplayLatency {
    static func main() async throws {
        let backgroundCount = option("--events", default: 1_000_000)
        let sessionCount = option("--session-events", default: 1_000)
        let runs = option("--runs", default: 300)

        // The long session: the events of several generated sessions, moved into one session.
        let target = LogUUID.random()
        var targetEvents: [EventDraft] = []
        var source = DraftStream(sessions: sessionCount / 10, seed: 2)
        while targetEvents.count < sessionCount, var draft = source.next() {
            guard draft.sessionID != nil else { continue }
            draft.sessionID = target
            targetEvents.append(draft)
        }
        precondition(targetEvents.count == sessionCount, "the generator gave only \(targetEvents.count) session events")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-latency-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logPath = directory + "/log"
        let sqlitePath = directory + "/events.sqlite"

        var options = LogOptions()
        options.durability = .none
        let log = try EventLog.open(directory: logPath, options: options, logger: Logger(label: "replay-latency"))
        let table = try SQLiteEventTable(path: sqlitePath)

        // One session event after every `stride` others, so the session spans the whole log.
        let stride = max(1, backgroundCount / sessionCount)
        var background = DraftStream(sessions: backgroundCount / 30, seed: 1)
        var batch: [EventDraft] = []
        var backgroundAppended = 0
        var nextTarget = 0
        var logSeconds = 0.0
        var sqliteSeconds = 0.0
        while backgroundAppended < backgroundCount || nextTarget < targetEvents.count {
            if backgroundAppended < backgroundCount, let draft = background.next() {
                batch.append(draft)
                backgroundAppended += 1
                if backgroundAppended % stride == 0, nextTarget < targetEvents.count {
                    batch.append(targetEvents[nextTarget])
                    nextTarget += 1
                }
            } else {
                batch += targetEvents[nextTarget...]
                nextTarget = targetEvents.count
            }
            guard batch.count >= 1000 || nextTarget == targetEvents.count && backgroundAppended == backgroundCount else { continue }
            var start = Date()
            _ = try await log.append(batch)
            logSeconds += Date().timeIntervalSince(start)
            start = Date()
            try table.insert(batch)
            sqliteSeconds += Date().timeIntervalSince(start)
            batch.removeAll(keepingCapacity: true)
        }
        log.close()
        print("log of \(backgroundAppended + sessionCount) events: \(backgroundAppended) others and the \(sessionCount) of the replayed session, one every \(stride)")
        print(String(format: "appending took %.1f s to the log, %.1f s to SQLite (batches of 1,000, no fsync)", logSeconds, sqliteSeconds))

        let reader = try LogReader.open(directory: logPath)
        let replayer = SessionReplayer(reader: reader)
        var logRead = LatencySample("log: read the session (index)")
        var logReplay = LatencySample("log: replay (read + fold)")
        var openReplay = LatencySample("log: open a reader + replay")
        var sqliteRead = LatencySample("sqlite: SELECT … WHERE session_id = ?")
        var sqliteReplay = LatencySample("sqlite: SELECT + the same fold")

        // Warm up, and check that both stores return the whole session.
        for _ in 0..<5 {
            let counts = [try reader.events(session: target).count, try table.events(session: target).count,
                          try replayer.context(session: target).eventCount]
            guard counts.allSatisfy({ $0 == sessionCount }) else { throw BenchmarkError("the session came back with \(counts) events") }
        }
        for _ in 0..<runs {
            _ = try logRead.time { try reader.events(session: target) }
            _ = try logReplay.time { try replayer.context(session: target) }
            _ = try openReplay.time { try SessionReplayer(reader: LogReader.open(directory: logPath)).context(session: target) }
            _ = try sqliteRead.time { try table.events(session: target) }
            _ = try sqliteReplay.time { SessionFold.context(session: target, events: try table.events(session: target)) }
        }

        print("on disk: log \(bytes(logPath) >> 20) MB, SQLite \((bytes(sqlitePath) + bytes(sqlitePath + "-wal")) >> 20) MB")
        print("\(runs) runs of each, page cache warm:")
        print("operation".padding(toLength: 42, withPad: " ", startingAt: 0) + "   p50 ms   p99 ms  mean ms")
        for sample in [logRead, logReplay, openReplay, sqliteRead, sqliteReplay] {
            print(sample.name.padding(toLength: 42, withPad: " ", startingAt: 0)
                + String(format: " %8.2f %8.2f %8.2f", sample.percentile(50), sample.percentile(99), sample.mean))
        }
        print(String(format: "sqlite / log at p50: read %.2fx, replay %.2fx",
                     sqliteRead.percentile(50) / logRead.percentile(50), sqliteReplay.percentile(50) / logReplay.percentile(50)))
    }

    static func option(_ name: String, default value: Int) -> Int {
        let arguments = CommandLine.arguments
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else { return value }
        return parsed
    }

    /// The bytes of a file, or of every file under a directory.
    static func bytes(_ path: String) -> Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        let files = isDirectory.boolValue ? ((try? manager.subpathsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
        return files.reduce(0) { $0 + ((try? manager.attributesOfItem(atPath: $1))?[.size] as? Int ?? 0) }
    }
}
