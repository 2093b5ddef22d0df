import Foundation
import LogbookCore
import Synchronization

extension ProjectionEngine {
    /// Catches up, then applies each new durable event as the log gets it, until the task is
    /// cancelled or the log closes; `onCaughtUp` hears of the catch-up, `onBatch` of each
    /// committed batch after it.
    ///
    /// The work runs on a thread of its own at a lower priority: SQLite blocks, and the
    /// projections must take neither the cooperative threads nor the cores from appends and
    /// requests in the same process (a server); under a burst they fall behind and catch up
    /// after it. While events stream in, a batch smaller than `batchSize` is followed by
    /// `pause`, so a busy log costs one transaction per pause rather than one per group
    /// commit; an event arriving on an idle log is applied as soon as it is durable.
    public func follow(
        pause: Duration = .milliseconds(20), onCaughtUp: (@Sendable (CatchUpSummary) -> Void)? = nil,
        onBatch: (@Sendable (_ events: Int, _ head: UInt64) -> Void)? = nil
    ) async throws {
        let stop = StopFlag()
        let engine = UncheckedEngine(engine: self)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                Thread {
                    // Named from inside: on Linux only the thread itself can name itself (top, perf).
                    Thread.current.name = "lb-projections"
                    lowerThreadPriority()
                    continuation.resume(with: Result { try engine.engine.followOnThisThread(pause: pause, stop: stop, onCaughtUp: onCaughtUp, onBatch: onBatch) })
                }.start()
            }
        } onCancel: {
            stop.set()
        }
    }

    private func followOnThisThread(
        pause: Duration, stop: StopFlag, onCaughtUp: ((CatchUpSummary) -> Void)?, onBatch: ((Int, UInt64) -> Void)?
    ) throws {
        let caughtUp = try catchUp()
        onCaughtUp?(caughtUp)
        var next = caughtUp.head
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

/// Puts the calling thread in Linux's `SCHED_IDLE` class (scheduling is per thread there,
/// and pid 0 is the calling one): it runs when no request, append or sync wants a core, and
/// any of those that wakes takes the core from it at once. Nice +10, tried first, still took
/// a full time slice from a waking request: batches over HTTP ran at 0.75x of ingest with it
/// and at 0.88x with this (`scripts/bench-server.py`, medians of 3). A thread of this class
/// still gets a sliver of a busy core, so under load that never ends it falls behind
/// (`/readyz` reports the lag) rather than stopping.
private func lowerThreadPriority() {
    #if os(Linux)
    let idleClass: Int32 = 5  // SCHED_IDLE: <sched.h> declares it only under _GNU_SOURCE
    var parameters = sched_param(sched_priority: 0)
    _ = sched_setscheduler(0, idleClass, &parameters)
    #endif
}
