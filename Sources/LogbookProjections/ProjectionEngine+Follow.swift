import Foundation
import LogbookCore
import Synchronization

extension ProjectionEngine {
    /// Catches up, then applies each new durable event as the log gets it, until the task is
    /// cancelled or the log closes; `onBatch` hears of each committed batch.
    ///
    /// The work runs on a thread of its own at a lower priority: SQLite blocks, and the
    /// projections must take neither the cooperative threads nor the cores from appends and
    /// requests in the same process (a server); under a burst they fall behind and catch up
    /// after it. While events stream in, a batch smaller than `batchSize` is followed by
    /// `pause`, so a busy log costs one transaction per pause rather than one per group
    /// commit; an event arriving on an idle log is applied as soon as it is durable.
    public func follow(
        pause: Duration = .milliseconds(20), onBatch: (@Sendable (_ events: Int, _ head: UInt64) -> Void)? = nil
    ) async throws {
        let stop = StopFlag()
        let engine = UncheckedEngine(engine: self)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                Thread {
                    // Named from inside: on Linux only the thread itself can name itself (top, perf).
                    Thread.current.name = "lb-projections"
                    lowerThreadPriority()
                    continuation.resume(with: Result { try engine.engine.followOnThisThread(pause: pause, stop: stop, onBatch: onBatch) })
                }.start()
            }
        } onCancel: {
            stop.set()
        }
    }

    private func followOnThisThread(pause: Duration, stop: StopFlag, onBatch: ((Int, UInt64) -> Void)?) throws {
        var next = try catchUp().head
        let pauseSeconds = Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18
        while !stop.isSet {
            let head = try reader.head()
            guard next < head else {
                if reader.isClosed { return }
                // Wakes at least once a second to see whether it was asked to stop.
                reader.waitForEvents(beyond: next, timeout: .seconds(1))
                continue
            }
            let events = try readBatch(from: next, until: head, limit: options.batchSize)
            guard let last = events.last else { continue }
            try apply(events.map(ProjectedEvent.init))
            next = last.position + 1
            onBatch?(events.count, next)
            if events.count < options.batchSize { Thread.sleep(forTimeInterval: pauseSeconds) }
        }
    }
}

/// Set once, from any thread, to end a loop on another.
private final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}

/// The engine handed to its follow thread: only that thread touches it until `follow` returns.
private struct UncheckedEngine: @unchecked Sendable {
    let engine: ProjectionEngine
}

/// Nice +10 for the calling thread (on Linux niceness is per thread, and `who` 0 is the
/// calling one): the scheduler gives the other threads of the process the cores first.
private func lowerThreadPriority() {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    #endif
}
