import Foundation
import LogbookProjections
import NIOCore
import PostgresNIO
import Synchronization

/// What a rebuild's fold sends to the shadow schema, in order, from its own thread to the
/// connection: `COPY` chunks and the statements between them. The fold is synchronous and
/// the connection's writes are not; the fold waits when it is `room` steps ahead, so the
/// fold and the server's work overlap, one on each core, within bounded memory.
final class CopyFeed: Sendable {
    enum Step: Sendable {
        /// Rows of `table` as `COPY ... (FORMAT text)` data.
        case copy(table: String, columns: [String], data: ByteBuffer)
        /// A statement in PostgreSQL's dialect, with its arguments.
        case statement(String, [SQLValue])
    }

    let steps: AsyncThrowingStream<Step, any Error>
    private let continuation: AsyncThrowingStream<Step, any Error>.Continuation
    private let room: DispatchSemaphore
    private let roomSize: Int
    private let stopped = Atomic<Bool>(false)

    init(room: Int = 4) {
        (steps, continuation) = AsyncThrowingStream<Step, any Error>.makeStream()
        self.room = DispatchSemaphore(value: room)
        roomSize = room
    }

    /// Sends a step once there is room; throws `CancellationError` once the consumer stopped.
    func send(_ step: Step) throws {
        room.wait()
        guard !stopped.load(ordering: .acquiring) else { throw CancellationError() }
        continuation.yield(step)
    }

    /// Called by the consumer on taking each step, so the sender goes on.
    func took() { room.signal() }

    /// The last step was sent, or the fold failed with `error`.
    func finish(throwing error: (any Error)? = nil) {
        continuation.finish(throwing: error)
    }

    /// Lets the sender end when the consumer stops early.
    func stop() {
        stopped.store(true, ordering: .releasing)
        for _ in 0..<roomSize { room.signal() }
    }
}
