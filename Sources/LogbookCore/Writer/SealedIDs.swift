/// The ids of the sealed segments as one group commit looks them up: the id index's runs and
/// the sealed segments past them, gathered once per group. Gathering them for every id took
/// a lock per run and a walk of the segment list, a cost per append that grew with the log.
///
/// Right for the whole group: the writer drops a segment's own id table only between groups,
/// once the segment list shows it sealed, so a segment the sealer finishes meanwhile is still
/// looked up in the writer's tables; runs merged away meanwhile stay readable through their
/// open files.
struct SealedIDs {
    /// Newest first: a retried event is most likely recent.
    private let segments: [SealedSegment]
    private let runs: [IDRun]

    init(catalog: SegmentCatalog, index: IDIndex) throws(LogbookError) {
        let runs = try index.openRuns()
        var segments: [SealedSegment] = []
        for base in catalog.sealedBases(from: runs.last?.endPosition ?? 0).reversed() {
            if case .sealed(let segment)? = try catalog.segment(base: base) { segments.append(segment) }
        }
        self.segments = segments
        self.runs = runs.reversed()
    }

    func position(of id: LogUUID) throws(LogbookError) -> UInt64? {
        for segment in segments {
            if let position = try segment.position(ofID: id) { return position }
        }
        for run in runs {
            if let position = try run.position(of: id) { return position }
        }
        return nil
    }
}
