import LogbookCore
import LogbookJSON
import LogbookWorkload

extension BenchWorkload {
    /// A log of `background` generated events with one long session scattered through it:
    /// `sessionEvents` events (those of other generated sessions, moved into one session id),
    /// one after every `background / sessionEvents` others, so the session spans the whole
    /// log as a long-lived one does. Written to `path`; `sessions` holds only that session.
    public static func scattered(background: Int, sessionEvents: Int, seed: UInt64, path: String) throws(BenchError) -> BenchWorkload {
        precondition(background > 0 && sessionEvents > 0, "a scattered session needs events around it and in it")
        let target = LogUUID.random().description
        let stride = max(1, background / sessionEvents)
        // About 49 events per session: twice the sessions needed, so the generator never runs out.
        var others = WorkloadGenerator(sessions: background / 25 + 16, seed: seed)
        var moved = WorkloadGenerator(sessions: sessionEvents / 10 + 16, seed: seed &+ 1)
        let file = try OutputFile(path: path)
        var line: [UInt8] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written = 0, bytes = 0, placed = 0, sessionBytes = 0
        func flush(force: Bool) throws(BenchError) {
            guard force || buffer.count >= 1 << 20 else { return }
            try file.append(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        func placeSessionEvent() throws(BenchError) {
            line.removeAll(keepingCapacity: true)
            guard nextSessionLine(&moved, into: &line, session: target) else {
                throw BenchError("the generator ran out of session events after \(placed)")
            }
            buffer += line
            bytes += line.count
            sessionBytes += line.count
            written += 1
            placed += 1
        }
        while written - placed < background {
            line.removeAll(keepingCapacity: true)
            guard others.nextLine(into: &line) else { throw BenchError("the generator ran out of events after \(written - placed)") }
            buffer += line
            bytes += line.count
            written += 1
            if (written - placed) % stride == 0, placed < sessionEvents { try placeSessionEvent() }
            try flush(force: false)
        }
        while placed < sessionEvents { try placeSessionEvent() }
        try flush(force: true)
        try file.close()
        let session = Session(id: LogUUID(target)!, text: target, events: sessionEvents, bytes: sessionBytes)
        return BenchWorkload(path: path, events: written, bytes: bytes, seed: seed, sessions: [session])
    }

    /// The generator's next line that has a session, with its session id replaced by `session`
    /// (same length: the line's bytes are rewritten in place).
    private static func nextSessionLine(_ generator: inout WorkloadGenerator, into line: inout [UInt8], session: String) -> Bool {
        while generator.nextLine(into: &line) {
            let envelope = line.withUnsafeBytes { try? EnvelopeScanner.scan($0) }
            if let current = envelope?.sessionID, let range = line.firstRange(of: Array("\"\(current)\"".utf8)) {
                line.replaceSubrange(range, with: Array("\"\(session)\"".utf8))
                return true
            }
            line.removeAll(keepingCapacity: true)
        }
        return false
    }
}
