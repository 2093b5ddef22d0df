import Foundation

/// Reads a log: by position range, by session and trace (through their indexes), by event
/// type, and as a live subscription. Works in the writer's process and in any other
/// process at the same time; it never returns an event past the durable head.
public final class LogReader: Sendable {
    /// Where the reader learns how far it may read.
    enum HeadSource: Sendable {
        /// The writer of this process.
        case writer(HeadState)
        /// A writer in another process, or none: `HEAD` while the lock is held, else all valid data.
        case directory
    }

    public let directory: String
    let catalog: SegmentCatalog
    let io: SystemIO
    let headSource: HeadSource
    /// The sessions and traces read from sealed segments, kept for the next read of each.
    let streamCache: SealedStreamCache

    init(
        directory: String, io: SystemIO, headSource: HeadSource, streamCacheBytes: Int = SealedStreamCache.defaultBudget
    ) throws(LogbookError) {
        self.directory = directory
        self.io = io
        self.headSource = headSource
        catalog = try SegmentCatalog(directory: directory, io: io)
        streamCache = SealedStreamCache(budget: streamCacheBytes)
    }

    /// Opens a log directory for reading only; a writer may be appending at the same time.
    public static func open(directory: String, io: SystemIO = SystemIO()) throws(LogbookError) -> LogReader {
        guard io.fileExists(directory) else {
            throw LogbookError(code: .notFound, message: "no log at \(directory): the directory does not exist (ingest or append first, or pass --store)", path: directory)
        }
        return try LogReader(directory: directory, io: io, headSource: .directory)
    }

    /// The number of events a reader may see: every position below it is readable.
    public func head() throws(LogbookError) -> UInt64 {
        try dataEnd(limit: visibilityLimit())
    }

    /// The first position the writer has not made durable yet; unbounded when no writer runs.
    func visibilityLimit() -> UInt64 {
        switch headSource {
        case .writer(let state):
            return state.head
        case .directory:
            return Self.visibilityLimit(directory: directory, io: io)
        }
    }

    /// The head a writer in another process published, while it runs; unbounded when none does.
    static func visibilityLimit(directory: String, io: SystemIO) -> UInt64 {
        if DirectoryLock.isHeld(directory: directory, io: io),
           let head = HeadFile.read(directory: directory, io: io) {
            return head
        }
        return .max
    }

    /// The end of the data on disk, indexing the active segments up to `limit`.
    private func dataEnd(limit: UInt64) throws(LogbookError) -> UInt64 {
        if case .directory = headSource { try catalog.refresh() }
        var end = try lastSegmentEnd(limit: limit)
        if end < limit, case .writer = headSource {
            try catalog.refresh()
            end = try lastSegmentEnd(limit: limit)
        }
        return min(end, limit)
    }

    private func lastSegmentEnd(limit: UInt64) throws(LogbookError) -> UInt64 {
        guard let last = catalog.bases.last else { return 0 }
        switch try catalog.segment(base: last) {
        case .raw(let reader)?: return try reader.extend(limit: limit)
        case .sealed(let segment)?: return segment.endPosition
        case nil: return 0
        }
    }

    /// The segment at `base`, with an active one indexed up to `head`. Always the head, never
    /// the end of a read: the index takes whole batches only, so a smaller limit inside a
    /// batch would leave that batch, and the events the read wants from it, out.
    private func openSegment(base: UInt64, head: UInt64) throws(LogbookError) -> SegmentCatalog.Segment? {
        let segment = try catalog.segment(base: base)
        if case .raw(let reader)? = segment { try reader.extend(limit: head) }
        return segment
    }

    /// Calls `body` with every event in `range` (clipped to the head), in order, until it returns false.
    public func forEach(in range: Range<UInt64>, _ body: (RecordedEvent) throws(LogbookError) -> Bool) throws(LogbookError) {
        let head = try head()
        let end = min(range.upperBound, head)
        guard range.lowerBound < end else { return }
        let clipped = range.lowerBound..<end
        for base in catalog.bases(overlapping: clipped) {
            let keepGoing: Bool
            switch try openSegment(base: base, head: head) {
            case .sealed(let segment)?: keepGoing = try segment.forEachEvent(in: clipped, body)
            case .raw(let reader)?: keepGoing = try reader.forEachEvent(in: clipped, body)
            case nil: keepGoing = true
            }
            if !keepGoing { return }
        }
    }

    /// Up to `limit` events from `position` on.
    public func read(from position: UInt64 = 0, limit: Int = .max) throws(LogbookError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        let upper = limit == .max ? UInt64.max : position &+ UInt64(limit)
        try forEach(in: position..<max(position, upper)) { event in
            events.append(event)
            return events.count < limit
        }
        return events
    }

    /// The events of `session` in session order, optionally only those before position `end`.
    public func events(session: LogUUID, before end: UInt64 = .max) throws(LogbookError) -> [RecordedEvent] {
        try events(key: session, stream: .sessions, before: end)
    }

    /// The events of `trace` (one agent run) in position order.
    public func events(trace: LogUUID, before end: UInt64 = .max) throws(LogbookError) -> [RecordedEvent] {
        try events(key: trace, stream: .traces, before: end)
    }

    /// Up to `limit` events of type `type` from `position` on.
    public func events(type: String, from position: UInt64 = 0, limit: Int = .max) throws(LogbookError) -> [RecordedEvent] {
        let head = try head()
        var events: [RecordedEvent] = []
        for base in catalog.bases(overlapping: position..<max(position, head)) where events.count < limit {
            let found: [UInt64]
            let segment = try openSegment(base: base, head: head)
            switch segment {
            case .sealed(let sealed)?: found = try sealed.typePositions()[type] ?? []
            case .raw(let reader)?: found = reader.positions(type: type)
            case nil: found = []
            }
            let wanted = Array(found.lazy.filter { $0 >= position && $0 < head }.prefix(limit - events.count))
            events += try read(wanted, from: segment)
        }
        return events
    }

    /// Follows the log from `position`: first the events already there, then each new one
    /// as it becomes durable. Ends when the task is cancelled or the log closes.
    public func subscribe(from position: UInt64 = 0) -> AsyncThrowingStream<RecordedEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var next = position
                do {
                    while !Task.isCancelled {
                        let head = try self.head()
                        if next < head {
                            let batch = try self.read(from: next, limit: 1024)
                            for event in batch { continuation.yield(event) }
                            next += UInt64(batch.count)
                            continue
                        }
                        switch self.headSource {
                        case .writer(let state):
                            if state.isClosed { continuation.finish(); return }
                            await state.wait(beyond: next)
                        case .directory:
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Blocks the calling thread until events past `position` may be visible (the head
    /// moved beyond it, or the log closed), at most `timeout`. With the writer in another
    /// process there is nothing to wait on: it sleeps a poll interval, as `subscribe` does.
    public func waitForEvents(beyond position: UInt64, timeout: Duration) {
        switch headSource {
        case .writer(let state):
            state.waitBlocking(beyond: position, timeout: timeout)
        case .directory:
            Thread.sleep(forTimeInterval: min(0.05, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18))
        }
    }

    /// True once the writer of this process closed the log: nothing more will arrive.
    public var isClosed: Bool {
        if case .writer(let state) = headSource { return state.isClosed }
        return false
    }

    private enum Stream {
        case sessions, traces

        var fileName: String { self == .sessions ? StreamFiles.sessions : StreamFiles.traces }
        var entries: SealedTrailer.Section { self == .sessions ? .sessions : .traces }
        var positions: SealedTrailer.Section { self == .sessions ? .sessionPositions : .tracePositions }
    }

    /// Follows the key's chain through the sealed segments that hold it, then adds the
    /// active segments' positions: only the blocks holding the key's events are read, and
    /// those of a sealed segment read before are not read again (`SealedStreamCache`).
    private func events(key: LogUUID, stream: Stream, before end: UInt64) throws(LogbookError) -> [RecordedEvent] {
        let head = try head()
        let limit = min(end, head)
        let streamDirectory = try StreamDirectory.open(path: joinPath(directory, stream.fileName), io: io, cache: catalog.streamRuns)
        // A segment the directory covers is sealed on disk; if the catalog still lists it as
        // active, a seal finished a moment ago: look again.
        var raws = catalog.rawSegments()
        if raws.contains(where: { $0.base < streamDirectory.coveredEnd }) {
            try catalog.refresh()
            raws = catalog.rawSegments()
        }
        var chainStart: UInt64?
        for base in catalog.sealedBases(from: streamDirectory.coveredEnd).reversed() {
            if case .sealed(let segment)? = try catalog.segment(base: base), try segment.streamEntry(key, section: stream.entries) != nil {
                chainStart = base
                break
            }
        }
        if chainStart == nil { chainStart = try streamDirectory.lookup(key)?.newestSegment }
        var sealedParts: [[RecordedEvent]] = []
        var visited = Set<UInt64>()
        var cursor = chainStart
        while let base = cursor, base != StreamEntry.noPrevious {
            guard case .sealed(let segment)? = try catalog.segment(base: base),
                  let part = try sealedPart(key, stream: stream, in: segment, withEvents: base < limit)
            else {
                throw .corruption("the \(stream) index points to segment \(base), which does not hold \(key)", path: streamDirectory.path, offset: 0)
            }
            visited.insert(base)
            if let last = part.events.last, last.position >= limit {
                sealedParts.append(part.events.filter { $0.position < limit })
            } else {
                sealedParts.append(part.events)
            }
            cursor = part.previousSegment
        }
        var events = sealedParts.reversed().flatMap { $0 }
        // The active segments as they were listed above; one sealed since was read through
        // its chain already and is skipped.
        for (base, reader) in raws where !visited.contains(base) {
            try reader.extend(limit: head)
            let positions = (stream == .sessions ? reader.positions(session: key) : reader.positions(trace: key)).filter { $0 < limit }
            events += try reader.events(at: positions)
        }
        return events
    }

    /// The key's events in a sealed segment (none without `withEvents`: only the chain link
    /// is wanted) and the previous segment holding it; nil when the segment does not hold it.
    private func sealedPart(
        _ key: LogUUID, stream: Stream, in segment: SealedSegment, withEvents: Bool
    ) throws(LogbookError) -> SealedStreamCache.Part? {
        let cacheKey = SealedStreamCache.Key(segment: segment.basePosition, fileCRC: segment.trailer.fileCRC, isTrace: stream == .traces, id: key)
        if let part = streamCache.part(cacheKey) { return part }
        guard let entry = try segment.streamEntry(key, section: stream.entries) else { return nil }
        guard withEvents else { return SealedStreamCache.Part(previousSegment: entry.previousSegment, events: []) }
        let part = SealedStreamCache.Part(
            previousSegment: entry.previousSegment, events: try segment.events(at: segment.positions(of: entry, in: stream.positions)))
        streamCache.insert(part, for: cacheKey)
        return part
    }

    private func read(_ positions: [UInt64], from segment: SegmentCatalog.Segment?) throws(LogbookError) -> [RecordedEvent] {
        guard !positions.isEmpty else { return [] }
        switch segment {
        case .sealed(let sealed)?: return try sealed.events(at: positions)
        case .raw(let reader)?: return try reader.events(at: positions)
        case nil: return []
        }
    }
}

/// The names of the log-wide stream directories and the writer's small files.
enum StreamFiles {
    static let sessions = "sessions.idx"
    static let traces = "traces.idx"
}

enum CheckpointFile {
    static let name = "CHECKPOINT"
}
