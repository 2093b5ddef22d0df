/// A segment written by this writer (or found active at open) that is not sealed yet:
/// what the sealed indexes will know of it once it is.
struct UnsealedSegment {
    var base: UInt64
    /// The segment's file as the writer opened it (still the active form after a seal renames it).
    var file: LogFile
    var ids = IDTable()
    var sessionCounts: [LogUUID: UInt64] = [:]
    /// Its batch frames, so the event at a position can be read back to compare a retry with.
    var batches: [ActiveSegmentIndex.Batch] = []

    /// The frame holding `position`, by binary search.
    func batch(containing position: UInt64) -> ActiveSegmentIndex.Batch? {
        var low = 0
        var high = batches.count
        while low < high {
            let mid = (low + high) / 2
            if position < batches[mid].basePosition {
                high = mid
            } else if position >= batches[mid].basePosition + UInt64(batches[mid].count) {
                low = mid + 1
            } else {
                return batches[mid]
            }
        }
        return nil
    }
}
