import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The segments of a log directory as a reader sees them, in position order. Sealed
/// segments are opened on first use, so opening a log costs the same whatever its size,
/// and at most `openSealedLimit` stay open (least recently used closed first): the file
/// descriptors of a catalog are that many, plus its active segments.
final class SegmentCatalog: Sendable {
    static let openSealedLimit = 64

    enum Segment {
        case sealed(SealedSegment)
        case raw(ActiveSegmentReader)
    }

    private enum Slot {
        case unopenedSealed
        case sealed(SealedSegment)
        case raw(ActiveSegmentReader)
    }

    let directory: String
    let io: SystemIO
    /// The session and trace directories' runs this log handle has open.
    let streamRuns = StreamRunCache()
    private let slots = Locked<(bases: [UInt64], slots: [UInt64: Slot], recentlyUsed: [UInt64])>(([], [:], []))
    /// Held for a whole refresh: the writer and the sealer refresh concurrently, and a
    /// refresh built from an older listing must not overwrite a newer one.
    private let refreshing = NSLock()

    init(directory: String, io: SystemIO) throws(LogbookError) {
        self.directory = directory
        self.io = io
        try refresh()
    }

    /// Re-lists the directory: picks up new segments and segments sealed since the last look.
    func refresh() throws(LogbookError) {
        refreshing.lock()
        defer { refreshing.unlock() }
        try relist()
    }

    private func relist() throws(LogbookError) {
        let names = try io.listDirectory(directory)
        let bases = names.compactMap(SegmentName.base(of:)).sorted()
        if try isUnchanged(bases) { return }
        let known = slots.withLock { $0.slots }
        var updated: [UInt64: Slot] = [:]
        // Segments are sealed oldest first, so once one is sealed all older ones are too.
        var sawSealed = false
        for base in bases.reversed() {
            if let slot = known[base] {
                switch slot {
                case .unopenedSealed, .sealed:
                    updated[base] = slot
                    sawSealed = true
                    continue
                case .raw:
                    break
                }
            }
            if sawSealed {
                updated[base] = .unopenedSealed
                continue
            }
            let path = joinPath(directory, SegmentName.fileName(base: base))
            // Kind and reader come from one descriptor: a seal may rename over the path meanwhile.
            let file = try LogFile(path: path, flags: O_RDONLY, io: io)
            if base == bases.last, try file.size() < SegmentHeader.size {
                // The writer is creating this segment right now; it holds no event yet.
                continue
            }
            switch try Self.kind(of: file) {
            case .sealed:
                updated[base] = .unopenedSealed
                sawSealed = true
            case .active:
                if case .raw(let reader)? = known[base] {
                    updated[base] = .raw(reader)
                } else {
                    updated[base] = .raw(ActiveSegmentReader(file: file, basePosition: base))
                }
            }
        }
        slots.withLock { state in
            state.bases = bases.filter { updated[$0] != nil }
            state.slots = updated
            state.recentlyUsed.removeAll { base in
                if case .sealed? = updated[base] { return false }
                return true
            }
        }
    }

    /// True when `bases` are the segments listed last time and none listed as active was
    /// sealed since: nothing to reopen. A reader in another process relists on every read,
    /// and reopening each active segment to look at its header was a tenth of a session read.
    /// A seal renames the sealed file over the active one, which unlinks the file this
    /// catalog holds open (and, held open, its inode cannot be reused by another file).
    private func isUnchanged(_ bases: [UInt64]) throws(LogbookError) -> Bool {
        let (listed, active) = slots.withLock { state in
            (state.bases, state.slots.values.compactMap { slot -> ActiveSegmentReader? in
                if case .raw(let reader) = slot { return reader }
                return nil
            })
        }
        guard listed == bases else { return false }
        for reader in active where try !reader.file.isLinked() { return false }
        return true
    }

    var bases: [UInt64] { slots.withLock { $0.bases } }

    /// How many sealed segments are open now (at most `openSealedLimit`).
    var openSealedCount: Int {
        slots.withLock { state in state.slots.values.count { if case .sealed = $0 { true } else { false } } }
    }

    /// The active segments listed now, oldest first.
    func rawSegments() -> [(base: UInt64, reader: ActiveSegmentReader)] {
        slots.withLock { state in
            state.bases.compactMap { base in
                if case .raw(let reader)? = state.slots[base] { return (base, reader) }
                return nil
            }
        }
    }

    /// The segment starting at `base`, opening it if needed.
    func segment(base: UInt64) throws(LogbookError) -> Segment? {
        let slot = slots.withLock { $0.slots[base] }
        switch slot {
        case nil: return nil
        case .sealed(let segment):
            slots.withLock { state in
                if let index = state.recentlyUsed.lastIndex(of: base), index != state.recentlyUsed.count - 1 {
                    state.recentlyUsed.remove(at: index)
                    state.recentlyUsed.append(base)
                }
            }
            return .sealed(segment)
        case .raw(let reader): return .raw(reader)
        case .unopenedSealed:
            let segment = try SealedSegment(path: joinPath(directory, SegmentName.fileName(base: base)), io: io)
            guard segment.basePosition == base else {
                throw .corruption("trailer names base position \(segment.basePosition)", path: segment.path, offset: 0)
            }
            slots.withLock { state in
                guard case .unopenedSealed? = state.slots[base] else { return }
                state.slots[base] = .sealed(segment)
                state.recentlyUsed.append(base)
                // Callers still holding an evicted segment keep it open until they let go.
                while state.recentlyUsed.count > Self.openSealedLimit {
                    state.slots[state.recentlyUsed.removeFirst()] = .unopenedSealed
                }
            }
            return .sealed(segment)
        }
    }

    /// The bases of the segments that may hold positions in `range`.
    func bases(overlapping range: Range<UInt64>) -> [UInt64] {
        let all = bases
        var result: [UInt64] = []
        for (offset, base) in all.enumerated() {
            let end = offset + 1 < all.count ? all[offset + 1] : UInt64.max
            if base < range.upperBound && end > range.lowerBound { result.append(base) }
        }
        return result
    }

    /// Whether the list shows the segment at `base` as sealed.
    func isSealed(_ base: UInt64) -> Bool {
        slots.withLock { state in
            switch state.slots[base] {
            case .sealed?, .unopenedSealed?: true
            case .raw?, nil: false
            }
        }
    }

    /// Sealed segments that a stream directory covering up to `coveredEnd` does not know yet.
    func sealedBases(from coveredEnd: UInt64) -> [UInt64] {
        slots.withLock { state in
            // `bases` is sorted: only the suffix from `coveredEnd` is looked at, so the cost
            // is that of the segments past the id index, not of the whole log.
            var low = 0
            var high = state.bases.count
            while low < high {
                let mid = (low + high) / 2
                if state.bases[mid] < coveredEnd { low = mid + 1 } else { high = mid }
            }
            return state.bases[low...].filter { base in
                guard let slot = state.slots[base] else { return false }
                if case .raw = slot { return false }
                return true
            }
        }
    }

    static func kind(of path: String, io: SystemIO) throws(LogbookError) -> SegmentHeader.Kind {
        try kind(of: LogFile(path: path, flags: O_RDONLY, io: io))
    }

    static func kind(of file: LogFile) throws(LogbookError) -> SegmentHeader.Kind {
        let path = file.path
        let bytes = try file.read(count: SegmentHeader.size, at: 0)
        switch bytes.withUnsafeBytes({ SegmentHeader.parse($0) }) {
        case .success(let header): return header.kind
        case .failure(.newerFormat(let version)):
            throw LogbookError(code: .unsupported, message: "\(path) has format version \(version); this build reads up to \(SegmentHeader.formatVersion): upgrade logbook", path: path)
        case .failure:
            throw .corruption("segment header is damaged", path: path, offset: 0)
        }
    }
}
