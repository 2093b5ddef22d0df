import Dispatch

/// A sealed block read and decompressed on another thread while the caller works through
/// the one before it: a scan then costs the larger of the two, not their sum.
final class PrefetchedBlock: @unchecked Sendable {
    // Written once by the worker before `done` is signalled, read after the wait.
    private var result: Result<[UInt8], LogbookError>?
    private let done = DispatchSemaphore(value: 0)

    init(_ block: BlockEntry, of segment: SealedSegment) {
        DispatchQueue.global().async { [self] in
            result = Result { () throws(LogbookError) -> [UInt8] in try segment.blockRecords(block) }
            done.signal()
        }
    }

    /// The block's records, once they are ready.
    func wait() throws(LogbookError) -> [UInt8] {
        done.wait()
        return try result!.get()
    }
}
