#if canImport(Glibc)
import Glibc
#endif

/// Cuts a damaged tail off the active segment — with the user's consent, since unlike the
/// torn write that opening cuts by itself, the bytes past the damage may hold acknowledged
/// events. It takes the writer lock, so no writer runs meanwhile, and it says exactly what
/// it drops. Damaged session and trace directories are removed, to be rebuilt from the
/// segments when the log is next opened for writing.
public struct LogRepair {
    /// What a repair would do.
    public struct Plan: Sendable, Equatable {
        public var segment: String
        /// Where the cut goes: the first byte that is not a valid batch.
        public var offset: Int
        public var droppedBytes: Int
        /// Events in batches after the damage that still pass their checksums: lost by the cut.
        public var droppedEvents: Int
        /// The first and last positions of those events, when there are any.
        public var droppedPositions: ClosedRange<UInt64>?
        public var reason: String
    }

    public let directory: String
    public let io: SystemIO

    public init(directory: String, io: SystemIO = SystemIO()) {
        self.directory = directory
        self.io = io
    }

    /// The cut the active segment needs, or nil when its tail is sound.
    public func plan() throws(LogbookError) -> Plan? {
        guard let base = try io.listDirectory(directory).compactMap(SegmentName.base(of:)).max() else { return nil }
        let name = SegmentName.fileName(base: base)
        let file = try LogFile(path: joinPath(directory, name), flags: O_RDONLY, io: io)
        guard try SegmentCatalog.kind(of: file) == .active else { return nil }
        var index = ActiveSegmentIndex(basePosition: base)
        guard case .invalid(let offset, let reason) = try index.scan(file) else { return nil }
        let size = try file.size()
        var dropped = 0
        var positions: ClosedRange<UInt64>?
        var cursor = offset
        while let next = try ActiveSegmentIndex.validFrame(in: file, after: cursor) {
            let header = try file.readExactly(count: BatchFrame.headerSize, at: next, what: "batch header")
            guard let frame = header.withUnsafeBytes({ BatchFrame.parseHeader($0) }) else { break }
            dropped += frame.count
            let last = frame.basePosition + UInt64(frame.count) - 1
            positions = (positions?.lowerBound ?? frame.basePosition)...last
            cursor = next + frame.totalSize - 1
        }
        return Plan(segment: name, offset: offset, droppedBytes: size - offset, droppedEvents: dropped, droppedPositions: positions, reason: reason)
    }

    /// Carries out `plan`: truncates and syncs the segment, and forgets the recovery checkpoint.
    /// The plan is made again under the writer lock and must be the same: a writer that ran
    /// since may have cut the tail itself and appended, and the old cut would drop that.
    public func apply(_ plan: Plan) throws(LogbookError) {
        let lock = try DirectoryLock(directory: directory, io: io)
        defer { lock.release() }
        guard try self.plan() == plan else {
            throw LogbookError(
                code: .changed,
                message: "the log changed since the repair was planned (a writer opened it meanwhile); nothing was cut: run `logbook verify --repair` again",
                path: joinPath(directory, plan.segment)
            )
        }
        let file = try LogFile(path: joinPath(directory, plan.segment), flags: O_RDWR, io: io)
        try file.truncate(to: plan.offset)
        try file.syncAll()
        try io.unlink(joinPath(directory, CheckpointFile.name))
        try io.syncDirectory(directory)
    }

    /// Rewrites, from their blocks, the footers of sealed segments whose trailer or footer
    /// sections fail their checksums. Returns the segments rebuilt; throws when a segment's
    /// blocks are damaged too (those events cannot be recovered from it).
    public func rebuildDamagedFooters() throws(LogbookError) -> [String] {
        let lock = try DirectoryLock(directory: directory, io: io)
        defer { lock.release() }
        let bases = try io.listDirectory(directory).compactMap(SegmentName.base(of:)).sorted()
        var rebuilt: [String] = []
        for (number, base) in bases.enumerated() {
            let path = joinPath(directory, SegmentName.fileName(base: base))
            guard try SegmentCatalog.kind(of: path, io: io) == .sealed, try !footerIsSound(path) else { continue }
            _ = try FooterRebuilder(directory: directory, io: io).rebuild(base: base, olderBases: Array(bases[..<number]))
            rebuilt.append(SegmentName.fileName(base: base))
        }
        return rebuilt
    }

    private func footerIsSound(_ path: String) throws(LogbookError) -> Bool {
        do {
            let segment = try SealedSegment(path: path, io: io)
            for section in SealedTrailer.Section.allCases { _ = try segment.checkedSection(section) }
            return true
        } catch where error.code == .corruption {
            return false
        }
    }

    /// Removes session or trace directories that fail their checks; the next writer rebuilds them.
    public func removeDamagedDirectories() throws(LogbookError) -> [String] {
        var removed: [String] = []
        for name in [StreamFiles.sessions, StreamFiles.traces] {
            let path = joinPath(directory, name)
            guard io.fileExists(path) else { continue }
            do {
                _ = try StreamDirectory.open(path: path, io: io, verify: true)
            } catch {
                try io.unlink(path)
                removed.append(name)
            }
        }
        return removed
    }
}
