/// Whether the read models that answer queries can answer, and how far behind the log they
/// are: what `logbook query health` prints and `/readyz` weighs, for either backend.
public struct ReadModelHealth: Codable, Sendable, Equatable {
    public enum Backend: String, Codable, Sendable {
        case sqlite, postgresql
    }

    public var backend: Backend
    /// Whether the backend answered; `error` says why not.
    public var reachable: Bool
    public var error: String?
    /// The log's durable head: the position the next event will get.
    public var head: UInt64
    /// Each projector's checkpoint (in PostgreSQL, this node's); empty when unreachable.
    public var projectors: [ProjectorCheckpoint]
    /// Events the furthest-behind projector has yet to apply (the head itself when nothing
    /// is projected yet, or the backend cannot say).
    public var lag: UInt64

    public enum CodingKeys: String, CodingKey {
        case backend, reachable, error, head, projectors, lag
    }
}

extension LogbookStore {
    /// The health of `queries` (`backend`) against this store's log. A backend that fails to
    /// answer is reported unreachable, not thrown: the answer is what a health check wants.
    public func readModelHealth(
        of queries: @Sendable () async throws -> any ReadModelQueries, backend: ReadModelHealth.Backend
    ) async throws -> ReadModelHealth {
        let head = try reader.head()
        do {
            let projectors = try await queries().checkpoints()
            return ReadModelHealth(
                backend: backend, reachable: true, error: nil, head: head, projectors: projectors, lag: Self.lag(head: head, projectors))
        } catch {
            return ReadModelHealth(backend: backend, reachable: false, error: "\(error)", head: head, projectors: [], lag: head)
        }
    }

    /// How many events below `head` the slowest projector has yet to apply.
    static func lag(head: UInt64, _ projectors: [ProjectorCheckpoint]) -> UInt64 {
        let slowest = projectors.map { UInt64(max($0.position + 1, 0)) }.min() ?? 0
        return head > slowest ? head - slowest : 0
    }
}
