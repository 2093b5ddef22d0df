/// The ids of the sealed segments as one group commit looks them up: the id index's runs and
/// the sealed segments past them, with their Bloom filters, gathered once per group. Gathered
/// for every id, they cost a lock per run and a walk of the segment list, a cost per append
/// that grew with the log; probed from here, a new id costs one cache line per filter.
///
/// Right for the whole group: the writer drops a segment's own id table only between groups,
/// once the segment list shows it sealed, so a segment the sealer finishes meanwhile is still
/// looked up in the writer's tables; runs merged away meanwhile stay readable through their
/// open files.
struct SealedIDs {
    /// Newest first: a retried event is most likely recent.
    private let segments: [(filter: BloomFilter, segment: SealedSegment)]
    /// A run's filter is nil when it is probed on disk (past the index's filter memory).
    private let runs: [(filter: BloomFilter?, run: IDRun)]

    init(catalog: SegmentCatalog, index: IDIndex) throws(LogbookError) {
        let runs = try index.openRuns()
        var segments: [(filter: BloomFilter, segment: SealedSegment)] = []
        for base in catalog.sealedBases(from: runs.last?.endPosition ?? 0).reversed() {
            if case .sealed(let segment)? = try catalog.segment(base: base) { segments.append((try segment.idFilter(), segment)) }
        }
        var probes: [(filter: BloomFilter?, run: IDRun)] = []
        for run in runs.reversed() { probes.append((try run.memoryFilter(), run)) }
        self.segments = segments
        self.runs = probes
    }

    /// For each of `ids`, whether a sealed segment or run may hold it (false is certain):
    /// each filter probed for all the ids in turn, the hashes made once, so that a filter's
    /// probes overlap in memory rather than wait one by one. A run whose filter is on disk
    /// (past the index's filter memory) may hold any id.
    func mayHold(_ ids: [LogUUID]) -> [Bool] {
        var maybe = [Bool](repeating: runs.contains { $0.filter == nil }, count: ids.count)
        guard !maybe.allSatisfy({ $0 }) else { return maybe }
        let hashes = ids.map(\.mixedHash)
        for (filter, _) in segments { filter.markMayContain(hashes: hashes, in: &maybe) }
        for (filter, _) in runs { filter?.markMayContain(hashes: hashes, in: &maybe) }
        return maybe
    }

    func position(of id: LogUUID) throws(LogbookError) -> UInt64? {
        for (filter, segment) in segments where filter.mayContain(id) {
            if let position = try segment.searchID(id) { return position }
        }
        for (filter, run) in runs {
            if let filter {
                guard filter.mayContain(id) else { continue }
                if let position = try run.search(id) { return position }
            } else if let position = try run.position(of: id) {
                return position
            }
        }
        return nil
    }
}
