/// What `CHECKPOINT` records: how much of the active segment is synced and known good (so
/// recovery checksums only the rest), and whether the writer acknowledged appends before
/// syncing them (`interval`, `none`). Under those policies nothing past the checkpoint was
/// promised durable — `interval` checkpoints at every background sync — so page-cache
/// writeback that left a hole there followed by later groups is cut, not refused.
struct Checkpoint: Equatable {
    var segmentBase: UInt64
    var offset: Int
    var acknowledgesBeforeSync: Bool

    /// The checkpoint in `directory`, or nil when absent or damaged. A file of two values
    /// (an older writer) counts as `always`.
    static func read(directory: String, io: SystemIO) -> Checkpoint? {
        let file = SmallRecordFile(path: joinPath(directory, CheckpointFile.name))
        if let values = file.read(count: 3, io: io) {
            return Checkpoint(segmentBase: values[0], offset: Int(values[1]), acknowledgesBeforeSync: values[2] != 0)
        }
        return file.read(count: 2, io: io).map { Checkpoint(segmentBase: $0[0], offset: Int($0[1]), acknowledgesBeforeSync: false) }
    }

    func write(directory: String, io: SystemIO) throws(LogbookError) {
        try SmallRecordFile(path: joinPath(directory, CheckpointFile.name))
            .write([segmentBase, UInt64(offset), acknowledgesBeforeSync ? 1 : 0], durable: true, io: io)
    }

    /// Where recovery starts checksumming the segment at `base`.
    func verifiedEnd(ofSegment base: UInt64) -> Int {
        segmentBase == base ? offset : 0
    }
}
