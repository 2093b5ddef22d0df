import Dispatch
import Foundation

/// The single writer thread of a log. Appends from any number of tasks queue here; the
/// thread takes everything queued at once and commits it with one write and one sync
/// (group commit), so concurrent appenders share the cost of `fdatasync`.
final class LogWriter: Sendable {
    /// What the submitting tasks and the writer thread share.
    private final class Inbox: Sendable {
        struct State {
            var requests: [AppendRequest] = []
            var closing = false
        }

        let state = Locked(State())
        let wakeUp = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
    }

    private let inbox = Inbox()

    /// Starts the thread that owns `core` from here on.
    init(core: sending WriterCore, durability: LogOptions.Durability) {
        let interval: Int?
        if case .interval(let milliseconds) = durability { interval = max(1, milliseconds) } else { interval = nil }
        let tick = min(interval ?? 1000, 1000)
        let box = CoreBox(core)
        let inbox = inbox
        let thread = Thread {
            let core = box.core
            while true {
                _ = inbox.wakeUp.wait(timeout: .now() + .milliseconds(tick))
                let (requests, closing) = inbox.state.withLock { state in
                    defer { state.requests.removeAll(keepingCapacity: true) }
                    return (state.requests, state.closing)
                }
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

    func submit(_ request: AppendRequest) {
        let accepted = inbox.state.withLock { state -> Bool in
            guard !state.closing else { return false }
            state.requests.append(request)
            return true
        }
        if accepted {
            inbox.wakeUp.signal()
        } else {
            request.complete(.failure(.closed("the log is closed; open it again to append")))
        }
    }

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
