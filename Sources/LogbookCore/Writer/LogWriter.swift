import Dispatch
import Foundation

/// The single writer thread of a log. Appends from any number of tasks queue here; the
/// thread takes everything queued at once and commits it with one write and one sync
/// (group commit), so concurrent appenders share the cost of `fdatasync`.
///
/// The queue is bounded by `maxQueuedBytes` (payload bytes plus a record's overhead): past
/// it, requests wait in line, in order — an awaiting appender stays suspended, a caller of
/// the completion API is blocked — so a writer held up by a slow disk never gathers an
/// unbounded group in memory. A request is let in alone when the queue is empty, whatever
/// its size.
final class LogWriter: Sendable {
    /// What the submitting tasks and the writer thread share.
    private final class Inbox: Sendable {
        struct Waiting {
            var request: AppendRequest
            var bytes: Int
            /// Signalled when the request is let into the queue (blocking submitters only).
            var admitted: DispatchSemaphore?
        }

        struct State {
            var requests: [AppendRequest] = []
            var queuedBytes = 0
            var waiting: [Waiting] = []
            var closing = false
            var peakQueuedBytes = 0

            mutating func admit(_ request: AppendRequest, bytes: Int) {
                requests.append(request)
                queuedBytes += bytes
                peakQueuedBytes = max(peakQueuedBytes, queuedBytes)
            }

            func fits(_ bytes: Int, limit: Int) -> Bool {
                requests.isEmpty || queuedBytes + bytes <= limit
            }
        }

        let state = Locked(State())
        let wakeUp = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
    }

    private let inbox = Inbox()
    private let maxQueuedBytes: Int

    /// Starts the thread that owns `core` from here on.
    init(core: sending WriterCore, durability: LogOptions.Durability, maxQueuedBytes: Int) {
        self.maxQueuedBytes = maxQueuedBytes
        let interval: Int?
        if case .interval(let milliseconds) = durability { interval = max(1, milliseconds) } else { interval = nil }
        let tick = min(interval ?? 1000, 1000)
        let box = CoreBox(core)
        let inbox = inbox
        let thread = Thread {
            let core = box.core
            while true {
                _ = inbox.wakeUp.wait(timeout: .now() + .milliseconds(tick))
                let (requests, closing, admitted) = inbox.state.withLock { state in
                    let taken = state.requests
                    state.requests.removeAll(keepingCapacity: true)
                    state.queuedBytes = 0
                    // Let the waiting requests in, in order, as far as the bound allows.
                    var admitted: [DispatchSemaphore?] = []
                    var next = 0
                    while next < state.waiting.count, state.fits(state.waiting[next].bytes, limit: maxQueuedBytes) {
                        state.admit(state.waiting[next].request, bytes: state.waiting[next].bytes)
                        admitted.append(state.waiting[next].admitted)
                        next += 1
                    }
                    state.waiting.removeFirst(next)
                    return (taken, state.closing && state.requests.isEmpty && state.waiting.isEmpty, admitted)
                }
                for semaphore in admitted { semaphore?.signal() }
                if !admitted.isEmpty { inbox.wakeUp.signal() }
                if !requests.isEmpty { core.process(requests) }
                if let interval { core.syncIfDue(intervalMs: interval) }
                if requests.isEmpty { core.rollIfDue() }
                if closing && requests.isEmpty {
                    core.close()
                    inbox.stopped.signal()
                    return
                }
            }
        }
        thread.name = "logbook-writer"
        thread.start()
    }

    /// Queues `request`; with `blocking`, returns only once it is in the queue (the caller's
    /// thread waits while the queue is full), else it waits in line without blocking.
    func submit(_ request: AppendRequest, blocking: Bool) {
        let bytes = request.events.reduce(0) { $0 + $1.payload.count + RecordCodec.fixedSize }
        let maxQueuedBytes = maxQueuedBytes
        let outcome = inbox.state.withLock { state -> (accepted: Bool, wait: DispatchSemaphore?) in
            guard !state.closing else { return (false, nil) }
            if state.waiting.isEmpty, state.fits(bytes, limit: maxQueuedBytes) {
                state.admit(request, bytes: bytes)
                return (true, nil)
            }
            let semaphore = blocking ? DispatchSemaphore(value: 0) : nil
            state.waiting.append(Inbox.Waiting(request: request, bytes: bytes, admitted: semaphore))
            return (true, semaphore)
        }
        guard outcome.accepted else {
            request.complete(.failure(.closed("the log is closed; open it again to append")))
            return
        }
        inbox.wakeUp.signal()
        outcome.wait?.wait()
    }

    /// The most bytes the queue held at once (tests check the bound with it).
    var peakQueuedBytes: Int { inbox.state.withLock { $0.peakQueuedBytes } }

    /// Finishes what is queued, syncs, and stops the thread.
    func close() {
        let first = inbox.state.withLock { state -> Bool in
            defer { state.closing = true }
            return !state.closing
        }
        guard first else { return }
        inbox.wakeUp.signal()
        inbox.stopped.wait()
    }
}

/// Hands the writer's state to its thread. Safe because nothing else keeps a reference:
/// `LogWriter.init` takes the core as `sending`, and only the thread reads it afterwards.
private final class CoreBox: @unchecked Sendable {
    let core: WriterCore
    init(_ core: sending WriterCore) { self.core = core }
}
