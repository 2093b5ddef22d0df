import LogbookCore
import LogbookJSON
import LogbookWorkload

/// A generated workload written to a JSONL file: the input every subject of a bench reads.
public struct BenchWorkload: Sendable {
    /// One session of the workload, for session replays.
    public struct Session: Sendable, Equatable {
        public var id: LogUUID
        /// The session id as the JSONL holds it (what SQLite stores and is queried with).
        public var text: String
        public var events: Int
        /// JSONL bytes of its events, newlines included.
        public var bytes: Int
    }

    public let path: String
    public let events: Int
    /// JSONL bytes, newlines included.
    public let bytes: Int
    public let seed: UInt64
    /// Every session, in order of first appearance.
    public let sessions: [Session]

    /// Writes the first `events` events of a generated workload to `path`.
    public static func generate(events: Int, seed: UInt64, path: String) throws(BenchError) -> BenchWorkload {
        precondition(events > 0, "a workload needs at least one event")
        // About 49 events per session: ask for enough sessions, and more if they run out.
        var sessionCount = events / 30 + 16
        while true {
            var generator = WorkloadGenerator(sessions: sessionCount, seed: seed)
            let file = try OutputFile(path: path)
            var line: [UInt8] = []
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var written = 0
            var bytes = 0
            var order: [String] = []
            var tally: [String: (events: Int, bytes: Int)] = [:]
            while written < events, generator.nextLine(into: &line) {
                let envelope = line.withUnsafeBytes { try? EnvelopeScanner.scan($0) }
                if let session = envelope?.sessionID {
                    if tally[session] == nil { order.append(session) }
                    tally[session, default: (0, 0)].events += 1
                    tally[session, default: (0, 0)].bytes += line.count
                }
                buffer.append(contentsOf: line)
                bytes += line.count
                written += 1
                line.removeAll(keepingCapacity: true)
                if buffer.count >= 1 << 20 {
                    try file.append(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try file.append(buffer)
            try file.close()
            if written < events {
                sessionCount *= 2
                continue
            }
            let sessions = order.compactMap { text -> Session? in
                guard let id = LogUUID(text), let counts = tally[text] else { return nil }
                return Session(id: id, text: text, events: counts.events, bytes: counts.bytes)
            }
            return BenchWorkload(path: path, events: written, bytes: bytes, seed: seed, sessions: sessions)
        }
    }

    /// Up to `count` sessions spread evenly over the workload, for session replays.
    public func sampleSessions(_ count: Int) -> [Session] {
        guard count > 0, !sessions.isEmpty else { return [] }
        guard sessions.count > count else { return sessions }
        return (0..<count).map { sessions[$0 * sessions.count / count] }
    }

    /// A workload of the first `count` events of this one, written to `path`.
    public func prefix(_ count: Int, path: String) throws(BenchError) -> BenchWorkload {
        guard count < events else { return self }
        let file = try OutputFile(path: path)
        var bytes = 0
        var written = 0
        var buffer: [UInt8] = []
        do {
            try LineReaders.open(self.path).forEachLine { line, _ in
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                bytes += line.count + 1
                written += 1
                if buffer.count >= 1 << 20 {
                    try file.append(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return written < count
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("cannot read \(self.path): \(error)")
        }
        try file.append(buffer)
        try file.close()
        return BenchWorkload(path: path, events: written, bytes: bytes, seed: seed, sessions: [])
    }
}
