import Foundation
import LogbookCore

/// The log's events in batches, read and decoded for the projectors on a thread of their
/// own, at most `ahead` batches before the consumer: in a rebuild, reading and decoding were
/// a quarter of the time and folding and inserting the rest (perf), so on two cores they
/// overlap.
final class DecodedBatches: @unchecked Sendable {
    // `ready`, `done`, `failure` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [[ProjectedEvent]] = []
    private var done = false
    private var failure: (any Error)?
    private var stopped = false

    init(_ reader: LogReader, until head: UInt64, batchSize: Int, ahead: Int = 2) {
        Thread { [self] in
            var next: UInt64 = 0
            do {
                while next < head {
                    var batch: [ProjectedEvent] = []
                    batch.reserveCapacity(batchSize)
                    try reader.forEach(in: next..<min(head, next + UInt64(batchSize))) { event in
                        batch.append(ProjectedEvent(event))
                        return true
                    }
                    guard let last = batch.last else { break }
                    next = UInt64(last.position) + 1
                    condition.lock()
                    while ready.count >= ahead && !stopped { condition.wait() }
                    let keepGoing = !stopped
                    ready.append(batch)
                    condition.broadcast()
                    condition.unlock()
                    if !keepGoing { return }
                }
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
            condition.lock()
            done = true
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    /// The next batch; nil after the last. Rethrows what reading the log threw.
    func next() throws -> [ProjectedEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !done { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Lets the reading thread end when the consumer stops early.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
