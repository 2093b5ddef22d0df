/// The first position readers may see, shared between the writer and the readers and
/// subscribers of the same process. The writer publishes it only after the events before
/// it are durable (per the durability policy), so a subscriber never yields an event a
/// crash could take back.
final class HeadState: Sendable {
    private struct State {
        var head: UInt64
        var closed = false
        var nextWaiter = 0
        var waiters: [Int: (after: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    private let state: Locked<State>

    init(head: UInt64) {
        state = Locked(State(head: head))
    }

    var head: UInt64 { state.withLock { $0.head } }
    var isClosed: Bool { state.withLock { $0.closed } }

    func publish(_ head: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.head = head
            let due = state.waiters.filter { $0.value.after < head }
            for key in due.keys { state.waiters.removeValue(forKey: key) }
            return due.map(\.value.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    func close() {
        let all = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in all { continuation.resume() }
    }

    /// Returns once the head moves past `position`, the log closes, or the task is cancelled.
    func wait(beyond position: UInt64) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.head > position || state.closed || Task.isCancelled { return true }
                    state.waiters[id] = (position, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }
}
