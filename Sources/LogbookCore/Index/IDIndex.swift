import Logging

/// The log-wide index of event ids over the sealed segments, LSM-style: sorted runs, each
/// with one Bloom filter, covering consecutive ranges of segments from position 0. Every
/// `fanOut` newly sealed segments become a run of level 0; every `fanOut` runs of one level
/// are merged into one of the next. An id lookup probes at most `fanOut - 1` runs per level
/// — about 20 filters at 16,000 segments, against 16,000 without the index — plus the
/// fewer than `fanOut` sealed segments not in a run yet.
///
/// Memory: the runs' filters (16 bits per indexed id, 2 bytes per stored event), read on the
/// first lookup and held in memory up to `filterMemoryLimit` bytes (32 MiB: the filters of
/// about 16 million events); the filters past it are probed on disk, one 64-byte block per
/// lookup, so a lookup costs at most one small read per run and memory stays bounded
/// whatever the size of the log. One open descriptor per run (at most `fanOut - 1` per
/// level: ~30 for a log of 10^10 events).
/// Derived data: missing or damaged runs are dropped and rebuilt from the sealed footers.
final class IDIndex: Sendable {
    static let fanOut = 8
    static let filterMemoryLimit = 32 << 20

    /// A run known by its file name, opened on its first lookup: opening a log reads nothing
    /// of the index.
    private final class Slot: Sendable {
        let path: String
        let level: Int
        let firstBase: UInt64
        let endPosition: UInt64
        private let opened: Locked<IDRun?>

        init(path: String, level: Int, firstBase: UInt64, endPosition: UInt64, run: IDRun? = nil) {
            self.path = path
            self.level = level
            self.firstBase = firstBase
            self.endPosition = endPosition
            opened = Locked(run)
        }

        func run(memory: FilterMemory, io: SystemIO) throws(LogbookError) -> IDRun {
            try opened.withLock { (run) throws(LogbookError) -> IDRun in
                if let run { return run }
                let loaded = try IDRun(path: path, memory: memory, io: io)
                run = loaded
                return loaded
            }
        }
    }

    let directory: String
    let io: SystemIO
    let logger: Logger
    let filterMemory: FilterMemory
    /// Ordered by position; they cover `0..<coveredEnd` without gaps.
    private let slots: Locked<[Slot]>

    init(directory: String, io: SystemIO, logger: Logger, filterMemory: FilterMemory = FilterMemory(limit: IDIndex.filterMemoryLimit)) throws(LogbookError) {
        self.directory = directory
        self.io = io
        self.logger = logger
        self.filterMemory = filterMemory
        var found: [Slot] = []
        for name in try io.listDirectory(directory) {
            guard let (level, first, end) = IDRun.parse(name: name) else { continue }
            found.append(Slot(path: joinPath(directory, name), level: level, firstBase: first, endPosition: end))
        }
        // A merge that stopped before removing its inputs leaves runs inside the new one.
        found.sort { ($0.firstBase, $1.endPosition) < ($1.firstBase, $0.endPosition) }
        var chain: [Slot] = []
        for slot in found {
            if slot.firstBase == (chain.last?.endPosition ?? 0) {
                chain.append(slot)
            } else {
                try io.unlink(slot.path)
            }
        }
        slots = Locked(chain)
    }

    /// Positions below this are in the runs.
    var coveredEnd: UInt64 { slots.withLock { $0.last?.endPosition ?? 0 } }
    var runCount: Int { slots.withLock { $0.count } }

    /// The runs, oldest first, each opened. A run that fails to open is dropped with the runs
    /// after it, and the runs before it are returned: their segments are then looked up one
    /// by one (they are past the runs' end) until the sealer indexes them again.
    func openRuns() throws(LogbookError) -> [IDRun] {
        var runs: [IDRun] = []
        for slot in slots.withLock({ $0 }) {
            do {
                runs.append(try slot.run(memory: filterMemory, io: io))
            } catch where error.code == .corruption {
                logger.warning("dropping a damaged id run; it is rebuilt from the sealed segments", metadata: ["run": "\(slot.path)"])
                let dropped = slots.withLock { slots -> [Slot] in
                    let kept = slots.prefix { $0.firstBase < slot.firstBase }
                    defer { slots = Array(kept) }
                    return Array(slots.dropFirst(kept.count))
                }
                for stale in dropped { try io.unlink(stale.path) }
                break
            }
        }
        return runs
    }

    /// The position of `id` when a run holds it, newest run first.
    func position(of id: LogUUID) throws(LogbookError) -> UInt64? {
        for run in try openRuns().reversed() {
            if let position = try run.position(of: id) { return position }
        }
        return nil
    }

    /// Adds the sealed segments past the runs to them once there are `fanOut` of them, then
    /// merges runs while a level holds `fanOut`. Called by the sealer after each seal.
    func catchUp(catalog: SegmentCatalog) throws(LogbookError) {
        let pending = catalog.sealedBases(from: coveredEnd)
        var start = 0
        while pending.count - start >= Self.fanOut {
            let bases = Array(pending[start..<(start + Self.fanOut)])
            var sources: [SortedIDReader] = []
            var end = bases[0]
            for base in bases {
                guard case .sealed(let segment)? = try catalog.segment(base: base) else {
                    throw .corruption("segment is listed as sealed but does not open as sealed", path: joinPath(directory, SegmentName.fileName(base: base)), offset: 0)
                }
                sources.append(segment.idReader())
                end = segment.endPosition
            }
            let run = try IDRun.write(merging: sources, level: 0, firstBase: bases[0], endPosition: end, directory: directory, memory: filterMemory, io: io)
            slots.withLock { $0.append(Slot(path: run.path, level: 0, firstBase: run.firstBase, endPosition: run.endPosition, run: run)) }
            start += Self.fanOut
            try mergeFullLevels()
        }
    }

    private func mergeFullLevels() throws(LogbookError) {
        while true {
            let current = slots.withLock { $0 }
            guard current.count >= Self.fanOut else { return }
            let tail = Array(current.suffix(Self.fanOut))
            let level = tail[0].level
            guard tail.allSatisfy({ $0.level == level }) else { return }
            var sources: [SortedIDReader] = []
            for slot in tail { sources.append(try slot.run(memory: filterMemory, io: io).reader()) }
            let merged = try IDRun.write(
                merging: sources, level: level + 1, firstBase: tail[0].firstBase,
                endPosition: tail[tail.count - 1].endPosition, directory: directory, memory: filterMemory, io: io
            )
            slots.withLock { $0 = Array($0.dropLast(Self.fanOut)) + [Slot(path: merged.path, level: merged.level, firstBase: merged.firstBase, endPosition: merged.endPosition, run: merged)] }
            for slot in tail { try io.unlink(slot.path) }
        }
    }
}
