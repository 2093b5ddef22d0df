import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The writer's state and the append path: group commit, idempotency, expected versions,
/// rolling. Confined to the writer thread (see `LogWriter`), so none of it
/// needs a lock.
final class WriterCore {
    let directory: String
    let options: LogOptions
    let catalog: SegmentCatalog
    let idIndex: IDIndex
    let head: HeadState
    let logger: Logger
    var io: SystemIO { options.io }

    private var active: LogFile
    private var activeBase: UInt64
    private var activeCreatedNanos = monotonicNanos()
    /// Bytes of the active segment that are written and acknowledged.
    private var activeEnd: Int
    private var syncedEnd: Int
    private var syncedPosition: UInt64
    private var lastCheckpoint: Int
    /// Opened at the first publish, and again after a failed open.
    private var headFile: HeadFile?
    private var nextPosition: UInt64
    /// The segments not sealed yet, the active one last.
    private var unsealed: [UnsealedSegment]
    /// Segments the sealer finished whose tables stay in `unsealed` until the segment list
    /// shows them sealed: until then `position(of:)` would find their ids nowhere else.
    private var sealedNotListed: [UInt64] = []
    /// Versions of recently used sessions; a bounded cache over the session directory plus
    /// the unsealed segments' counts.
    private var sessionVersions: [LogUUID: UInt64] = [:]
    /// The session directory as it was when `unsealed` last lost a segment: what it does not
    /// cover, `unsealed` still holds, so it stays right until then, without reading the
    /// manifest for every session met.
    private var sessionDirectory: StreamDirectory?
    private static let sessionCacheLimit = 100_000
    /// Set when a failed write could not be cut off the file; the next append retries the cut first.
    private var needsTruncate = false
    /// Set when a fault left the log in a state the writer must not append to; every later
    /// append fails with it, and the next open recovers from what is on disk.
    private var failure: LogbookError?
    let sealer: BackgroundSealer
    private var lastSyncNanos = monotonicNanos()
    private var lastRecordedAt: Int64 = 0

    init(directory: String, options: LogOptions, catalog: SegmentCatalog, head: HeadState, logger: Logger, recovered: LogRecovery.Outcome) throws(LogbookError) {
        self.directory = directory
        self.options = options
        self.catalog = catalog
        idIndex = try IDIndex(directory: directory, io: options.io, logger: logger)
        self.head = head
        self.logger = logger
        active = recovered.active
        activeBase = recovered.activeIndex.basePosition
        activeEnd = recovered.activeIndex.scannedEnd
        syncedEnd = activeEnd
        lastCheckpoint = activeEnd
        nextPosition = recovered.activeIndex.nextPosition
        syncedPosition = nextPosition
        unsealed = (recovered.unsealed + [(recovered.active, recovered.activeIndex)]).map { file, index in
            UnsealedSegment(
                base: index.basePosition, file: file, ids: IDTable(index.ids),
                sessionCounts: index.sessions.mapValues { UInt64($0.count) }, batches: index.batches
            )
        }
        sealer = BackgroundSealer(directory: directory, io: options.io, catalog: catalog, idIndex: idIndex, logger: logger)
        for pending in recovered.unsealed { sealer.enqueue(pending.index.basePosition) }
        lastRecordedAt = recovered.activeIndex.maxRecordedAtMs
        // What survived the last process is durable from here on, whatever the policy was.
        try active.syncData()
        publish(nextPosition)
        do { try writeCheckpoint() } catch {
            // Only a shortcut for the next recovery; opening must not need free space.
            logger.warning("could not record the checkpoint", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Group commit

    /// Appends every request that can be appended with one write and one sync, then
    /// completes each request with its own result or error.
    func process(_ requests: [AppendRequest]) {
        if let failure {
            for request in requests { request.complete(.failure(failure)) }
            return
        }
        dropSealedIDTables()
        var remaining = requests[...]
        while !remaining.isEmpty, failure == nil {
            remaining = commitGroup(remaining)
        }
        for request in remaining { request.complete(.failure(failure ?? .closed("the log stopped taking appends"))) }
        rollIfDue()
    }

    /// Stages as many of `requests` as fit in one batch frame, writes and syncs them as one
    /// frame, and completes each; returns the requests left for the next frame.
    ///
    /// One frame per group, not one per request: a crash can reorder the pages of a single
    /// write, and a later frame surviving an earlier one that reads back as zeros would look
    /// like damage before valid data. A torn group is one bad frame at the tail, cut whole.
    private func commitGroup(_ requests: ArraySlice<AppendRequest>) -> ArraySlice<AppendRequest> {
        var buffer = ByteWriter(capacity: min(Self.frameLimit, requests.reduce(0) { $0 + $1.events.reduce(0) { $0 + $1.payload.count + 160 } }))
        let frameStart = BatchFrame.begin(in: &buffer)
        var group = Group(overlay: Overlay(position: nextPosition, ids: IDTable(capacity: requests.reduce(0) { $0 + $1.events.count })))
        var staged: [(request: AppendRequest, result: AppendResult)] = []
        var next = requests.startIndex
        while next < requests.endIndex {
            let request = requests[next]
            var attempt = group
            let start = buffer.count
            do throws(LogbookError) {
                let result = try stage(request, into: &buffer, group: &attempt)
                if buffer.count - frameStart > Self.frameLimit {
                    guard staged.isEmpty else {
                        // Left for a frame of its own.
                        buffer.bytes.removeLast(buffer.count - start)
                        break
                    }
                    throw .invalidEvent("the batch encodes to \(buffer.count - frameStart) bytes, over the 4 GiB frame limit; split it", field: nil, event: EventLocation(index: 0))
                }
                group = attempt
                staged.append((request, result))
            } catch {
                buffer.bytes.removeLast(buffer.count - start)
                request.complete(.failure(error))
            }
            next += 1
        }
        let rest = requests[next...]
        guard !staged.isEmpty else { return rest }
        let count = Int(group.overlay.position - nextPosition)
        if count > 0 {
            BatchFrame.finish(
                in: &buffer, start: frameStart, count: count, basePosition: nextPosition,
                minTimestampMs: group.minTimestampMs, maxTimestampMs: group.maxTimestampMs
            )
            let frame = ActiveSegmentIndex.Batch(basePosition: nextPosition, offset: activeEnd, count: count, bodyLength: buffer.count - frameStart - BatchFrame.headerSize)
            do {
                try write(buffer)
            } catch {
                for entry in staged { entry.request.complete(.failure(error)) }
                return rest
            }
            unsealed[unsealed.count - 1].batches.append(frame)
        }
        let overlay = group.overlay
        nextPosition = overlay.position
        unsealed[unsealed.count - 1].ids.insert(contentsOf: overlay.ids)
        for (session, added) in overlay.added { unsealed[unsealed.count - 1].sessionCounts[session, default: 0] += added }
        if sessionVersions.count > Self.sessionCacheLimit { sessionVersions.removeAll(keepingCapacity: true) }
        sessionVersions.merge(overlay.versions) { _, new in new }
        switch options.durability {
        case .always:
            syncedPosition = nextPosition
            publish(syncedPosition)
        case .none:
            publish(nextPosition)
        case .interval:
            break
        }
        for entry in staged { entry.request.complete(.success(entry.result)) }
        return rest
    }

    /// The largest frame: its body length is a u32.
    private static let frameLimit = Int(UInt32.max)

    /// Ids and session versions of the events staged in this group but not yet written.
    struct Overlay {
        var position: UInt64
        var ids = IDTable()
        var versions: [LogUUID: UInt64] = [:]
        /// The sealed segments' ids, gathered at the group's first lookup.
        var sealed: SealedIDs?
        /// Events staged per session, for the active segment's counts.
        var added: [LogUUID: UInt64] = [:]
        /// The events staged, in position order from the group's first position.
        var staged: [EventDraft] = []
    }

    /// What the requests staged so far add to the group's frame.
    struct Group {
        var overlay: Overlay
        var minTimestampMs = Int64.max
        var maxTimestampMs = Int64.min
    }

    private func stage(_ request: AppendRequest, into buffer: inout ByteWriter, group: inout Group) throws(LogbookError) -> AppendResult {
        var outcomes: [AppendResult.Event] = []
        outcomes.reserveCapacity(request.events.count)
        var fresh: [Int] = []
        // An id repeated within the request is stored once: index → its first occurrence.
        var firstInRequest = IDTable(capacity: request.events.count > 1 ? request.events.count : 0)
        var repeats: [(index: Int, first: Int)] = []
        let maybeSealed = try sealedIDs(&group.overlay).mayHold(request.events.map(\.id))
        for (index, event) in request.events.enumerated() {
            let location = event.location ?? EventLocation(index: index)
            if request.events.count > 1 {
                if let first = firstInRequest[event.id].map({ Int($0) }) {
                    if let field = event.firstDifference(from: request.events[first]) {
                        throw .idConflict(event.id, position: nil, earlier: request.events[first].location ?? EventLocation(index: first), field: field, event: location)
                    }
                    repeats.append((index, first))
                    outcomes.append(.init(id: event.id, position: 0, sessionSeq: nil, isDuplicate: true))
                    continue
                }
                firstInRequest.insert(event.id, at: UInt64(index))
            }
            if let existing = try position(of: event.id, maybeSealed: maybeSealed[index], overlay: group.overlay) {
                if let field = try difference(event, fromEventAt: existing, overlay: group.overlay) {
                    throw .idConflict(event.id, position: existing, field: field, event: location)
                }
                outcomes.append(.init(id: event.id, position: existing, sessionSeq: nil, isDuplicate: true))
            } else {
                fresh.append(index)
                outcomes.append(.init(id: event.id, position: 0, sessionSeq: nil, isDuplicate: false))
            }
        }
        func result() -> AppendResult {
            for (index, first) in repeats { outcomes[index].position = outcomes[first].position }
            return AppendResult(events: outcomes)
        }
        for (session, expected) in request.expectations.sorted(by: { $0.key < $1.key }) {
            guard let first = fresh.first(where: { request.events[$0].sessionID == session }) else { continue }
            let actual = try version(of: session, overlay: group.overlay)
            if actual != expected {
                throw .wrongExpectedVersion(session: session, expected: expected, actual: actual, event: request.events[first].location ?? EventLocation(index: first))
            }
        }
        guard !fresh.isEmpty else { return result() }
        // The store clock never goes backwards, so cutting a session at a time is exact.
        let recordedAt = max(currentTimeMs(), lastRecordedAt)
        lastRecordedAt = recordedAt
        for index in fresh {
            let event = request.events[index]
            var sequence: UInt64 = 0
            if let session = event.sessionID {
                sequence = try version(of: session, overlay: group.overlay) + 1
                group.overlay.versions[session] = sequence
                group.overlay.added[session, default: 0] += 1
            }
            RecordCodec.encode(event, sessionSeq: sequence, recordedAtMs: recordedAt, into: &buffer)
            group.overlay.ids.insert(event.id, at: group.overlay.position)
            group.overlay.staged.append(event)
            outcomes[index].position = group.overlay.position
            outcomes[index].sessionSeq = event.sessionID == nil ? nil : sequence
            group.overlay.position += 1
            group.minTimestampMs = min(group.minTimestampMs, event.timestampMs)
            group.maxTimestampMs = max(group.maxTimestampMs, event.timestampMs)
        }
        return result()
    }

    /// Writes the group at the end of the active segment and syncs it per the policy. On a
    /// failure the bytes are cut off again, so the file never keeps what was not acknowledged.
    private func write(_ buffer: ByteWriter) throws(LogbookError) {
        if needsTruncate {
            try active.truncate(to: activeEnd)
            needsTruncate = false
        }
        do {
            try active.write(buffer.bytes, at: activeEnd)
            if options.durability == .always { try active.syncData() }
        } catch {
            do {
                try active.truncate(to: activeEnd)
            } catch {
                needsTruncate = true
            }
            throw error
        }
        activeEnd += buffer.count
        if options.durability == .always { syncedEnd = activeEnd }
    }

    // MARK: Durability and visibility

    /// For the `interval` policy: syncs what was written, once the interval has passed.
    func syncIfDue(intervalMs: Int) {
        guard monotonicNanos() - lastSyncNanos >= UInt64(intervalMs) * 1_000_000 else { return }
        syncIfNeeded()
    }

    /// Syncs what was written since the last sync. A failed sync is fatal for what it
    /// covered, as under `always`: on Linux a failed fdatasync can drop the dirty pages'
    /// error, so a retry would succeed without the data on disk. Those events are never
    /// published; they are cut off the file, and the writer stops taking appends (their
    /// ids and versions are in its tables) until the log is opened again.
    func syncIfNeeded() {
        lastSyncNanos = monotonicNanos()
        guard failure == nil, syncedEnd < activeEnd else { return }
        do {
            try active.syncData()
            syncedEnd = activeEnd
            syncedPosition = nextPosition
            publish(syncedPosition)
            // What readers may now see must never be taken for a torn write.
            if case .interval = options.durability, syncedEnd > lastCheckpoint {
                do { try writeCheckpoint() } catch {
                    logger.warning("could not record the checkpoint", metadata: ["error": "\(error)"])
                }
            }
        } catch {
            failure = .closed("the log stopped taking appends: syncing \(active.path) failed (\(error)), so the events acknowledged since the last sync may not be on disk and were dropped; open the log again")
            logger.critical("background sync failed; the unsynced events are dropped and appends stop", metadata: ["error": "\(error)"])
            do {
                try active.truncate(to: syncedEnd)
            } catch {
                logger.error("could not cut the unsynced events off the segment; the next open reads them back", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Makes `visible` the head for readers here (HeadState) and in other processes (HEAD).
    private func publish(_ visible: UInt64) {
        head.publish(visible)
        do {
            if headFile == nil { headFile = try HeadFile(directory: directory, io: io) }
            try headFile?.write(visible)
            if syncedEnd - lastCheckpoint >= options.checkpointBytes { try writeCheckpoint() }
        } catch {
            logger.warning("could not record the head for other processes", metadata: ["error": "\(error)"])
        }
    }

    /// Records how much of the active segment is synced and known good.
    private func writeCheckpoint() throws(LogbookError) {
        try Checkpoint(segmentBase: activeBase, offset: syncedEnd, acknowledgesBeforeSync: options.durability != .always).write(directory: directory, io: io)
        lastCheckpoint = syncedEnd
    }

    // MARK: Lookups

    /// `maybeSealed`: false when the sealed segments' filters rule the id out (`SealedIDs.mayHold`).
    private func position(of id: LogUUID, maybeSealed: Bool, overlay: Overlay) throws(LogbookError) -> UInt64? {
        if let staged = overlay.ids[id] { return staged }
        for entry in unsealed.reversed() {
            if let position = entry.ids[id] { return position }
        }
        return maybeSealed ? try overlay.sealed?.position(of: id) : nil
    }

    /// The sealed segments not in the id index yet (fewer than its fan-out, unless its
    /// merges fall behind), then the index, gathered at the group's first request.
    private func sealedIDs(_ overlay: inout Overlay) throws(LogbookError) -> SealedIDs {
        if let gathered = overlay.sealed { return gathered }
        let sealed = try SealedIDs(catalog: catalog, index: idIndex)
        overlay.sealed = sealed
        return sealed
    }

    /// The first field in which `event` differs from the event stored (or staged) at
    /// `position`, which holds the same id; nil when it is the same event.
    private func difference(_ event: EventDraft, fromEventAt position: UInt64, overlay: Overlay) throws(LogbookError) -> String? {
        if position >= nextPosition { return event.firstDifference(from: overlay.staged[Int(position - nextPosition)]) }
        guard let stored = try storedEvent(at: position), stored.id == event.id else {
            throw LogbookError(code: .corruption, message: "the id index puts event \(event.id) at position \(position), which does not hold it; run `logbook verify`")
        }
        return event.firstDifference(from: stored)
    }

    /// The event written at `position`, from the unsealed segment or the sealed one holding it.
    private func storedEvent(at position: UInt64) throws(LogbookError) -> RecordedEvent? {
        if let segment = unsealed.last(where: { $0.base <= position }), let batch = segment.batch(containing: position) {
            let body = try segment.file.readExactly(count: batch.bodyLength, at: batch.offset + BatchFrame.headerSize, what: "batch")
            var wanted = [position][...]
            var events: [RecordedEvent] = []
            try RecordRun(bytes: body, first: batch.basePosition, count: batch.count, path: segment.file.path, offset: batch.offset).collect(&wanted, into: &events)
            return events.first
        }
        for base in catalog.bases(overlapping: position..<(position + 1)) {
            if case .sealed(let segment)? = try catalog.segment(base: base) { return try segment.events(at: [position]).first }
        }
        return nil
    }

    private func version(of session: LogUUID, overlay: Overlay) throws(LogbookError) -> UInt64 {
        if let staged = overlay.versions[session] { return staged }
        if let known = sessionVersions[session] { return known }
        // The directory covers the sealed segments below `coveredEnd`; the unsealed segments
        // past it add their own counts. A segment sealed meanwhile is counted exactly once.
        let sessions: StreamDirectory
        if let cached = sessionDirectory {
            sessions = cached
        } else {
            sessions = try StreamDirectory.open(path: joinPath(directory, StreamFiles.sessions), io: io, cache: catalog.streamRuns)
            sessionDirectory = sessions
        }
        var found = try sessions.lookup(session)?.count ?? 0
        for segment in unsealed where segment.base >= sessions.coveredEnd {
            found += segment.sessionCounts[session] ?? 0
        }
        sessionVersions[session] = found
        return found
    }

    // MARK: Rolling and sealing

    /// Forgets the id tables and session counts of segments that are sealed and listed as
    /// sealed; the sealed footers and the session directory answer for them from then on.
    private func dropSealedIDTables() {
        sealedNotListed.append(contentsOf: sealer.takeSealed())
        guard !sealedNotListed.isEmpty else { return }
        if !sealedNotListed.allSatisfy(catalog.isSealed) {
            do { try catalog.refresh() } catch {
                logger.warning("could not refresh the segment list; the sealed segments' ids stay in memory", metadata: ["error": "\(error)"])
            }
        }
        let listed = sealedNotListed.filter(catalog.isSealed)
        guard !listed.isEmpty else { return }
        unsealed.removeAll { listed.contains($0.base) }
        sessionDirectory = nil
        sealedNotListed.removeAll { listed.contains($0) }
    }

    /// Rolls the active segment once it is full or old, and hands it to the sealer.
    func rollIfDue() {
        guard failure == nil else { return }
        let ageMs = Int64((monotonicNanos() - activeCreatedNanos) / 1_000_000)
        let hasEvents = activeEnd > SegmentHeader.size
        guard hasEvents, activeEnd >= options.segmentBytes || ageMs >= options.segmentAgeMs else { return }
        if options.durability != .always { syncIfNeeded() }
        guard syncedEnd == activeEnd || options.durability == .none else { return }
        let next: LogFile
        do {
            next = try LogRecovery.createActiveSegment(directory: directory, base: nextPosition, io: io)
        } catch {
            let stray = joinPath(directory, SegmentName.fileName(base: nextPosition))
            guard io.fileExists(stray) else {
                logger.error("could not roll the active segment; appends continue in it", metadata: ["error": "\(error)"])
                return
            }
            // A segment claims the next positions; appending on would hand them out twice.
            failure = .closed("the log stopped taking appends: a failed roll left \(stray), which could not be removed (\(error)); open the log again")
            logger.critical("could not roll the active segment nor remove the new one; appends stop", metadata: ["error": "\(error)"])
            return
        }
        sealer.enqueue(activeBase)
        active = next
        activeBase = nextPosition
        activeEnd = SegmentHeader.size
        syncedEnd = activeEnd
        lastCheckpoint = 0
        activeCreatedNanos = monotonicNanos()
        unsealed.append(UnsealedSegment(base: activeBase, file: next))
        do {
            try writeCheckpoint()
            try catalog.refresh()
        } catch {
            // The next checkpoint and the next reader refresh catch up.
            logger.warning("rolled, but could not record the checkpoint or refresh the segment list", metadata: ["error": "\(error)"])
        }
    }

    func close() {
        syncIfNeeded()
        // Everything written is acknowledged now: checkpoint it, so that damage to it is
        // never taken for a torn write by the next open or by `verify`.
        if failure == nil, syncedEnd > lastCheckpoint {
            do { try writeCheckpoint() } catch {
                logger.warning("could not record the checkpoint on close", metadata: ["error": "\(error)"])
            }
        }
        sealer.stop()
        head.close()
    }
}
