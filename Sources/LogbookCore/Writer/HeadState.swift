import Dispatch

/// The first position readers may see, shared between the writer and the readers and
/// subscribers of the same process. The writer publishes it only after the events before
/// it are durable (per the durability policy), so a subscriber never yields an event a
/// crash could take back.
final class HeadState: Sendable {
    private struct State {
        var head: UInt64
        var closed = false
        var nextWaiter = 0
        /// Who to wake once the head passes `after`: a suspended task or a blocked thread.
        var waiters: [Int: (after: UInt64, wake: @Sendable () -> Void)] = [:]
    }

    private let state: Locked<State>

    init(head: UInt64) {
        state = Locked(State(head: head))
    }

    var head: UInt64 { state.withLock { $0.head } }
    var isClosed: Bool { state.withLock { $0.closed } }

    func publish(_ head: UInt64) {
        let ready = state.withLock { state -> [@Sendable () -> Void] in
            state.head = head
            let due = state.waiters.filter { $0.value.after < head }
            for key in due.keys { state.waiters.removeValue(forKey: key) }
            return due.map(\.value.wake)
        }
        for wake in ready { wake() }
    }

    func close() {
        let all = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.wake)
        }
        for wake in all { wake() }
    }

    private func newWaiterID() -> Int {
        state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
    }

    /// Returns once the head moves past `position`, the log closes, or the task is cancelled.
    func wait(beyond position: UInt64) async {
        let id = newWaiterID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.head > position || state.closed || Task.isCancelled { return true }
                    state.waiters[id] = (position, { continuation.resume() })
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.wake()
        }
    }

    /// Blocks the calling thread until the head moves past `position`, the log closes, or
    /// `timeout` passes: for a thread of its own that must not hold a task's thread.
    func waitBlocking(beyond position: UInt64, timeout: Duration) {
        let id = newWaiterID()
        let woken = DispatchSemaphore(value: 0)
        let registered = state.withLock { state -> Bool in
            if state.head > position || state.closed { return false }
            state.waiters[id] = (position, { woken.signal() })
            return true
        }
        guard registered else { return }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        if woken.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
            state.withLock { _ = $0.waiters.removeValue(forKey: id) }
        }
    }
}
