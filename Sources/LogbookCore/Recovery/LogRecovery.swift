import Logging
#if canImport(Glibc)
import Glibc
#endif

/// What opening a log found and did, for the caller to report.
public struct RecoveryReport: Sendable, Equatable {
    /// Bytes cut from the end of the active segment (a torn batch that was never acknowledged).
    public var truncatedBytes = 0
    /// Complete groups that followed the damage and were cut with it: only under a policy
    /// that acknowledges before syncing, past its checkpoint, where writeback can leave a hole.
    public var truncatedGroups = 0
    /// The segment and byte offset of the cut, and why the bytes there were invalid.
    public var truncatedSegment: String?
    public var truncatedOffset: Int?
    public var truncationReason: String?
    /// Segments that a crash left unsealed and that opening sealed.
    public var sealedOnOpen: [UInt64] = []
    /// Bytes of the active segment that recovery checksummed (the tail past the checkpoint).
    public var verifiedBytes = 0
    /// Whether the session and trace directories had to be brought up to date.
    public var directoriesCaughtUp = false
}

/// Brings a log directory to a consistent state before the writer starts: removes the
/// leftovers of an interrupted seal, brings the session and trace directories up to the
/// sealed segments, seals segments a crash left behind, and cuts a torn batch off the
/// active segment's tail. It reads only the newest segments, so it takes the same time
/// whatever the number of sealed segments.
struct LogRecovery {
    let directory: String
    let options: LogOptions
    let logger: Logger
    var io: SystemIO { options.io }

    struct Outcome {
        var active: LogFile
        var activeIndex: ActiveSegmentIndex
        /// Segments before the active one that could not be sealed now (a full disk): the
        /// writer keeps their ids and hands them to its sealer, which retries.
        var unsealed: [(file: LogFile, index: ActiveSegmentIndex)] = []
        var report: RecoveryReport
    }

    func recover() throws(LogbookError) -> Outcome {
        var report = RecoveryReport()
        for name in try io.listDirectory(directory) where name.hasSuffix(".sealing") || name.hasSuffix(".tmp") {
            try io.unlink(joinPath(directory, name))
        }
        var bases = try io.listDirectory(directory).compactMap(SegmentName.base(of:)).sorted()
        try dropTornNewestSegment(&bases)

        var raws: [UInt64] = []
        for base in bases.reversed() {
            guard try SegmentCatalog.kind(of: path(base), io: io) == .active else { break }
            raws.insert(base, at: 0)
        }
        let sealed = bases.filter { !raws.contains($0) }
        if try catchUpDirectories(sealedBases: sealed) { report.directoriesCaughtUp = true }

        // Each segment must start where the one before it ends (checked here for the unsealed
        // ones, whose ends are known only after a scan; `verify` checks them all).
        var previousEnd = try sealed.last.map { base throws(LogbookError) in try SealedSegment(path: path(base), io: io).endPosition }
        raws = try droppingStraySegments(raws, previousEnd: previousEnd)
        let sealer = SegmentSealer(directory: directory, io: io)
        var unsealed: [(file: LogFile, index: ActiveSegmentIndex)] = []
        for base in raws.dropLast() {
            try checkFollowsOn(base, previousEnd: previousEnd)
            if unsealed.isEmpty {
                logger.notice("sealing segment a crash left unsealed", metadata: ["segment": "\(SegmentName.fileName(base: base))"])
                do {
                    let outcome = try sealer.seal(base: base, sessions: try openDirectory(StreamFiles.sessions), traces: try openDirectory(StreamFiles.traces))
                    report.sealedOnOpen.append(base)
                    previousEnd = outcome.endPosition
                    continue
                } catch where error.code == .io {
                    // Opening must not need more space than the log had: the writer's sealer retries.
                    logger.warning("could not seal a segment a crash left unsealed; it is sealed once space returns", metadata: [
                        "segment": "\(SegmentName.fileName(base: base))", "error": "\(error)",
                    ])
                }
            }
            let file = try LogFile(path: path(base), flags: O_RDONLY, io: io)
            var index = ActiveSegmentIndex(basePosition: base, tracksIDs: true)
            if case .invalid(let offset, let reason) = try index.scan(file) {
                throw .corruption("an unsealed segment before the active one is damaged: \(reason)", path: file.path, offset: offset)
            }
            unsealed.append((file, index))
            previousEnd = index.nextPosition
        }

        guard let activeBase = raws.last else {
            let start = previousEnd ?? 0
            let active = try Self.createActiveSegment(directory: directory, base: start, io: io)
            return Outcome(active: active, activeIndex: ActiveSegmentIndex(basePosition: start, tracksIDs: true), unsealed: unsealed, report: report)
        }
        try checkFollowsOn(activeBase, previousEnd: previousEnd)
        let active = try LogFile(path: path(activeBase), flags: O_RDWR, io: io)
        var index = ActiveSegmentIndex(basePosition: activeBase, tracksIDs: true)
        let checkpoint = Checkpoint.read(directory: directory, io: io)
        let verifyFrom = checkpoint?.verifiedEnd(ofSegment: activeBase) ?? 0
        let stop = try index.scan(active, verifyFrom: verifyFrom)
        let size = try active.size()
        report.verifiedBytes = max(0, size - max(verifyFrom, SegmentHeader.size))
        if case .invalid(let offset, let reason) = stop {
            if offset < verifyFrom {
                throw LogbookError(
                    code: .corruption,
                    message: "\(active.path) is damaged at byte \(offset) (\(reason)), below the checkpoint at byte \(verifyFrom): "
                        + "those bytes were acknowledged, so this is not a torn write and nothing was cut. Run `logbook verify` for a full report.",
                    path: active.path
                )
            }
            let following = try ActiveSegmentIndex.validFrames(in: active, after: offset)
            if let valid = following.first, checkpoint?.acknowledgesBeforeSync != true {
                throw LogbookError(
                    code: .corruption,
                    message: "\(active.path) is damaged at byte \(offset) (\(reason)), and valid batches follow at byte \(valid): "
                        + "this is not a torn write, so nothing was cut. Run `logbook verify` for a full report.",
                    path: active.path
                )
            }
            try active.truncate(to: offset)
            try active.syncAll()
            report.truncatedBytes = size - offset
            report.truncatedSegment = SegmentName.fileName(base: activeBase)
            report.truncatedOffset = offset
            report.truncationReason = reason
            report.truncatedGroups = following.count
            if following.isEmpty {
                logger.warning("cut a torn batch off the active segment", metadata: [
                    "segment": "\(SegmentName.fileName(base: activeBase))", "offset": "\(offset)", "bytes": "\(size - offset)", "reason": "\(reason)",
                ])
            } else {
                // Acknowledged before their sync and past the last sync's checkpoint: writeback
                // reached the disk out of order, and these groups were never promised durable.
                logger.warning("cut the unsynced end of the active segment: a hole left by writeback, and the complete groups after it", metadata: [
                    "segment": "\(SegmentName.fileName(base: activeBase))", "offset": "\(offset)", "bytes": "\(size - offset)",
                    "groups after the hole": "\(following.count)", "reason": "\(reason)",
                ])
            }
            // The scan may have indexed records of the batch it then rejected: index again.
            index = ActiveSegmentIndex(basePosition: activeBase, tracksIDs: true)
            _ = try index.scan(active, verifyFrom: verifyFrom)
        }
        return Outcome(active: active, activeIndex: index, unsealed: unsealed, report: report)
    }

    /// Creates the active segment starting at `base`: header written and synced under a
    /// temporary name, renamed into place, and the directory entry made durable, before any
    /// event goes into it. On a failure nothing is left under the segment's name (the temp
    /// file, if it cannot be removed now, is removed by the next open), so no segment ever
    /// claims positions that the previous one goes on filling.
    static func createActiveSegment(directory: String, base: UInt64, io: SystemIO) throws(LogbookError) -> LogFile {
        let path = joinPath(directory, SegmentName.fileName(base: base))
        let temporaryPath = path + ".tmp"
        guard !io.fileExists(path) else {
            throw .corruption("a segment for position \(base) exists already; the log cannot roll onto it", path: path, offset: 0)
        }
        var renamed = false
        do {
            try io.unlink(temporaryPath)
            let file = try LogFile(path: temporaryPath, flags: O_RDWR | O_CREAT | O_EXCL, io: io)
            try file.write(SegmentHeader(kind: .active, basePosition: base, createdAtMs: currentTimeMs()).encoded(), at: 0)
            try file.syncAll()
            try io.rename(temporaryPath, to: path)
            renamed = true
            try io.syncDirectory(directory)
            // Opened again by its name, so that messages about it name the segment.
            return try LogFile(path: path, flags: O_RDWR, io: io)
        } catch {
            try? io.unlink(renamed ? path : temporaryPath)
            try? io.syncDirectory(directory)
            throw error
        }
    }

    /// A crash while creating a segment can leave a file shorter than its header. It never
    /// held an event, so it is removed; a damaged header with data behind it is not touched.
    private func dropTornNewestSegment(_ bases: inout [UInt64]) throws(LogbookError) {
        guard let newest = bases.last else { return }
        let file = try LogFile(path: path(newest), flags: O_RDONLY, io: io)
        let header = try file.read(count: SegmentHeader.size, at: 0)
        if case .success = header.withUnsafeBytes({ SegmentHeader.parse($0) }) { return }
        guard try file.size() <= SegmentHeader.size else {
            throw .corruption("segment header is damaged and the segment holds data; run `logbook verify`", path: file.path, offset: 0)
        }
        logger.warning("removing a segment whose creation was interrupted", metadata: ["segment": "\(file.path)"])
        try io.unlink(file.path)
        try io.syncDirectory(directory)
        bases.removeLast()
    }

    /// Removes the empty unsealed segments that do not start where the segment before them
    /// ends: what a roll that failed after its rename leaves when the process dies before
    /// removing it (the writer went on in the old segment). They never held an event.
    private func droppingStraySegments(_ raws: [UInt64], previousEnd: UInt64?) throws(LogbookError) -> [UInt64] {
        var kept: [UInt64] = []
        for base in raws {
            let file = try LogFile(path: path(base), flags: O_RDONLY, io: io)
            if try file.size() <= SegmentHeader.size {
                var end = previousEnd
                if let before = kept.last {
                    var index = ActiveSegmentIndex(basePosition: before)
                    _ = try index.scan(LogFile(path: path(before), flags: O_RDONLY, io: io))
                    end = index.nextPosition
                }
                if let end, end != base {
                    logger.warning("removing an empty segment left by a failed roll", metadata: ["segment": "\(file.path)", "previous end": "\(end)"])
                    try io.unlink(file.path)
                    try io.syncDirectory(directory)
                    continue
                }
            }
            kept.append(base)
        }
        return kept
    }

    private func checkFollowsOn(_ base: UInt64, previousEnd: UInt64?) throws(LogbookError) {
        guard let previousEnd, base != previousEnd else { return }
        throw .corruption(
            "the segment starts at position \(base), but the one before it ends at position \(previousEnd)",
            path: path(base), offset: 0
        )
    }

    /// Adds to the session and trace directories every sealed segment they do not cover yet
    /// (normally none, or the ones being sealed at a crash), after removing the runs a seal
    /// or a merge cut short left unlisted; rebuilds a damaged directory from the footers.
    /// Reads the manifests and the runs' headers, never a whole directory.
    private func catchUpDirectories(sealedBases: [UInt64]) throws(LogbookError) -> Bool {
        var changed = false
        let sealer = SegmentSealer(directory: directory, io: io)
        for (name, section) in [(StreamFiles.sessions, SealedTrailer.Section.sessions), (StreamFiles.traces, .traces)] {
            let manifest = joinPath(directory, name)
            var current: StreamDirectory
            var rebuilding = false
            do throws(LogbookError) {
                current = try StreamDirectory.open(path: manifest, io: io)
            } catch where error.code == .corruption {
                logger.warning("rebuilding a damaged index from the sealed segments", metadata: ["index": "\(name)", "error": "\(error)"])
                try StreamDirectory.remove(path: manifest, io: io)
                current = try StreamDirectory.open(path: manifest, io: io)
                rebuilding = true
            }
            let missing = try current.removeUnlistedRuns()
            if !missing.isEmpty {
                logger.warning("rebuilding an index whose runs are missing from the sealed segments", metadata: ["index": "\(name)", "missing": "\(missing)"])
                try StreamDirectory.remove(path: manifest, io: io)
                current = try StreamDirectory.open(path: manifest, io: io)
                rebuilding = true
            }
            let unindexed = sealedBases.filter { $0 >= current.coveredEnd }
            var start = 0
            while start < unindexed.count {
                var segments: [SealedSegment] = []
                for base in unindexed[start..<min(start + BackgroundSealer.batchLimit, unindexed.count)] {
                    segments.append(try SealedSegment(path: path(base), io: io))
                }
                current = try sealer.add(segments, section: section, to: current)
                // A rebuild merges as it goes, so that lookups never face hundreds of runs;
                // a catch-up of one batch leaves merging to the writer's sealer.
                if rebuilding || unindexed.count > BackgroundSealer.batchLimit { current = try current.compacted() }
                start += segments.count
                changed = true
            }
        }
        return changed
    }

    private func openDirectory(_ name: String) throws(LogbookError) -> StreamDirectory {
        try StreamDirectory.open(path: joinPath(directory, name), io: io)
    }

    private func path(_ base: UInt64) -> String {
        joinPath(directory, SegmentName.fileName(base: base))
    }
}
