import Logging
import LogbookCore
import LogbookStore
import NIOCore
import ServiceLifecycle
import Synchronization

/// The newest events of the log for every SSE client of the server. One task follows the log
/// and renders each event, once it is durable, into an SSE frame kept in a ring of the newest
/// `capacity`; every client takes the frames its filter passes. So a hundred clients cost one
/// read and one rendering per event, not a hundred. A client that starts further back, or falls
/// behind the ring, reads pages of the log itself until it reaches the ring: none misses or
/// repeats a position. While no client is attached nothing is followed or rendered (it was a
/// tenth of the server's CPU under appends); the first client to attach restarts the ring at
/// the head, and reads what came before from the log.
final class LiveEvents: Service, Sendable {
    /// One event as an SSE frame, with what the filters look at.
    struct Frame: Sendable {
        let position: UInt64
        let type: String
        let session: LogUUID?
        let trace: LogUUID
        let bytes: ByteBuffer

        init(_ event: RecordedEvent) {
            var frame = Array("id: \(event.position)\nevent: event\ndata: ".utf8)
            event.appendJSON(to: &frame)
            frame += [0x0A, 0x0A]
            position = event.position
            type = event.eventType
            session = event.sessionID
            trace = event.traceID
            bytes = ByteBuffer(bytes: frame)
        }

        func matches(_ query: EventQuery) -> Bool {
            query.matches(type: type, session: session, trace: trace)
        }
    }

    /// What the ring holds from a position on.
    enum Available {
        /// Frames from the position on (possibly none that match), and the position after them.
        case frames([Frame], next: UInt64)
        /// The position is older than the ring: read the log below `ringStart`.
        case behind(ringStart: UInt64)
        /// Nothing yet at the position; wait for it.
        case none
        /// The server is stopping: no more frames will come.
        case finished
    }

    private struct State {
        /// The frames of positions `start..<start + frames.count`, oldest first, in a ring
        /// buffer beginning at `first`.
        var frames: [Frame] = []
        var first = 0
        var start: UInt64
        var finished = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Clients attached now, and the follower waiting for the first one.
        var streams = 0
        var activation: CheckedContinuation<Void, Never>?

        var end: UInt64 { start + UInt64(frames.count) }
    }

    let store: LogbookStore
    let capacity: Int
    let logger: Logger
    private let state: Mutex<State>

    /// Starts the ring at the log's head now: older events are read from the log.
    init(store: LogbookStore, capacity: Int = 8192, logger: Logger) throws(LogbookError) {
        self.store = store
        self.capacity = capacity
        self.logger = logger
        state = Mutex(State(start: try store.reader.head()))
    }

    /// Follows the log into the ring while clients are attached, until graceful shutdown or
    /// the log's close; then wakes every waiting client.
    func run() async throws {
        defer { finish() }
        try await cancelWhenGracefulShutdown {
            while await self.firstStream() {
                var detached = false
                for try await event in self.store.reader.subscribe(from: try self.restartRing()) {
                    self.add(Frame(event))
                    if self.state.withLock({ $0.streams == 0 }) {
                        detached = true
                        break
                    }
                }
                if !detached { return }
            }
        }
    }

    /// A client's stream begins: the ring follows the log while any is attached.
    func attach() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.streams += 1
            defer { state.activation = nil }
            return state.activation
        }?.resume()
    }

    func detach() {
        state.withLock { $0.streams -= 1 }
    }

    /// Returns true once a client is attached; false when the task is cancelled first.
    private func firstStream() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.streams > 0 || Task.isCancelled { return true }
                    state.activation = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            return !Task.isCancelled
        } onCancel: {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.activation = nil }
                return state.activation
            }?.resume()
        }
    }

    /// Empties the ring and starts it at the head, which it returns: nothing was rendered
    /// while no client was attached, and positions below the head are read from the log.
    private func restartRing() throws(LogbookError) -> UInt64 {
        let head = try store.reader.head()
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.frames.removeAll(keepingCapacity: true)
            state.first = 0
            state.start = head
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        // Clients waiting past the old end look again: what they wait for is in the log now.
        for waiter in waiting { waiter.resume() }
        return head
    }

    private func add(_ frame: Frame) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.frames.count < capacity {
                state.frames.append(frame)
            } else {
                state.frames[state.first] = frame
                state.first = (state.first + 1) % capacity
                state.start += 1
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiting { waiter.resume() }
    }

    private func finish() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiting { waiter.resume() }
    }

    /// Up to `limit` frames from `position` on that `query` passes.
    func frames(from position: UInt64, matching query: EventQuery, limit: Int) -> Available {
        state.withLock { state in
            if position < state.start { return .behind(ringStart: state.start) }
            if position >= state.end { return state.finished ? .finished : .none }
            var selected: [Frame] = []
            var next = position
            while next < state.end, selected.count < limit {
                let frame = state.frames[(state.first + Int(next - state.start)) % max(state.frames.count, 1)]
                if frame.matches(query) { selected.append(frame) }
                next += 1
            }
            return .frames(selected, next: next)
        }
    }

    /// Returns once the ring holds `position`, the server stops, `timeout` passes, or the task
    /// is cancelled.
    func wait(for position: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(for: position) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func wait(for position: UInt64) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.end > position || state.finished || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Where one client's stream is: the next position to look at, and how many frames it
    /// may still send.
    struct Cursor: Sendable {
        let query: EventQuery
        var next: UInt64
        var remaining: Int

        init(_ query: EventQuery) {
            self.query = query
            next = query.from
            remaining = query.limit ?? .max
        }
    }

    /// The next frames for `cursor`: read from the log below the ring, or taken from it, or
    /// waited for up to `timeout` (empty then; the caller asks again). Nil once there will be no more: the
    /// limit is reached, or the server stops. The client pulls, so a slow one holds no more
    /// than one page, and falls back to reading the log when the ring has moved on.
    func next(_ cursor: inout Cursor, timeout: Duration) async throws -> [ByteBuffer]? {
        guard cursor.remaining > 0 else { return nil }
        let page = min(cursor.remaining, 256)
        switch frames(from: cursor.next, matching: cursor.query, limit: page) {
        case .frames(let frames, let after):
            cursor.next = after
            cursor.remaining -= frames.count
            return frames.map(\.bytes)
        case .behind(let ringStart):
            var query = cursor.query
            query.from = cursor.next
            query.limit = page
            let read = try await offLoop { [store, query] in try store.events(query, before: ringStart) }
            cursor.next = read.next
            cursor.remaining -= read.events.count
            return read.events.map { Frame($0).bytes }
        case .none:
            await wait(for: cursor.next, timeout: timeout)
            // Lets the frames of the next few milliseconds gather, so a busy log costs each
            // client a wake-up and a write per 20 ms rather than per event.
            try? await Task.sleep(for: .milliseconds(20))
            return []
        case .finished:
            return nil
        }
    }
}
