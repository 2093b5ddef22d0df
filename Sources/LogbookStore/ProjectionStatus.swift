import LogbookCore

/// How far the read models are behind the log.
public struct ProjectionStatus: Codable, Sendable, Equatable {
    /// The log's durable head: the position the next event will get.
    public var head: UInt64
    public var projectors: [ProjectorCheckpoint]
    /// Events the furthest-behind projector has yet to apply (the head itself when nothing is
    /// projected yet).
    public var lag: UInt64

    public enum CodingKeys: String, CodingKey {
        case head, projectors, lag
    }
}

extension LogbookStore {
    /// The log's head beside each projector's checkpoint; every projector at `lag` 0 means
    /// queries see every durable event.
    public func projectionStatus() throws -> ProjectionStatus {
        let head = try reader.head()
        let projectors = (try? ReadModels(path: readModelsPath).checkpoints()) ?? []
        return ProjectionStatus(head: head, projectors: projectors, lag: Self.lag(head: head, projectors))
    }

    /// The store's read models, for queries.
    public func readModels() throws -> ReadModels {
        try ReadModels(path: readModelsPath)
    }

    /// A run's events counted by type, in order of first appearance, read from the log.
    public func eventTypeCounts(run: LogUUID) throws(LogbookError) -> [EventTypeCount] {
        var counts: [EventTypeCount] = []
        for event in try reader.events(trace: run) {
            if let index = counts.firstIndex(where: { $0.eventType == event.eventType }) {
                counts[index].count += 1
            } else {
                counts.append(EventTypeCount(eventType: event.eventType, count: 1))
            }
        }
        return counts
    }
}
